import { withTimeLimit } from '../core/timeout-signal.js';
import type { ConnectionTest, SaveResult, SettingsView } from '../common/admin-contract.js';
import { findSecrets, maskSecrets, mergeSecrets, withoutSecrets } from '../core/secrets/config-secrets.js';
import type { BootedKiosk } from './boot.js';
import { saveConfiguration, storedConfigSecrets } from './config-state.js';
import type { ConsoleParts } from './console-parts.js';
import { createProvider } from './create-provider.js';
import { checkDraft, diffSettings, isLiveChange, resolveDraft, scrubSecrets } from './settings-service.js';

/**
 * The console's settings: the view the screen edits (secrets masked), save (validated; secrets into the
 * encrypted store; every changed field journaled with old and new value, secrets masked; applied live or
 * a restart offered) and "Test connection" (the provider's own start-up call with what is on screen).
 */
export class ConsoleSettings {
  constructor(private readonly deps: ConsoleParts) {}

  private journal(entry: Parameters<ConsoleParts['journal']>[0]): void {
    this.deps.journal(entry);
  }

  /** The configuration in force (or on file), secrets included: for the screen (masked) and exports. */
  currentConfig(): Record<string, unknown> {
    const state = this.deps.runtime.configState;
    const stored = storedConfigSecrets(this.deps.secrets);
    if (state.mode === 'configured' || (state.mode === 'invalid' && state.raw))
      return mergeSecrets(state.raw!, stored);
    if (state.mode === 'demo' && this.deps.runtime.current)
      return structuredClone(this.deps.runtime.current.config) as unknown as Record<string, unknown>;
    return {};
  }

  view(): SettingsView {
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
  save(draft: Record<string, unknown>, source: 'screen' | 'import' | 'provisioning'): SaveResult {
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

  async testConnection(draft: Record<string, unknown>): Promise<ConnectionTest> {
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
      await withTimeLimit(undefined, 10_000, (signal) => provider.configure(signal));
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
}
