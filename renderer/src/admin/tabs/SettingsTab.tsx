import { useCallback, useEffect, useState } from 'react';
import type {
  ConnectionTest,
  FieldError,
  SaveResult,
  SettingsView,
} from '../../../../electron/common/admin-contract';
import { t } from '../../i18n/i18n';
import { useConsole } from '../console-context';
import { OnScreenKeyboard } from '../OnScreenKeyboard';
import {
  PROVIDER_FIELDS,
  PROVIDER_KINDS,
  deviceFields,
  fromFormValue,
  generalFields,
  getPath,
  setPath,
  toFormValue,
  type Field,
} from '../settings-fields';

type Kind = (typeof PROVIDER_KINDS)[number];
type FormValues = Record<string, string | boolean>;

function formFor(config: Record<string, unknown>, fields: Field[]): FormValues {
  return Object.fromEntries(fields.map((f) => [f.path, toFormValue(f, getPath(config, f.path))]));
}

/**
 * Every setting a tech needs on site, validated by the core (one message per field): the provider and
 * its credentials (masked: a stored secret is never sent to the screen), identity, event choice,
 * direction, budget, offline policy, result display time, language, orientation, sounds, devices.
 * "Test connection" tries the provider with what is on screen before saving; a save is applied live or
 * the screen offers a restart.
 */
