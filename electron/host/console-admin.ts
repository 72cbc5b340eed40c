import { WATCH_CHANNELS, type AdminAction, type ProvisionResult } from '../common/admin-contract.js';
import { AdminSessions } from '../core/admin/admin-sessions.js';
import { AdminStore } from '../core/admin/admin-store.js';
import { BadgeBook } from '../core/admin/badge-book.js';
import { PinLock } from '../core/admin/pin-lock.js';
import { ConsoleGatekeeper } from '../core/admin/scan-gatekeeper.js';
import { ConfigError, parseConfigText } from '../core/config/load-config.js';
import type { Db } from '../core/journal/database.js';
import { JournalReport } from '../core/journal/journal-report.js';
import type { Logger } from '../core/logger.js';
import { readProvisioningCode } from '../core/provisioning/provisioning-code.js';
import { RpcRefusal, RpcRouter } from '../core/rpc/rpc-router.js';
import { withoutSecrets } from '../core/secrets/config-secrets.js';
import type { SecretStore } from '../core/secrets/secret-store.js';
import type { BootedKiosk } from './boot.js';
import { ConsoleDevices } from './console-devices.js';
import { DEFAULT_CAPTURE_MS, type ConsoleHost } from './console-parts.js';
import { ConsoleSettings } from './console-settings.js';
import { pinProvisioningKey, provisioningKeyFile, trustedKey } from './provisioning-trust.js';

export type { ConsoleHost } from './console-parts.js';

export interface ConsoleAdminDeps {
  dataDir: string;
  env: NodeJS.ProcessEnv;
  db: Db;
  secrets: SecretStore;
  logger: Logger;
  now: () => number;
  runtime: ConsoleHost;
}

const SESSION_IDLE_MS = 5 * 60_000;
/** What an open console polls by itself: these calls do not keep an idle session alive. */
const POLLS = new Set(['admin.status', 'admin.devices.health', 'admin.diagnostics']);

/**
 * The technician console: PIN and sessions, settings (validated, secrets encrypted, applied live or by a
 * restart), devices and their tests, diagnostics, export/import, admin badges, QR provisioning. It lives
 * beside the kiosk core and outlives its restarts. Every action is journaled (`admin_actions`) with its
 * old and new value, secrets masked.
 */
export class ConsoleAdmin {
  /** The technician at work: while one is open the kiosk is out of service. */
  readonly sessions: AdminSessions;
  /** Read-only watchers: the kiosk stays in service. */
  private readonly watchers: AdminSessions;
  readonly gatekeeper: ConsoleGatekeeper;
  readonly router: RpcRouter;
  private readonly store: AdminStore;
  private readonly pins: PinLock;
  private readonly badges: BadgeBook;
  private readonly report: JournalReport;
  private readonly settings: ConsoleSettings;
  private readonly devices: ConsoleDevices;

  constructor(private readonly deps: ConsoleAdminDeps) {
    const { db, now, secrets } = deps;
    this.store = new AdminStore(db);
    this.pins = new PinLock(this.store, { now });
    this.sessions = new AdminSessions({
      now,
      idleMs: Number(deps.env.GATEPOST_ADMIN_IDLE_MS) || SESSION_IDLE_MS,
    });
    this.watchers = new AdminSessions({
      now,
      idleMs: Number(deps.env.GATEPOST_ADMIN_IDLE_MS) || SESSION_IDLE_MS,
    });
    this.badges = new BadgeBook(this.store, secrets);
    this.report = new JournalReport(db);
    this.gatekeeper = new ConsoleGatekeeper({
      sessions: this.sessions,
      badges: this.badges,
      onBadge: () => {
        this.journal({ action: 'badge-scanned', outcome: 'ok' });
        deps.runtime.emit('admin.requested');
      },
      onProvisioningCode: (code) => void this.provisionFromPatronScreen(code),
    });
    const parts = {
      dataDir: deps.dataDir,
      secrets,
      logger: deps.logger,
      now,
      runtime: deps.runtime,
      gatekeeper: this.gatekeeper,
      journal: (entry: Omit<AdminAction, 'at'>) => this.journal(entry),
    };
    this.settings = new ConsoleSettings(parts);
    this.devices = new ConsoleDevices(parts);
    pinProvisioningKey(this.store, provisioningKeyFile(deps.dataDir, deps.env), now(), deps.logger);
    this.router = this.buildRouter();
  }

  close(): void {
    this.gatekeeper.cancelCapture();
    this.sessions.dispose();
    this.watchers.dispose();
  }

