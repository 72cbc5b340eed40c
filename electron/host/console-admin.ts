import { randomUUID } from 'node:crypto';
import { WATCH_CHANNELS } from '../common/admin-contract.js';
import type {
  AdminAction,
  ConnectionTest,
  DeviceTestResult,
  ProvisionResult,
  SaveResult,
  SettingsView,
} from '../common/admin-contract.js';
import type { AdminStatus, KioskStatus } from '../common/contract.js';
import { AdminSessions } from '../core/admin/admin-sessions.js';
import { AdminStore } from '../core/admin/admin-store.js';
import { BadgeBook } from '../core/admin/badge-book.js';
import { PinLock } from '../core/admin/pin-lock.js';
import { ConsoleGatekeeper } from '../core/admin/scan-gatekeeper.js';
import { ConfigError, parseConfigText } from '../core/config/load-config.js';
import { configuredDevices, listAttachedDevices } from '../core/devices/discovery.js';
import { DevicesConfig } from '../core/devices/device-config.js';
import type { Db } from '../core/journal/database.js';
import { JournalReport } from '../core/journal/journal-report.js';
import type { Logger } from '../core/logger.js';
import { readProvisioningCode } from '../core/provisioning/provisioning-code.js';
import { RpcRefusal, RpcRouter } from '../core/rpc/rpc-router.js';
import { tokenHint } from '../core/scan/normalise.js';
import { findSecrets, maskSecrets, mergeSecrets, withoutSecrets } from '../core/secrets/config-secrets.js';
import type { SecretStore } from '../core/secrets/secret-store.js';
import type { BootedKiosk } from './boot.js';
import { saveConfiguration, storedConfigSecrets, type ConfigState } from './config-state.js';
import { createProvider } from './create-provider.js';
import { pinProvisioningKey, provisioningKeyFile, trustedKey } from './provisioning-trust.js';
import { checkDraft, diffSettings, isLiveChange, resolveDraft, scrubSecrets } from './settings-service.js';

