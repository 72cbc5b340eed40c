import { EventEmitter } from 'node:events';
import { join } from 'node:path';
import type { AdminStatus, KioskStatus, Result } from '../common/contract.js';
import { KioskConfig } from '../core/config/kiosk-config.js';
import { openDatabase, type Db } from '../core/journal/database.js';
import { createLogger, type Logger } from '../core/logger.js';
import { RpcRouter } from '../core/rpc/rpc-router.js';
import type { SecretCipher } from '../core/secrets/secret-cipher.js';
import type { SecretStore } from '../core/secrets/secret-store.js';
import { secureDataDir } from '../core/secrets/data-dir-permissions.js';
import { bootKiosk, type BootedKiosk, type HostOptions } from './boot.js';
import { DemoUnavailableError } from './demo.js';
import { resolveConfig, type ConfigState } from './config-state.js';
import { ConsoleAdmin } from './console-admin.js';
import {
  keyFileCipher,
  moveNfcKeysOutOfJournal,
  nfcKeysInStore,
  openSecretStore,
  setAsideSecretStore,
} from './secrets-setup.js';

/** What the shells hand a request to: the runtime's router follows restarts by itself. */
export interface RpcDispatcher {
  dispatch(channel: string, args: unknown): Promise<Result<unknown>>;
}

export interface RuntimeOptions extends Omit<
  HostOptions,
  'config' | 'demo' | 'gatekeeper' | 'nfcKeys' | 'logger'
> {
  /** No config.json: the built-in demo (default) or, false, the "not configured" screen. */
  demo?: boolean;
  /** How secrets are encrypted (Electron: safeStorage); default the key file. */
  cipher?: SecretCipher;
  logger?: Logger;
  env?: NodeJS.ProcessEnv;
}

interface RuntimeEvents {
  /** A kiosk core (re)started: the shell bridges its events and reports its screens to it. */
  booted: [BootedKiosk];
  /** The status changed while no core runs (not configured, config invalid, restarting). */
  status: [KioskStatus];
  /** An admin badge was scanned: the screen opens the keypad. */
  'admin.requested': [];
}

/** Defaults for what the renderer needs to draw a screen when there is no working config. */
const FALLBACK = KioskConfig.parse({ provider: { kind: 'entry-v1' } });

/**
 * What a shell runs: the kiosk core, restartable in place, plus the technician console that outlives
 * restarts. With no usable configuration ("not configured", or a config.json with errors) it serves a
 * stand-in that shows out-of-service with a code and the same text as the log, takes provisioning codes
 * and lets a technician in. `router` is one object for the shell's lifetime.
 */
export class KioskRuntime extends EventEmitter<RuntimeEvents> {
  readonly router: RpcDispatcher;
  readonly admin: ConsoleAdmin;
  private core: BootedKiosk | undefined;
  private state: ConfigState;
  private bootFailure: string | undefined;
  private notice: { reason: string; code: string } | undefined;
  private restarting: Promise<void> | undefined;
  private closed = false;
  private readonly standby: RpcRouter;

  private constructor(
    private readonly opts: RuntimeOptions,
    readonly logger: Logger,
    readonly secrets: SecretStore,
    private readonly adminDb: Db,
    private readonly now: () => number,
  ) {
    super();
    this.state = resolveConfig(opts.dataDir, secrets, { demo: opts.demo ?? true, logger });
    this.admin = new ConsoleAdmin({
      dataDir: opts.dataDir,
      env: opts.env ?? process.env,
      db: adminDb,
      secrets,
      logger,
      now,
      runtime: this,
    });
    this.admin.sessions.on('change', () => this.statusChanged());
    this.standby = this.standbyRouter();
    const adminRouter = this.admin.router;
    this.router = {
      dispatch: (channel, args) =>
        channel.startsWith('admin.')
          ? adminRouter.dispatch(channel, args)
          : (this.core?.router ?? this.standby).dispatch(channel, args),
    };
  }

  static async start(opts: RuntimeOptions): Promise<KioskRuntime> {
    const now = opts.now ?? Date.now;
    const fixed = secureDataDir(opts.dataDir);
    const logger = opts.logger ?? createLogger({ dataDir: opts.dataDir, level: 'info' });
    if (fixed.length > 0)
      logger.warn({ fixed }, 'data dir permissions tightened (readable by the kiosk user only)');
    const cipher = opts.cipher ?? keyFileCipher(opts.dataDir, opts.env);
    let secrets;
    try {
      secrets = openSecretStore(opts.dataDir, cipher);
    } catch (err) {
      // Kept for recovery (the right key file, the other shell), never overwritten; the kiosk starts
      // without its secrets, so the settings it needs show as missing and a tech can enter them again.
      const aside = setAsideSecretStore(opts.dataDir, now());
      logger.error({ code: 'SECRETS-UNREADABLE', aside }, `${(err as Error).message}; set aside as ${aside}`);
      secrets = openSecretStore(opts.dataDir, cipher);
    }
    const adminDb = openDatabase(join(opts.dataDir, 'journal.sqlite3'));
    const moved = moveNfcKeysOutOfJournal(adminDb, secrets);
    if (moved > 0)
      logger.warn({ providers: moved }, 'NFC keys moved out of the journal into the encrypted store');
    const runtime = new KioskRuntime(opts, logger, secrets, adminDb, now);
    await runtime.boot();
    return runtime;
  }

  /** The running core, if any (none while not configured, invalid or restarting). */
  get current(): BootedKiosk | undefined {
    return this.core;
  }

  get configState(): ConfigState {
    return this.state;
  }

  /** Calls `listener` for the running core now (if any) and for every core after a restart. */
  onBooted(listener: (core: BootedKiosk) => void): void {
    if (this.core) listener(this.core);
    this.on('booted', listener);
  }