  private journal(entry: Omit<AdminAction, 'at'>): void {
    try {
      this.store.recordAction(this.deps.now(), entry);
    } catch (err) {
      this.deps.logger.error({ err: (err as Error).message }, 'admin journal write failed');
    }
    this.deps.logger.info(
      { admin: entry.action, subject: entry.subject, outcome: entry.outcome },
      'admin action',
    );
  }

  private core(): BootedKiosk {
    const core = this.deps.runtime.current;
    if (!core) throw new RpcRefusal('the kiosk is not running (not configured, or restarting)');
    return core;
  }

  private buildRouter(): RpcRouter {
    const { runtime, now } = this.deps;
    return new RpcRouter()
      .requireSession(
        (token, channel) =>
          this.sessions.touch(token, !POLLS.has(channel)) !== undefined ||
          ((WATCH_CHANNELS as readonly string[]).includes(channel) &&
            this.watchers.touch(token) !== undefined),
      )
      .handle('admin.pin.state', () => ({ ...this.pins.state(), now: now() }))
      .handle('admin.pin.set', async ({ pin }) => {
        if (!(await this.pins.setFirst(pin))) {
          this.journal({ action: 'pin-set', outcome: 'refused', detail: 'a PIN is already set' });
          throw new RpcRefusal('a PIN is already set; log in to change it');
        }
        this.journal({ action: 'pin-set', outcome: 'ok' });
        return this.sessions.open();
      })
      .handle('admin.login', async ({ pin, watch }) => {
        const check = await this.pins.check(pin);
        if (check.granted) {
          this.journal({ action: watch ? 'login-watch' : 'login', outcome: 'ok' });
          return { granted: true as const, session: (watch ? this.watchers : this.sessions).open() };
        }
        this.journal({
          action: 'login-failed',
          outcome: 'refused',
          detail: `${check.reason}; ${check.failedAttempts} wrong in a row${
            check.lockedUntil ? `; locked until ${new Date(check.lockedUntil).toISOString()}` : ''
          }`,
        });
        return {
          granted: false as const,
          reason: check.reason,
          failedAttempts: check.failedAttempts,
          ...(check.lockedUntil !== undefined && { lockedUntil: check.lockedUntil }),
          now: now(),
        };
      })
      .handle('admin.logout', ({ session }) => {
        this.watchers.close(session);
        if (this.sessions.touch(session, false) === undefined) return null;
        this.gatekeeper.cancelCapture();
        this.sessions.close(session);
        this.journal({ action: 'logout', outcome: 'ok' });
        return null;
      })
      .handle('admin.pin.change', async ({ pin }) => {
        await this.pins.change(pin);
        this.journal({ action: 'pin-change', outcome: 'ok' });
        return null;
      })
      .handle('admin.status', () => runtime.current?.kiosk.adminStatus() ?? runtime.standbyAdminStatus())
      .handle('admin.settings.get', () => this.settings.view())
      .handle('admin.settings.save', ({ config }) => this.settings.save(config, 'screen'))
      .handle('admin.settings.testConnection', ({ config }) => this.settings.testConnection(config))
      .handle('admin.restart', async () => {
        this.journal({ action: 'restart', outcome: 'ok' });
        await runtime.restart('technician');
        return null;
      })
      .handle('admin.devices.discover', () => this.devices.discover())
      .handle('admin.devices.health', () => runtime.status().devices)
      .handle('admin.devices.test', ({ action, timeoutMs }) => this.devices.test(action, timeoutMs))
      .handle('admin.gate.holdOpen', ({ reason }) => this.devices.holdOpen(reason))
      .handle('admin.gate.release', () => this.devices.release())
      .handle('admin.uploads.now', () => {
        const started = this.core().offline.uploadNow();
        this.journal({
          action: 'upload-now',
          outcome: started === 'started' ? 'ok' : 'refused',
          detail: started,
        });
        const words = {
          started: 'upload started',
          offline: 'the API is not reachable: uploads resume when it answers',
          'not-supported': 'this provider takes no offline uploads',
          'waiting-for-provider': 'waiting for the provider session',
        };
        return { ok: started === 'started', message: words[started] };
      })
      .handle('admin.diagnostics', () => {
        const core = runtime.current;
        const midnight = new Date(now());
        midnight.setHours(0, 0, 0, 0);
        const last = this.report.lastOnlineLatencyMs();
        return {
          latency: this.report.latency(),
          today: this.report.todayCounts(midnight.getTime()),
          providerReachable: core?.fallback.connectivity.mode === 'online' && core.kiosk.isConfigured,
          ...(last !== undefined && { lastProviderLatencyMs: last }),
        };
      })
      .handle('admin.journal.query', ({ query }) => this.report.query(query))
      .handle('admin.actions', () => this.store.actions(200))
      .handle('admin.export.config', () => {
        const json = `${JSON.stringify(withoutSecrets(this.settings.currentConfig()), null, 2)}\n`;
        this.journal({ action: 'export-config', outcome: 'ok', detail: `${json.length} bytes, no secrets` });
        return { json };
      })
      .handle('admin.export.journal', () => {
        const csv = this.report.csv();
        this.journal({
          action: 'export-journal',
          outcome: 'ok',
          detail: `${csv.split('\r\n').length - 2} scans`,
        });
        return { csv };
      })
      .handle('admin.import.config', ({ json }) => {
        let raw: unknown;
        try {
          raw = parseConfigText(json, 'imported file');
        } catch (err) {
          const problems =
            err instanceof ConfigError ? err.problems : [{ path: '(file)', message: 'cannot be read' }];
          this.journal({ action: 'import-config', outcome: 'refused', detail: problems[0]?.message });
          return { saved: false as const, errors: problems };
        }
        if (typeof raw !== 'object' || raw === null || Array.isArray(raw))
          return {
            saved: false as const,
            errors: [{ path: '(file)', message: 'must be a JSON object { … }' }],
          };
        return this.settings.save(raw as Record<string, unknown>, 'import');
      })
      .handle('admin.badges.list', () =>
        this.badges
          .list()
          .map((b) => ({ id: b.hash.slice(0, 16), label: b.label, hint: b.hint, addedAt: b.addedAt })),
      )
      .handle('admin.badges.add', async ({ label, timeoutMs }) => {
        const read = await this.gatekeeper.captureNext(() => true, timeoutMs ?? DEFAULT_CAPTURE_MS);
        if (!read) return { ok: false, message: 'no scan within the time: nothing added' };
        const token = read.token.trim();
        if (token.length < 4 || token.length > 512)
          return { ok: false, message: 'a badge must be 4 to 512 characters' };
        const row = this.badges.add(token, label, now());
        this.journal({ action: 'badge-add', subject: label, newValue: row.hint, outcome: 'ok' });
        return { ok: true, message: `badge "${label}" added`, tokenHint: row.hint, source: read.source };
      })
      .handle('admin.badges.remove', ({ id }) => {
        const removed = this.badges.remove(id);
        if (!removed) throw new RpcRefusal('no such badge');
        this.journal({
          action: 'badge-remove',
          subject: removed.label,
          oldValue: removed.hint,
          outcome: 'ok',
        });
        return null;
      })
      .handle('admin.provisioning.state', () => {
        const trust = this.store.trust();
        return trust
          ? { keyId: trust.keyId, source: trust.source.slice(0, 300), pinnedAt: trust.pinnedAt }
          : {};
      })
      .handle('admin.provisioning.scan', async ({ timeoutMs }) => {
        const read = await this.gatekeeper.captureNext(() => true, timeoutMs ?? DEFAULT_CAPTURE_MS);
        if (!read) return { ok: false, message: 'no scan within the time' };
        return this.provision(read.token.trim());
      });
  }

