import type { FieldError, SaveResult } from '../common/admin-contract.js';
import type { KioskConfig } from '../core/config/kiosk-config.js';
import { checkConfig } from '../core/config/load-config.js';
import { isMaskedSecret, isSecretKey, mergeSecrets, findSecrets } from '../core/secrets/config-secrets.js';

/** Settings that take effect for the next scan without a restart (the rest need one). */
export const LIVE_SETTINGS = [
  'deviceName',
  'decisionBudgetMs',
  'resultHoldMs',
  'sounds',
  'wedge',
  'maxTokenChars',
  'maxScansInFlight',
  'logLevel',
  'display',
] as const;

const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * Turns what the screen (or an imported file, or a provisioning code) sent into a complete configuration:
 * a secret sent back masked (`{set: true}`) keeps its stored value, `{set: false}` clears it, a new string
 * replaces it; a secret left out keeps its stored value while the provider stays the same (an exported
 * file has no secrets). Returns a deep copy.
 */
export function resolveDraft(
  draft: Record<string, unknown>,
  previous: Record<string, unknown>,
  stored: Record<string, string>,
): Record<string, unknown> {
  const resolve = (value: unknown, path: string[]): unknown => {
    if (Array.isArray(value)) return value.map((v, i) => resolve(v, [...path, String(i)]));
    if (!isRecord(value)) return value;
    const out: Record<string, unknown> = {};
    for (const [key, child] of Object.entries(value)) {
      const childPath = [...path, key];
      if (isSecretKey(key) && isMaskedSecret(child)) {
        const kept = stored[childPath.join('.')];
        if (child.set && kept !== undefined) out[key] = kept;
      } else out[key] = resolve(child, childPath);
    }
    return out;
  };
  const resolved = resolve(draft, []) as Record<string, unknown>;
  const kind = (c: Record<string, unknown>) => (isRecord(c.provider) ? c.provider.kind : undefined);
  const keep =
    kind(resolved) === kind(previous)
      ? stored
      : Object.fromEntries(Object.entries(stored).filter(([path]) => !path.startsWith('provider.')));
  // Only secrets the draft did not mention: an explicit `{set: false}` stays cleared.
  const mentioned = new Set(Object.keys(findSecrets(draft)).concat(maskedPaths(draft)));
  return mergeSecrets(
    resolved,
    Object.fromEntries(Object.entries(keep).filter(([path]) => !mentioned.has(path))),
  );
}

function maskedPaths(value: unknown, path: string[] = [], out: string[] = []): string[] {
  if (Array.isArray(value)) value.forEach((v, i) => maskedPaths(v, [...path, String(i)], out));
  else if (isRecord(value))
    for (const [key, child] of Object.entries(value)) {
      if (isSecretKey(key) && isMaskedSecret(child)) out.push([...path, key].join('.'));
      else maskedPaths(child, [...path, key], out);
    }
  return out;
}

/** Leaf path → JSON of the value; arrays of scalars are one leaf (a list is one setting). */
export function flatten(value: unknown, path: string[] = [], out = new Map<string, string>()) {
  if (isRecord(value)) {
    // An empty block is the same as none (every key in it has its default).
    for (const [key, child] of Object.entries(value)) flatten(child, [...path, key], out);
  } else if (Array.isArray(value) && value.some((v) => isRecord(v) || Array.isArray(v)))
    value.forEach((v, i) => flatten(v, [...path, String(i)], out));
  else if (path.length > 0) out.set(path.join('.'), JSON.stringify(value));
  return out;
}

export interface SettingChange {
  path: string;
  oldValue: string | undefined;
  newValue: string | undefined;
}

/** What differs between two configurations, with secret values masked (they go to the admin journal). */
export function diffSettings(before: unknown, after: unknown): SettingChange[] {
  const a = flatten(before);
  const b = flatten(after);
  const changes: SettingChange[] = [];
  for (const path of new Set([...a.keys(), ...b.keys()])) {
    const oldValue = a.get(path);
    const newValue = b.get(path);
    if (oldValue === newValue) continue;
    const secret = isSecretKey(path.split('.').at(-1) ?? '');
    const mask = (v: string | undefined) => (v === undefined ? undefined : '(secret)');
    changes.push(
      secret
        ? {
            path,
            oldValue: mask(oldValue),
            newValue: newValue === undefined ? undefined : '(secret, changed)',
          }
        : { path, oldValue, newValue },
    );
  }
  return changes.sort((x, y) => x.path.localeCompare(y.path));
}

export function isLiveChange(path: string): boolean {
  return (LIVE_SETTINGS as readonly string[]).includes(path.split('.')[0]!);
}

export type CheckedDraft =
  | { ok: true; config: KioskConfig; candidate: Record<string, unknown> }
  | {
      ok: false;
      result: Extract<SaveResult, { saved: false }>;
    };

export function checkDraft(candidate: Record<string, unknown>): CheckedDraft {
  const checked = checkConfig(candidate);
  if (!checked.ok)
    return {
      ok: false,
      result: {
        saved: false,
        errors: checked.problems
          .slice(0, 50)
          .map((p): FieldError => ({ path: p.path.slice(0, 200), message: p.message.slice(0, 300) })),
      },
    };
  return { ok: true, config: checked.config, candidate };
}

/** Replaces every secret value in `text` (a provider's error message) before it reaches a screen. */
export function scrubSecrets(text: string, config: unknown): string {
  let out = text;
  for (const value of Object.values(findSecrets(config)))
    if (value.length >= 4) out = out.split(value).join('[secret]');
  return out;
}
