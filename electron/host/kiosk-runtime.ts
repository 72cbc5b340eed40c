import { EventEmitter } from 'node:events';
import { join } from 'node:path';
import type { AdminStatus, KioskStatus, Result, StaffFault } from '../common/contract.js';
import { KioskConfig } from '../core/config/kiosk-config.js';
import type { Db } from '../core/journal/database.js';
import { openJournal } from '../core/journal/open-journal.js';
import { storageFaultOf } from '../core/journal/storage-fault.js';
import { LogFile } from '../core/log-file.js';
import { createLogger, type Logger } from '../core/logger.js';
import { RpcRouter } from '../core/rpc/rpc-router.js';
import type { SecretCipher } from '../core/secrets/secret-cipher.js';
import type { SecretStore } from '../core/secrets/secret-store.js';
import { secureDataDir } from '../core/secrets/data-dir-permissions.js';
import { bootKiosk, type BootedKiosk, type HostOptions } from './boot.js';
import { DemoUnavailableError } from './demo.js';
import { resolveConfig, type ConfigState } from './config-state.js';
import { ConsoleAdmin } from './console-admin.js';
import { asStartupFault, type StartupFault } from './startup-fault.js';
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
  /** While start-up fails with a fault that may clear (disk full, read-only, bad config), how often to try again. Default 5 s. */
  retryMs?: number;
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

/** What lives in the data dir besides the core: opened once the disk lets it. */
interface Storage {
  secrets: SecretStore;
  adminDb: Db;
  admin: ConsoleAdmin;
  /** A damaged journal set aside at this start (shown to staff until the next start). */
  journalNotice?: StaffFault;
}

/** A start-up fault in force, for the screen, the log and the technician's list. */
interface Fault {
  code: string;
  reason: string;
  since: number;
}

/**
 * What a shell runs: the kiosk core, restartable in place, plus the technician console that outlives
 * restarts. With no usable configuration ("not configured", or a config.json with errors) or a start-up
 * that fails (damaged disk, read-only data dir, no space) it serves a stand-in that shows out-of-service
 * with a code and the same text as the log, takes provisioning codes and lets a technician in, and tries
 * again every `retryMs` for faults that may clear by themselves. `router` is one object for the shell's
 * lifetime.
 */
export class KioskRuntime extends EventEmitter<RuntimeEvents> {
  readonly router: RpcDispatcher;
  private storage: Storage | undefined;
  /** The data dir could not be opened (read-only, full, unreadable): nothing else can start. */
  private storageFault: Fault | undefined;
  private core: BootedKiosk | undefined;
  private state: ConfigState = { mode: 'not-configured' };
  private bootFault: Fault | undefined;
  private notice: { reason: string; code: string } | undefined;
  private restarting: Promise<void> | undefined;
  private retryTimer: NodeJS.Timeout | undefined;
  private closed = false;
  private readonly standby: RpcRouter;

  private constructor(
    private readonly opts: RuntimeOptions,
    readonly logger: Logger,
    private readonly logFile: LogFile | undefined,
    private readonly now: () => number,
  ) {
    super();
    this.standby = this.standbyRouter();
    this.router = {
      dispatch: (channel, args) => {
        if (!channel.startsWith('admin.')) return (this.core?.router ?? this.standby).dispatch(channel, args);
        if (this.storage) return this.storage.admin.router.dispatch(channel, args);
        // No PIN can be checked (or stored) without the data dir: the console waits for it.
        return Promise.resolve({
          ok: false as const,
          error: `The technician console needs the data folder: ${this.storageFault?.reason ?? 'not open yet'}`,
        });
      },
    };
  }

  static async start(opts: RuntimeOptions): Promise<KioskRuntime> {
    const now = opts.now ?? Date.now;
    // The log file never throws or hangs on a full or read-only disk (see LogFile): lines are dropped
    // and counted, and staff see it.
    const logFile = opts.logger ? undefined : new LogFile(join(opts.dataDir, 'gatepost.log'), { now });
    const logger = opts.logger ?? createLogger({ file: logFile, level: 'info' });
    const runtime = new KioskRuntime(opts, logger, logFile, now);
    if (runtime.openStorage()) await runtime.boot();
    return runtime;
  }

  /** The technician console (after the data dir opened). */
  get admin(): ConsoleAdmin {
    if (!this.storage) throw new Error('the data folder is not open');
    return this.storage.admin;
  }