  /** The patron screen's status now. */
  status(): KioskStatus {
    if (this.core) return this.core.kiosk.status();
    const c = this.state.mode === 'configured' ? this.state.config : FALLBACK;
    const base = {
      ready: false,
      // Not 'offline': the patron screen's offline banner says tickets are checked on this device, and
      // without a working configuration none are.
      connectivity: 'online' as const,
      provider: this.state.mode === 'configured' ? c.provider.kind : 'none',
      demo: false,
      deviceName: c.deviceName,
      resultHoldMs: c.resultHoldMs,
      wedge: c.wedge,
      sounds: false,
      devices: [],
    };
    const fault = this.admin.gatekeeper.outOfService() ?? this.notice ?? this.standbyFault();
    return fault
      ? { ...base, outOfService: fault.reason.slice(0, 200), code: fault.code.slice(0, 32) }
      : base;
  }

  /** The technician screen's status while no core runs. */
  standbyAdminStatus(): AdminStatus {
    const fault = this.standbyFault();
    return {
      provider: 'none',
      connectivity: 'offline',
      since: this.now(),
      ...(fault && { reason: `${fault.code}: ${fault.reason}`.slice(0, 300) }),
      offlinePolicy: FALLBACK.offline.policy,
      pendingUploads: 0,
      uploaded: 0,
      deadLetters: [],
      eventsCached: 0,
      ticketsCached: 0,
      upload: { state: 'not-supported', failures: 0 },
      devices: [],
      shedScans: 0,
      recentScans: [],
    };
  }

  /** Closes the core and starts it again from the saved configuration; the shell and its sockets stay. */
  restart(reason: string): Promise<void> {
    this.restarting ??= (async () => {
      this.logger.info({ reason }, 'kiosk core restarting');
      const old = this.core;
      this.core = undefined;
      this.notice = undefined;
      this.admin.gatekeeper.cancelCapture();
      this.statusChanged();
      await old?.close();
      this.state = resolveConfig(this.opts.dataDir, this.secrets, {
        demo: this.opts.demo ?? true,
        logger: this.logger,
      });
      await this.boot();
    })().finally(() => {
      this.restarting = undefined;
    });
    return this.restarting;
  }

  /** A short-lived message on the standby screen (e.g. a provisioning code refused). */
  setNotice(notice: { reason: string; code: string } | undefined): void {
    this.notice = notice;
    this.statusChanged();
  }

  /** Sends the status again (console opened or closed, settings applied live). */
  statusChanged(): void {
    if (this.core) this.core.kiosk.refreshStatus();
    else this.emit('status', this.status());
  }

  async close(): Promise<void> {
    this.closed = true;
    this.admin.close();
    await this.restarting?.catch(() => undefined);
    await this.core?.close();
    this.core = undefined;
    this.adminDb.close();
    this.logger.flush();
  }

  private async boot(): Promise<void> {
    if (this.closed) return;
    this.bootFailure = undefined;
    const state = this.state;
    if (state.mode === 'invalid') {
      // The same lines as the screen and the technician's settings page.
      for (const line of state.error.message.split('\n')) this.logger.error({ code: 'CONFIG-INVALID' }, line);
      this.statusChanged();
      return;
    }
    if (state.mode === 'not-configured') {
      this.logger.warn(
        { code: 'NOT-CONFIGURED' },
        'not configured: waiting for a technician or a provisioning code',
      );
      this.statusChanged();
      return;
    }
    try {
      const { demo: _demo, cipher: _cipher, env: _env, logger: _logger, ...host } = this.opts;
      this.core = await bootKiosk({
        ...host,
        ...(state.mode === 'configured' && { config: state.config }),
        demo: state.mode === 'demo',
        logger: this.logger,
        gatekeeper: this.admin.gatekeeper,
        nfcKeys: nfcKeysInStore(this.secrets),
      });
      if (state.mode === 'configured') this.logger.level = state.config.logLevel;
    } catch (err) {
      if (err instanceof DemoUnavailableError) {
        // A packaged build has no demo: a pedestal without its configuration waits for a technician.
        this.logger.warn({ code: 'NOT-CONFIGURED' }, err.message);
        this.state = { mode: 'not-configured' };
        this.statusChanged();
        return;
      }
      this.bootFailure = `The kiosk could not start: ${(err as Error).message}`.slice(0, 300);
      this.logger.error({ code: 'START-FAILED' }, this.bootFailure);
      this.statusChanged();
      return;
    }
    this.emit('booted', this.core);
    this.core.kiosk.refreshStatus();
  }

  private standbyFault(): { reason: string; code: string } | undefined {
    if (this.restarting) return undefined;
    if (this.bootFailure) return { reason: this.bootFailure, code: 'START-FAILED' };
    if (this.state.mode === 'invalid') {
      const lines = this.state.error.message.split('\n');
      const first = lines[0] ?? 'config.json cannot be used';
      return {
        reason: lines.length > 1 ? `${first} (and ${lines.length - 1} more)` : first,
        code: 'CONFIG-INVALID',
      };
    }
    if (this.state.mode === 'not-configured')
      return { reason: 'This kiosk is not configured yet', code: 'NOT-CONFIGURED' };
    return undefined;
  }

  private standbyRouter(): RpcRouter {
    return new RpcRouter()
      .handle('scan.submit', (scan) => ({
        // Not configured: only a provisioning code (or a capture the technician started) is taken.
        accepted:
          this.admin.gatekeeper.screen({
            token: scan.token,
            inputType: scan.inputType,
            source: 'wedge',
            receivedAt: this.now(),
          }) === 'taken',
      }))
      .handle('scan.shown', () => null)
      .handle('kiosk.status', () => this.status());
  }
}
