import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import { appleKeyId, loadP256PrivateKey, toPkcs8, type P256Key } from '../../../native/nfc/keys.js';
import type { NfcConfig } from './nfc-config.js';

/** One usable key, with where it came from (for staff: the field or the provider entry, never the key). */
export interface AppleKey {
  passTypeId: string;
  key: P256Key;
  origin: string;
}
export interface GoogleKey {
  collectorId: string;
  keyVersion: number;
  key: P256Key;
  origin: string;
}
export interface KeyLoadResult<T> {
  keys: T[];
  /** Staff-readable problems: `devices.nfc.apple[0].keyFile: cannot read … (ENOENT)`. */
  problems: string[];
}

/** Reads the configured key files. A bad file is reported and skipped; the other keys still work. */
export async function loadConfiguredKeys(
  config: Pick<NfcConfig, 'apple' | 'google'>,
  read: (path: string) => Promise<string> = (p) => readFile(p, 'utf8'),
): Promise<{ apple: AppleKey[]; google: GoogleKey[]; problems: string[] }> {
  const problems: string[] = [];
  const load = async (field: string, path: string): Promise<P256Key | undefined> => {
    let text: string;
    try {
      text = await read(path);
    } catch (err) {
      problems.push(`${field}: cannot read ${path} (${(err as NodeJS.ErrnoException).code ?? 'error'})`);
      return undefined;
    }
    try {
      return loadP256PrivateKey(text);
    } catch (err) {
      problems.push(`${field}: ${path}: ${err instanceof Error ? err.message : 'unreadable key'}`);
      return undefined;
    }
  };
  const apple: AppleKey[] = [];
  for (const [i, a] of config.apple.entries()) {
    const field = `devices.nfc.apple[${i}].keyFile`;
    const key = await load(field, a.keyFile);
    if (key) apple.push({ passTypeId: a.passTypeId, key, origin: field });
  }
  const google: GoogleKey[] = [];
  for (const [i, g] of config.google.entries()) {
    const field = `devices.nfc.google[${i}].keyFile`;
    const key = await load(field, g.keyFile);
    if (key) google.push({ collectorId: g.collectorId, keyVersion: g.keyVersion, key, origin: field });
  }
  return { apple, google, problems };
}

const ProviderApple = z.object({
  ID: z.unknown().optional(),
  private_key: z.string().min(1),
  passTypeId: z.string().min(1).max(256),
});
const ProviderGoogle = z.object({
  ID: z.unknown().optional(),
  private_key: z.string().min(1),
  collectorId: z
    .union([z.string(), z.number()])
    .transform(String)
    .pipe(z.string().regex(/^\d{1,10}$/)),
  version: z.union([z.string(), z.number()]).transform(Number).pipe(z.number().int().min(0).max(0xffffffff)),
});

function entryName(kind: string, i: number, raw: unknown): string {
  const id =
    raw && typeof raw === 'object' && 'ID' in raw ? String((raw as { ID: unknown }).ID).slice(0, 40) : '';
  return `provider nfcKeys.${kind}[${i}]${id ? ` (ID ${id})` : ''}`;
}

/**
 * Entry V1 Get Events `nfcKeys` (opaque in the reference data) → keys. Each entry is checked on its own;
 * a bad one is reported by index and ID and skipped.
 */
export function parseProviderKeys(nfcKeys: unknown): {
  apple: AppleKey[];
  google: GoogleKey[];
  problems: string[];
} {
  const problems: string[] = [];
  const apple: AppleKey[] = [];
  const google: GoogleKey[] = [];
  if (nfcKeys === undefined || nfcKeys === null) return { apple, google, problems };
  if (typeof nfcKeys !== 'object') return { apple, google, problems: ['provider nfcKeys is not an object'] };
  const { apple: rawApple, google: rawGoogle } = nfcKeys as { apple?: unknown; google?: unknown };
  for (const [i, raw] of (Array.isArray(rawApple) ? rawApple : []).entries()) {
    const name = entryName('apple', i, raw);
    const parsed = ProviderApple.safeParse(raw);
    if (!parsed.success) {
      problems.push(
        `${name}: missing or invalid ${parsed.error.issues.map((x) => x.path.join('.')).join(', ')}`,
      );
      continue;
    }
    try {
      apple.push({
        passTypeId: parsed.data.passTypeId,
        key: loadP256PrivateKey(parsed.data.private_key),
        origin: name,
      });
    } catch (err) {
      problems.push(`${name}: ${err instanceof Error ? err.message : 'unreadable key'}`);
    }
  }
  for (const [i, raw] of (Array.isArray(rawGoogle) ? rawGoogle : []).entries()) {
    const name = entryName('google', i, raw);
    const parsed = ProviderGoogle.safeParse(raw);
    if (!parsed.success) {
      problems.push(
        `${name}: missing or invalid ${parsed.error.issues.map((x) => x.path.join('.')).join(', ')}`,
      );
      continue;
    }
    try {
      google.push({
        collectorId: parsed.data.collectorId,
        keyVersion: parsed.data.version,
        key: loadP256PrivateKey(parsed.data.private_key),
        origin: name,
      });
    } catch (err) {
      problems.push(`${name}: ${err instanceof Error ? err.message : 'unreadable key'}`);
    }
  }
  return { apple, google, problems };
}

/** Configured and provider keys merged for the reader process: Apple grouped by pass type id, duplicates dropped. */
export function mergeKeys(
  apple: readonly AppleKey[],
  google: readonly GoogleKey[],
): {
  apple: { passTypeId: string; keys: string[] }[];
  google: { collectorId: string; keyVersion: number; key: string }[];
} {
  const byPass = new Map<string, Map<string, string>>();
  for (const a of apple) {
    const set = byPass.get(a.passTypeId) ?? new Map<string, string>();
    set.set(appleKeyId(a.key), toPkcs8(a.key).toString('base64'));
    byPass.set(a.passTypeId, set);
  }
  const seen = new Set<string>();
  const collectors: { collectorId: string; keyVersion: number; key: string }[] = [];
  for (const g of google) {
    const der = toPkcs8(g.key).toString('base64');
    const id = `${g.collectorId}/${g.keyVersion}/${der}`;
    if (seen.has(id)) continue;
    seen.add(id);
    collectors.push({ collectorId: g.collectorId, keyVersion: g.keyVersion, key: der });
  }
  return {
    apple: [...byPass].map(([passTypeId, keys]) => ({ passTypeId, keys: [...keys.values()] })),
    google: collectors,
  };
}