  /** A provisioning code scanned at the patron screen: only a kiosk without a configuration takes it. */
  private async provisionFromPatronScreen(code: string): Promise<void> {
    const state = this.deps.runtime.configState;
    if (state.mode === 'configured') {
      this.journal({
        action: 'provision',
        outcome: 'refused',
        detail: 'already configured: scan codes from the technician console',
      });
      return;
    }
    const result = await this.provision(code);
    if (!result.ok)
      this.deps.runtime.setNotice({
        reason: `Provisioning code refused: ${result.message}`,
        code: 'PROVISION-REFUSED',
      });
  }

  private async provision(code: string): Promise<ProvisionResult> {
    const result = readProvisioningCode(code, trustedKey(this.store), this.deps.now());
    if (!result.ok) {
      this.journal({
        action: 'provision',
        outcome: 'refused',
        detail: `${result.refusal}: ${result.reason}`,
      });
      return { ok: false, message: result.reason };
    }
    if (typeof result.config !== 'object' || result.config === null || Array.isArray(result.config))
      return { ok: false, message: 'the signed content is not a configuration' };
    const saved = this.settings.save(result.config as Record<string, unknown>, 'provisioning');
    if (!saved.saved) {
      return { ok: false, message: 'the configuration in the code is not valid here', errors: saved.errors };
    }
    this.journal({ action: 'provision', outcome: 'ok', detail: `signed by key ${result.keyId}` });
    if (saved.applied === 'restart' || this.deps.runtime.configState.mode !== 'configured')
      await this.deps.runtime.restart('provisioning code');
    return { ok: true, message: `configured from a code signed by key ${result.keyId}` };
  }
}