  get secrets(): SecretStore {
    if (!this.storage) throw new Error('the data folder is not open');
    return this.storage.secrets;
  }

  /** The running core, if any (none while not configured, invalid, failing or restarting). */
  get current(): BootedKiosk | undefined {
    return this.core;
  }

  get configState(): ConfigState {
    return this.state;
  }

  /** The web shell's port from the config (0 when there is none yet). */
  get port(): number {
    if (this.core) return this.core.config.webShell.port;
    if (this.state.mode === 'configured') return this.state.config.webShell.port;
    return 0;
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
    const fault = this.storage?.admin.gatekeeper.outOfService() ?? this.notice ?? this.standbyFault();
    return fault
      ? { ...base, outOfService: fault.reason.slice(0, 200), code: fault.code.slice(0, 32) }
      : base;
  }

  /** The technician screen's status while no core runs. */
  standbyAdminStatus(): AdminStatus {
    const fault = this.standbyFault();
    const since = fault?.since ?? this.now();
    return {
      provider: 'none',
      connectivity: 'offline',
      since,
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
      ...(fault && {
        faults: [{ code: fault.code.slice(0, 32), message: fault.reason.slice(0, 300), since }],
      }),
      recentScans: [],
    };
  }

  /** Closes the core and starts it again from the saved configuration; the shell and its sockets stay. */
  restart(reason: string): Promise<void> {
    this.restarting ??= (async () => {
      this.logger.info({ reason }, 'kiosk core restarting');
      clearTimeout(this.retryTimer);
      const old = this.core;
      this.core = undefined;
      this.notice = undefined;
      this.storage?.admin.gatekeeper.cancelCapture();
      this.statusChanged();
      await old?.close();
      this.resolveState();
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
    clearTimeout(this.retryTimer);
    this.storage?.admin.close();
    await this.restarting?.catch(() => undefined);
    await this.core?.close();
    this.core = undefined;
    this.storage?.adminDb.close();
    this.logger.flush();
    this.logFile?.end();
  }

  /**
   * Opens what the console needs in the data dir: permissions tightened, the secret store, the journal
   * (a damaged one set aside here, once, before anything else opens it). On a disk that refuses (read-only,
   * full), the stand-in shows the fault and this is tried again. Returns whether it worked.
   */
  private openStorage(): boolean {
    const { dataDir } = this.opts;
    let adminDb: Db | undefined;
    try {
      const fixed = secureDataDir(dataDir);
      if (fixed.length > 0)
        this.logger.warn({ fixed }, 'data dir permissions tightened (readable by the kiosk user only)');
      const cipher = this.opts.cipher ?? keyFileCipher(dataDir, this.opts.env);
      let secrets;
      try {
        secrets = openSecretStore(dataDir, cipher);
      } catch (err) {
        // The disk, not the file's content, is the problem: wait for it rather than set the store aside.
        if (storageFaultOf(err)) throw err;
        // Kept for recovery (the right key file, the other shell), never overwritten; the kiosk starts
        // without its secrets, so the settings it needs show as missing and a tech can enter them again.
        const aside = setAsideSecretStore(dataDir, this.now());
        this.logger.error(
          { code: 'SECRETS-UNREADABLE', aside },
          `${(err as Error).message}; set aside as ${aside}`,
        );
        secrets = openSecretStore(dataDir, cipher);
      }
      const opened = openJournal(dataDir, { now: this.now });
      adminDb = opened.db;
      if (opened.notice) this.logger.error({ code: opened.notice.code }, opened.notice.message);
      const moved = moveNfcKeysOutOfJournal(adminDb, secrets);
      if (moved > 0)
        this.logger.warn({ providers: moved }, 'NFC keys moved out of the journal into the encrypted store');
      const admin = new ConsoleAdmin({
        dataDir,
        env: this.opts.env ?? process.env,
        db: adminDb,
        secrets,
        logger: this.logger,
        now: this.now,
        runtime: this,
      });
      admin.sessions.on('change', () => this.statusChanged());
      this.storage = { secrets, adminDb, admin, ...(opened.notice && { journalNotice: opened.notice }) };
    } catch (err) {
      if (adminDb?.open) adminDb.close();
      this.failed('storage', err, dataDir);
      return false;
    }
    if (this.storageFault)
      this.logger.warn({ code: this.storageFault.code }, 'the data folder can be used again');
    this.storageFault = undefined;
    this.resolveState();
    return true;
  }

  private resolveState(): void {
    if (!this.storage) return;
    this.state = resolveConfig(this.opts.dataDir, this.storage.secrets, {
      demo: this.opts.demo ?? true,
      logger: this.logger,
    });
  }

  private async boot(): Promise<void> {
    if (this.closed || !this.storage) return;
    const previous = this.bootFault;
    this.bootFault = undefined;
    const state = this.state;
    if (state.mode === 'invalid') {
      const fault = this.standbyFault()!;
      // The same lines as the screen and the technician's settings page, once per distinct problem.
      if (previous?.reason !== fault.reason)
        for (const line of state.error.message.split('\n'))
          this.logger.error({ code: 'CONFIG-INVALID' }, line);
      this.bootFault = { ...fault, since: previous?.since ?? this.now() };
      this.statusChanged();
      // A fixed file is picked up by itself (or the technician saves it from the console).
      this.retryLater();
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
      const {
        demo: _demo,
        cipher: _cipher,
        env: _env,
        logger: _logger,
        retryMs: _retry,
        ...host
      } = this.opts;
      this.core = await bootKiosk({
        ...host,
        ...(state.mode === 'configured' && { config: state.config }),
        demo: state.mode === 'demo',
        logger: this.logger,
        ...(this.logFile && { logFile: this.logFile }),
        gatekeeper: this.storage.admin.gatekeeper,
        nfcKeys: nfcKeysInStore(this.storage.secrets),
        ...(this.storage.journalNotice && { journalNotice: this.storage.journalNotice }),
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
      this.bootFault = previous;
      this.failed('boot', err);
      return;
    }
    if (previous) this.logger.warn({ code: previous.code }, 'start-up fault cleared; the kiosk is starting');
    if (this.closed) {
      await this.core.close();
      this.core = undefined;
      return;
    }
    this.emit('booted', this.core);
    this.core.kiosk.refreshStatus();
  }

  /** A start-up step failed: shown and logged (once per distinct fault), retried if it may clear. */
  private failed(step: 'storage' | 'boot', err: unknown, where?: string): void {
    const fault: StartupFault = asStartupFault(err, where && `the data folder ${where}`);
    const current = step === 'storage' ? this.storageFault : this.bootFault;
    const next = { code: fault.code, reason: fault.message, since: current?.since ?? this.now() };
    if (current?.code !== next.code || current.reason !== next.reason)
      // The same code and text as the screen, so staff can match them.
      this.logger.error({ code: fault.code, retryable: fault.retryable }, fault.message);
    if (step === 'storage') this.storageFault = next;
    else this.bootFault = next;
    this.statusChanged();
    if (fault.retryable) this.retryLater();
  }

  private retryLater(): void {
    if (this.closed) return;
    clearTimeout(this.retryTimer);
    this.retryTimer = setTimeout(() => void this.retry(), this.opts.retryMs ?? 5000);
    this.retryTimer.unref?.();
  }

  private async retry(): Promise<void> {
    if (this.closed || this.core || this.restarting) return;
    if (!this.storage && !this.openStorage()) return;
    this.resolveState();
    await this.boot();
  }

  private standbyFault(): Fault | undefined {
    if (this.restarting) return undefined;
    if (this.storageFault) return this.storageFault;
    if (this.state.mode === 'invalid') {
      const lines = this.state.error.message.split('\n');
      const first = lines[0] ?? 'config.json cannot be used';
      return {
        reason: lines.length > 1 ? `${first} (and ${lines.length - 1} more)` : first,
        code: 'CONFIG-INVALID',
        since: this.bootFault?.since ?? this.now(),
      };
    }
    if (this.bootFault) return this.bootFault;
    if (this.state.mode === 'not-configured')
      return { reason: 'This kiosk is not configured yet', code: 'NOT-CONFIGURED', since: this.now() };
    return undefined;
  }

  private standbyRouter(): RpcRouter {
    return new RpcRouter()
      .handle('scan.submit', (scan) => ({
        // Not configured: only a provisioning code (or a capture the technician started) is taken.
        accepted:
          this.storage?.admin.gatekeeper.screen({
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
