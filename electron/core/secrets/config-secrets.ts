/**
 * Which configuration values are secrets, and moving them between config.json and the encrypted store.
 * A secret is any string value whose key names a credential (apiKey, accessToken, password, privateKey…),
 * wherever it sits (provider block, NFC keys, future blocks), so a new provider's credential is covered
 * without a list to keep up to date.
 */
const SECRET_KEY = /(api[-_]?key|access[-_]?token|^token|secret|password|passphrase|private[-_]?key)$/i;

export function isSecretKey(key: string): boolean {
  return SECRET_KEY.test(key);
}

/** Store names of configuration secrets: `config:` + the dotted path. */
export const CONFIG_SECRET_PREFIX = 'config:';

type Json = unknown;
const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/** Every secret leaf: dotted path → value. */
export function findSecrets(value: Json, path: string[] = [], out: Record<string, string> = {}) {
  if (Array.isArray(value)) value.forEach((v, i) => findSecrets(v, [...path, String(i)], out));
  else if (isRecord(value))
    for (const [key, child] of Object.entries(value)) {
      if (typeof child === 'string' && isSecretKey(key)) out[[...path, key].join('.')] = child;
      else findSecrets(child, [...path, key], out);
    }
  return out;
}

/** A deep copy of `value` with every secret leaf removed (what config.json and exports hold). */
export function withoutSecrets<T>(value: T): T {
  return mapSecrets(value, () => undefined);
}

/** A deep copy with each secret leaf replaced by `{ set: true }` (what the technician's screen sees). */
export function maskSecrets<T>(value: T): T {
  return mapSecrets(value, () => ({ set: true }));
}

function mapSecrets<T>(value: T, replace: (path: string) => unknown, path: string[] = []): T {
  if (Array.isArray(value)) return value.map((v, i) => mapSecrets(v, replace, [...path, String(i)])) as T;
  if (!isRecord(value)) return value;
  const out: Record<string, unknown> = {};
  for (const [key, child] of Object.entries(value)) {
    if (typeof child === 'string' && isSecretKey(key)) {
      const replaced = replace([...path, key].join('.'));
      if (replaced !== undefined) out[key] = replaced;
    } else out[key] = mapSecrets(child, replace, [...path, key]);
  }
  return out as T;
}

/**
 * Puts stored secrets back into a configuration: each at its path, where the enclosing object exists
 * (a secret of a provider block that is no longer configured stays out). Returns a deep copy.
 */
export function mergeSecrets<T>(value: T, secrets: Record<string, string>): T {
  const copy = structuredClone(value);
  for (const [path, secret] of Object.entries(secrets)) {
    const parts = path.split('.');
    const key = parts.pop()!;
    let parent: unknown = copy;
    for (const part of parts)
      parent = isRecord(parent) || Array.isArray(parent) ? (parent as never)[part] : undefined;
    if (isRecord(parent) && parent[key] === undefined) parent[key] = secret;
  }
  return copy;
}

/** `{ set: true }` / `{ set: false }` as the screen sends a secret it did not change. */
export function isMaskedSecret(value: unknown): value is { set: boolean } {
  return isRecord(value) && typeof value.set === 'boolean' && Object.keys(value).length === 1;
}
