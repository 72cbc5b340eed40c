import { EventEmitter } from 'node:events';
import { join } from 'node:path';
import type { KioskStatus, Result } from '../common/contract.js';
import type { KioskConfig } from '../core/config/kiosk-config.js';
import { loadConfig } from '../core/config/load-config.js';
import { LogFile } from '../core/log-file.js';
import { createLogger, type Logger } from '../core/logger.js';
import { RpcRouter } from '../core/rpc/rpc-router.js';
import { bootKiosk, type BootedKiosk, type HostOptions } from './boot.js';
import { asStartupFault, faultRouter, faultStatus, type StartupFault } from './startup-fault.js';

export interface StartOptions extends Omit<HostOptions, 'logger' | 'logFile'> {
  /** While start-up fails with a retryable fault, how often to try again. Default 5 s. */
  retryMs?: number;
}

interface HostEvents {
  /** Start-up succeeded (at once or after retries). */
  booted: [BootedKiosk];
  /** The fault's status changed while not booted (the shells forward it to the screen). */
  status: [KioskStatus];
}

/**
 * What a shell runs: the kiosk, or — while start-up fails (damaged disk, read-only data dir, no space, bad
 * config) — a stand-in that serves the same contract with an out-of-service status carrying the fault's
 * code, logs the same text, and retries start-up until it works. `router` stays the same object
 * throughout, so a shell wires it once.
 */
export class KioskHost extends EventEmitter<HostEvents> {
  private booted: BootedKiosk | undefined;
  private fault: { fault: StartupFault; since: number } | undefined;
  private retryTimer: NodeJS.Timeout | undefined;
  private closed = false;
  private readonly faults: RpcRouter;
  readonly router: RpcRouter;

  private constructor(
    private readonly opts: StartOptions,
    readonly logger: Logger,
    private readonly logFile: LogFile,
    private config: KioskConfig | undefined,
  ) {
    super();
    this.faults = faultRouter(
      () => this.fault!,
      () => this.config,
    );
    const dispatch = (channel: string, args: unknown): Promise<Result<unknown>> =>
      (this.booted?.router ?? this.faults).dispatch(channel, args);
    // A router whose target switches from the fault stand-in to the kiosk once it starts.
    this.router = Object.assign(new RpcRouter(), { dispatch });
  }

  static async start(opts: StartOptions): Promise<KioskHost> {
    const logFile = new LogFile(join(opts.dataDir, 'gatepost.log'), { now: opts.now ?? Date.now });
    let config = opts.config;
    let configError: unknown;
    try {
      config ??= loadConfig(opts.dataDir);
    } catch (err) {
      configError = err;
    }
    const logger = createLogger({ file: logFile, level: config?.logLevel ?? 'info' });
    const host = new KioskHost(opts, logger, logFile, config);
    if (configError) host.failed(configError);
    else await host.tryBoot();
    return host;
  }

  /** The running kiosk, once start-up has succeeded. */
  get core(): BootedKiosk | undefined {
    return this.booted;
  }

  /** The start-up fault in force, if start-up has not succeeded yet. */
  get startupFault(): StartupFault | undefined {
    return this.fault?.fault;
  }

  /** The web shell's port from the config (0 when there is none yet). */
  get port(): number {
    return this.booted?.config.webShell.port ?? this.config?.webShell.port ?? 0;
  }

  /** The patron screen's status now (the kiosk's, or the fault's). */
  status(): KioskStatus {
    if (this.booted) return this.booted.kiosk.status();
    return faultStatus(this.fault!.fault, this.config);
  }

  /** Calls `listener` once the kiosk runs (at once if it already does). */
  onBooted(listener: (core: BootedKiosk) => void): void {
    if (this.booted) listener(this.booted);
    else this.once('booted', listener);
  }

  async close(): Promise<void> {
    this.closed = true;
    clearTimeout(this.retryTimer);
    await this.booted?.close();
    this.logger.flush();
    this.logFile.end();
  }

  private async tryBoot(): Promise<void> {
    if (this.closed) return;
    try {
      if (this.fault) this.config = this.opts.config ?? loadConfig(this.opts.dataDir);
      const core = await bootKiosk({ ...this.opts, logger: this.logger, logFile: this.logFile });
      if (this.closed) {
        await core.close();
        return;
      }
      this.logger.level = core.config.logLevel;
      if (this.fault)
        this.logger.warn({ code: this.fault.fault.code }, 'start-up fault cleared; the kiosk is starting');
      this.booted = core;
      this.fault = undefined;
      this.emit('booted', core);
    } catch (err) {
      this.failed(err);
    }
  }

  private failed(err: unknown): void {
    const fault = asStartupFault(err);
    const changed = this.fault?.fault.code !== fault.code || this.fault.fault.message !== fault.message;
    if (changed) {
      // The same code and text as the screen, so staff can match them.
      this.logger.error({ code: fault.code, retryable: fault.retryable }, fault.message);
      this.fault = { fault, since: this.fault?.since ?? (this.opts.now ?? Date.now)() };
      this.emit('status', this.status());
    }
    if (!fault.retryable || this.closed) return;
    this.retryTimer = setTimeout(() => void this.tryBoot(), this.opts.retryMs ?? 5000);
  }
}