export function SettingsTab() {
  const { run } = useConsole();
  const [view, setView] = useState<SettingsView | null>(null);
  const [kind, setKind] = useState<Kind>('entry-v1');
  const [values, setValues] = useState<FormValues>({});
  const [errors, setErrors] = useState<FieldError[]>([]);
  const [saved, setSaved] = useState<SaveResult | null>(null);
  const [tested, setTested] = useState<ConnectionTest | 'testing' | null>(null);
  const [restarting, setRestarting] = useState(false);
  const [focused, setFocused] = useState<string | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);

  const fields = useCallback((k: Kind) => [...generalFields(), ...PROVIDER_FIELDS[k], ...deviceFields()], []);

  const load = useCallback(async () => {
    const result = await run((a, s) => a.getSettings(s, {}));
    if (!result.ok) return setLoadError(result.error);
    const v = result.value;
    const current = getPath(v.config, 'provider.kind');
    const k = (PROVIDER_KINDS as readonly string[]).includes(current as string)
      ? (current as Kind)
      : 'entry-v1';
    setView(v);
    setKind(k);
    setValues(formFor(v.config, fields(k)));
    setErrors(v.problems);
  }, [run, fields]);

  useEffect(() => {
    // The settings as the core has them now; saved again after each restart.
    void load();
  }, [load]);

  const draft = (): Record<string, unknown> | string => {
    const config = structuredClone(view?.config ?? {});
    const previousKind = getPath(config, 'provider.kind');
    if (previousKind !== kind) setPath(config, 'provider', { kind });
    else setPath(config, 'provider.kind', kind);
    for (const field of fields(kind)) {
      try {
        setPath(
          config,
          field.path,
          fromFormValue(field, values[field.path] ?? '', getPath(config, field.path)),
        );
      } catch {
        return field.path;
      }
    }
    return config;
  };

  const withDraft = async (act: (config: Record<string, unknown>) => Promise<void>) => {
    const config = draft();
    if (typeof config === 'string') return setErrors([{ path: config, message: 'not valid JSON' }]);
    await act(config);
  };

  const save = () =>
    withDraft(async (config) => {
      setSaved(null);
      const result = await run((a, s) => a.saveSettings(s, { config }));
      if (!result.ok) return setErrors([{ path: '(screen)', message: result.error }]);
      setSaved(result.value);
      setErrors(result.value.saved ? [] : result.value.errors);
      if (result.value.saved && result.value.applied === 'live') void load();
    });

  const test = () =>
    withDraft(async (config) => {
      setTested('testing');
      const result = await run((a, s) => a.testConnection(s, { config }));
      setTested(result.ok ? result.value : { ok: false, message: result.error });
      if (result.ok && result.value.errors) setErrors(result.value.errors);
    });

  const restart = async () => {
    setRestarting(true);
    await run((a, s) => a.restart(s, {}));
    setRestarting(false);
    setSaved(null);
    await load();
  };

  const set = (path: string, value: string | boolean) => setValues((v) => ({ ...v, [path]: value }));
  const errorFor = (path: string) => errors.filter((e) => e.path === path || e.path.startsWith(`${path}.`));
  const shown = new Set(fields(kind).map((f) => f.path));
  const otherErrors = errors.filter(
    (e) => ![...shown].some((p) => e.path === p || e.path.startsWith(`${p}.`)),
  );

  if (!view) return <p className="admin__error">{loadError}</p>;

  const input = (field: Field) => {
    const id = `f-${field.path}`;
    const value = values[field.path] ?? '';
    const masked = getPath(view.config, field.path);
    const isSet = typeof masked === 'object' && masked !== null && (masked as { set?: boolean }).set === true;
    const common = {
      id,
      'data-path': field.path,
      'aria-invalid': errorFor(field.path).length > 0,
      onFocus: () => setFocused(field.kind === 'bool' || field.kind === 'select' ? null : field.path),
    };
    let control;
    switch (field.kind) {
      case 'bool':
        control = (
          <input
            {...common}
            type="checkbox"
            checked={value === true}
            onChange={(e) => set(field.path, e.target.checked)}
          />
        );
        break;
      case 'select':
        control = (
          <select {...common} value={String(value)} onChange={(e) => set(field.path, e.target.value)}>
            <option value="">—</option>
            {field.options!.map((o) => (
              <option key={o} value={o}>
                {o}
              </option>
            ))}
          </select>
        );
        break;
      case 'json':
        control = (
          <textarea
            {...common}
            rows={4}
            value={String(value)}
            onChange={(e) => set(field.path, e.target.value)}
          />
        );
        break;
      default:
        control = (
          <input
            {...common}
            type={field.kind === 'secret' ? 'password' : 'text'}
            inputMode={field.kind === 'number' ? 'numeric' : 'text'}
            autoComplete="off"
            placeholder={
              field.kind === 'secret' ? (isSet ? `•••• ${t('admin.secretSet')}` : t('admin.secretUnset')) : ''
            }
            value={String(value)}
            onChange={(e) => set(field.path, e.target.value)}
          />
        );
    }
    return (
      <div key={field.path} className="field">
        <label htmlFor={id}>
          {field.label} <span className="field__path">{field.path}</span>
        </label>
        {control}
        {errorFor(field.path).map((e) => (
          <p key={e.path + e.message} className="field__error" data-error-for={e.path}>
            {e.path !== field.path && `${e.path}: `}
            {e.message}
          </p>
        ))}
      </div>
    );
  };

  return (
    <form className="settings" onSubmit={(e) => e.preventDefault()} data-settings-mode={view.mode}>
      {view.mode !== 'configured' && (
        <p className="admin__notice" data-testid="settings-mode">
          {view.mode === 'demo'
            ? t('admin.modeDemo')
            : view.mode === 'invalid'
              ? t('admin.modeInvalid')
              : t('admin.modeNotConfigured')}
        </p>
      )}
      {otherErrors.length > 0 && (
        <ul className="field__error" data-testid="other-errors">
          {otherErrors.map((e) => (
            <li key={e.path + e.message} data-error-for={e.path}>
              {e.path}: {e.message}
            </li>
          ))}
        </ul>
      )}
      <fieldset>
        <legend>{t('admin.providerSection')}</legend>
        <div className="field">
          <label htmlFor="f-provider.kind">
            {t('admin.provider')} <span className="field__path">provider.kind</span>
          </label>
          <select
            id="f-provider.kind"
            data-path="provider.kind"
            value={kind}
            onChange={(e) => {
              const k = e.target.value as Kind;
              setKind(k);
              const base =
                getPath(view.config, 'provider.kind') === k
                  ? view.config
                  : { ...view.config, provider: { kind: k } };
              setValues(formFor(base as Record<string, unknown>, fields(k)));
            }}
          >
            {PROVIDER_KINDS.map((k) => (
              <option key={k} value={k}>
                {k}
              </option>
            ))}
          </select>
        </div>
        {PROVIDER_FIELDS[kind].map(input)}
        {view.events.length > 0 && (
          <p className="admin__muted" data-testid="synced-events">
            {t('admin.syncedEvents')}: {view.events.map((e) => `${e.name} (${e.id})`).join(' · ')}
          </p>
        )}
      </fieldset>
      <fieldset>
        <legend>{t('admin.general')}</legend>
        {generalFields().map(input)}
      </fieldset>
      <fieldset>
        <legend>{t('admin.devicesSection')}</legend>
        {deviceFields().map(input)}
      </fieldset>
      <div className="settings__actions">
        <button type="button" data-testid="test-connection" onClick={() => void test()}>
          {t('admin.testConnection')}
        </button>
        <button type="button" className="admin__primary" data-testid="save" onClick={() => void save()}>
          {t('admin.save')}
        </button>
        {saved?.saved && saved.applied === 'restart' && (
          <button type="button" data-testid="restart" disabled={restarting} onClick={() => void restart()}>
            {restarting ? t('admin.restarting') : t('admin.restart')}
          </button>
        )}
      </div>
      <p
        role="status"
        data-testid="connection-result"
        data-ok={tested && tested !== 'testing' ? String(tested.ok) : undefined}
      >
        {tested === 'testing' ? t('admin.testing') : (tested?.message ?? '')}
      </p>
      <p
        role="status"
        data-testid="save-result"
        data-applied={saved?.saved ? saved.applied : saved ? 'refused' : undefined}
      >
        {saved &&
          (saved.saved
            ? saved.applied === 'live'
              ? t('admin.savedLive')
              : saved.applied === 'restart'
                ? t('admin.restartNeeded')
                : t('admin.savedNone')
            : t('admin.notSaved'))}
      </p>
      {focused && (
        <OnScreenKeyboard
          onKey={(ch) => set(focused, `${String(values[focused] ?? '')}${ch}`)}
          onBackspace={() => set(focused, String(values[focused] ?? '').slice(0, -1))}
          onDone={() => setFocused(null)}
        />
      )}
    </form>
  );
}