/** What the console needs of the runtime that hosts it. */
export interface ConsoleHost {
  readonly current: BootedKiosk | undefined;
  readonly configState: ConfigState;
  restart(reason: string): Promise<void>;
  statusChanged(): void;
  setNotice(notice: { reason: string; code: string } | undefined): void;
  standbyAdminStatus(): AdminStatus;
  status(): KioskStatus;
  emit(event: 'admin.requested'): boolean;
}

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
const DEFAULT_CAPTURE_MS = 20_000;
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
      .handle('admin.settings.get', () => this.settingsView())
      .handle('admin.settings.save', ({ config }) => this.save(config, 'screen'))
      .handle('admin.settings.testConnection', ({ config }) => this.testConnection(config))
      .handle('admin.restart', async () => {
        this.journal({ action: 'restart', outcome: 'ok' });
        await runtime.restart('technician');
        return null;
      })
      .handle('admin.devices.discover', async () => {
        const devices = runtime.current?.config.devices ?? this.fallbackDevices();
        const found = await listAttachedDevices(devices);
        // PC/SC readers are seen by the NFC reader process, which runs while devices.nfc is enabled.
        const nfc = runtime.current?.devices.nfc;
        const readers = (nfc?.readerHealth() ?? []).map((r) => ({
          bus: 'pcsc' as const,
          path: r.id.replace(/^nfc:/, '').slice(0, 256),
          description: `PC/SC reader (${r.state})`.slice(0, 200),
          assignedTo: 'nfc',
        }));
        const errors = nfc
          ? found.errors
          : [...found.errors, 'PC/SC readers are listed while devices.nfc is enabled'];
        return {
          devices: [...found.devices, ...readers].slice(0, 64),
          errors: errors.map((e) => e.slice(0, 300)).slice(0, 8),
          configured: configuredDevices(devices).map((c) => ({ ...c, target: c.target.slice(0, 256) })),
        };
      })
      .handle('admin.devices.health', () => runtime.status().devices)
      .handle('admin.devices.test', ({ action, timeoutMs }) => this.testDevice(action, timeoutMs))
      .handle('admin.gate.holdOpen', async ({ reason }) => {
        const controller = this.core().devices.gateController;
        if (!controller) return { ok: false, message: 'no relay is configured (devices.gate)' };
        const result = await controller.holdOpen(`held open by a technician: ${reason}`);
        const ok = result.kind === 'held-open';
        this.journal({
          action: 'gate-hold-open',
          subject: 'gate',
          outcome: ok ? 'ok' : 'failed',
          detail: reason,
        });
        return {
          ok,
          message: ok ? 'gate held open' : `failed: ${'reason' in result ? result.reason : result.kind}`,
        };
      })
      .handle('admin.gate.release', async () => {
        const controller = this.core().devices.gateController;
        if (!controller) return { ok: false, message: 'no relay is configured (devices.gate)' };
        await controller.release();
        this.journal({ action: 'gate-release', subject: 'gate', outcome: 'ok' });
        return { ok: true, message: 'gate released' };
      })
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
        const json = `${JSON.stringify(withoutSecrets(this.currentConfig()), null, 2)}\n`;
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
        return this.save(raw as Record<string, unknown>, 'import');
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

  /** The configuration in force (or on file), secrets included: for the screen (masked) and exports. */
  private currentConfig(): Record<string, unknown> {
    const state = this.deps.runtime.configState;
    const stored = storedConfigSecrets(this.deps.secrets);
    if (state.mode === 'configured' || (state.mode === 'invalid' && state.raw))
      return mergeSecrets(state.raw!, stored);
    if (state.mode === 'demo' && this.deps.runtime.current)
      return structuredClone(this.deps.runtime.current.config) as unknown as Record<string, unknown>;
    return {};
  }

  private fallbackDevices() {
    return DevicesConfig.parse({});
  }

  private settingsView(): SettingsView {
    const { runtime } = this.deps;
    const state = runtime.configState;
    const config = this.currentConfig();
    const core = runtime.current;
    const events = core ? core.reference.events(core.kiosk.status().provider).slice(0, 200) : [];
    return {
      config: maskSecrets(config),
      secretPaths: Object.keys(findSecrets(config)).slice(0, 64),
      mode: state.mode,
      problems: state.mode === 'invalid' ? state.error.problems.slice(0, 50) : [],
      events: events.map((e) => ({ id: e.eventId.slice(0, 200), name: e.name.slice(0, 200) })),
    };
  }

  /** Validates, stores (secrets encrypted), journals every changed field, applies live or asks for a restart. */
  private save(draft: Record<string, unknown>, source: 'screen' | 'import' | 'provisioning'): SaveResult {
    const { runtime, dataDir, secrets } = this.deps;
    const previous = this.currentConfig();
    const stored = storedConfigSecrets(secrets);
    const checked = checkDraft(resolveDraft(draft, previous, stored));
    if (!checked.ok) {
      this.journal({
        action: source === 'screen' ? 'settings-save' : `${source}-config`,
        outcome: 'refused',
        detail: checked.result.errors.map((e) => `${e.path}: ${e.message}`).join('; '),
      });
      return checked.result;
    }
    const state = runtime.configState;
    // A running demo's settings are not a configuration: the first save replaces the demo.
    const before = state.mode === 'configured' ? previous : {};
    const changes = diffSettings(before, checked.candidate);
    if (changes.length === 0 && state.mode === 'configured')
      return { saved: true, applied: 'none', changed: [] };
    saveConfiguration(dataDir, secrets, checked.candidate);
    for (const c of changes)
      this.journal({
        action: 'setting',
        subject: c.path,
        oldValue: c.oldValue,
        newValue: c.newValue,
        outcome: 'ok',
        detail: source,
      });
    const live =
      state.mode === 'configured' &&
      runtime.current !== undefined &&
      changes.every((c) => isLiveChange(c.path));
    if (live) this.applyLive(runtime.current!, checked.config, checked.candidate);
    return {
      saved: true,
      applied: live ? 'live' : 'restart',
      changed: changes.map((c) => c.path).slice(0, 200),
    };
  }

  private applyLive(core: BootedKiosk, next: BootedKiosk['config'], raw: Record<string, unknown>): void {
    // The core reads these from its config object at every use; the budget is the fallback checker's.
    const config = core.config;
    config.deviceName = next.deviceName;
    config.decisionBudgetMs = next.decisionBudgetMs;
    config.resultHoldMs = next.resultHoldMs;
    config.sounds = next.sounds;
    config.wedge = next.wedge;
    config.maxTokenChars = next.maxTokenChars;
    config.maxScansInFlight = next.maxScansInFlight;
    config.logLevel = next.logLevel;
    Object.assign(config, { display: (next as { display?: unknown }).display });
    core.fallback.setBudgetMs(next.decisionBudgetMs);
    this.deps.logger.level = next.logLevel;
    const state = this.deps.runtime.configState;
    if (state.mode === 'configured') {
      state.config = config;
      state.raw = withoutSecrets(raw);
    }
    this.deps.runtime.statusChanged();
  }

  private async testConnection(draft: Record<string, unknown>): Promise<ConnectionTest> {
    const checked = checkDraft(
      resolveDraft(draft, this.currentConfig(), storedConfigSecrets(this.deps.secrets)),
    );
    if (!checked.ok)
      return { ok: false, message: 'fix the settings marked first', errors: checked.result.errors };
    const kind = checked.config.provider.kind;
    const provider = createProvider(checked.config.provider, {
      logger: this.deps.logger.child({ connectionTest: true }),
      now: this.deps.now,
    });
    const started = performance.now();
    try {
      await provider.configure(AbortSignal.timeout(10_000));
      const latencyMs = Math.round(performance.now() - started);
      this.journal({ action: 'test-connection', subject: kind, outcome: 'ok', detail: `${latencyMs} ms` });
      return { ok: true, latencyMs, message: `${kind}: connected and configured in ${latencyMs} ms` };
    } catch (err) {
      const message = scrubSecrets(`${kind}: ${(err as Error).message}`, checked.candidate).slice(0, 300);
      this.journal({ action: 'test-connection', subject: kind, outcome: 'failed', detail: message });
      return { ok: false, message };
    } finally {
      await provider.close().catch(() => undefined);
    }
  }

  private async testDevice(
    action: 'pulse-entry' | 'pulse-exit' | 'beep' | 'read-scan' | 'read-tap',
    timeoutMs = DEFAULT_CAPTURE_MS,
  ): Promise<DeviceTestResult> {
    const record = (result: DeviceTestResult) => {
      this.journal({
        action: `test-${action}`,
        outcome: result.ok ? 'ok' : 'failed',
        detail: result.message,
      });
      return result;
    };
    if (action === 'read-scan' || action === 'read-tap') {
      const nfc = action === 'read-tap';
      if (nfc && !this.deps.runtime.status().devices.some((d) => d.role === 'nfc'))
        return record({ ok: false, message: 'no NFC reader is configured (devices.nfc)' });
      const read = await this.gatekeeper.captureNext(
        (r) => (nfc ? r.inputType === 'NFC' : r.inputType !== 'NFC'),
        timeoutMs,
      );
      if (!read)
        return record({ ok: false, message: `nothing read within ${Math.round(timeoutMs / 1000)} s` });
      const hint = tokenHint(read.token);
      return record({
        ok: true,
        message: `read ${hint} from ${read.source}${read.symbology ? ` (${read.symbology})` : ''}`,
        tokenHint: hint,
        source: read.source.slice(0, 64),
      });
    }
    const core = this.core();
    if (action === 'beep') {
      const beepers = core.devices.scanners.filter((s) => typeof s.feedback === 'function');
      if (beepers.length === 0)
        return record({
          ok: true,
          message: 'no scanner with a beeper is configured; the screen played the admit sound',
        });
      for (const s of beepers) s.feedback!('admit');
      setTimeout(() => beepers.forEach((s) => s.feedback!('idle')), 500).unref();
      return record({ ok: true, message: `beep sent to ${beepers.map((s) => s.id).join(', ')}` });
    }
    const direction = action === 'pulse-entry' ? 'entry' : 'exit';
    const result = await core.devices.gate.open(direction, `test-${randomUUID()}`);
    switch (result.kind) {
      case 'pulsed':
        return record({
          ok: true,
          message: `${direction} relay pulsed: channel ${result.channel}, ${result.ms} ms`,
        });
      case 'none':
        return record({ ok: false, message: 'no relay is configured (devices.gate)' });
      case 'held-open':
        return record({ ok: false, message: 'the gate is held open; release it first' });
      case 'failed':
        return record({ ok: false, message: `relay failed: ${result.reason}`.slice(0, 300) });
    }
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
    const saved = this.save(result.config as Record<string, unknown>, 'provisioning');
    if (!saved.saved) {
      return { ok: false, message: 'the configuration in the code is not valid here', errors: saved.errors };
    }
    this.journal({ action: 'provision', outcome: 'ok', detail: `signed by key ${result.keyId}` });
    if (saved.applied === 'restart' || this.deps.runtime.configState.mode !== 'configured')
      await this.deps.runtime.restart('provisioning code');
    return { ok: true, message: `configured from a code signed by key ${result.keyId}` };
  }
}
