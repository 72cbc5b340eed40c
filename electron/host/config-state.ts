import type { KioskConfig } from '../core/config/kiosk-config.js';
import { checkConfig, ConfigError, readConfigFile } from '../core/config/load-config.js';
import { writeConfigFile } from '../core/config/config-file.js';
import {
  CONFIG_SECRET_PREFIX,
  findSecrets,
  mergeSecrets,
  withoutSecrets,
} from '../core/secrets/config-secrets.js';
import type { SecretStore } from '../core/secrets/secret-store.js';
import type { Logger } from '../core/logger.js';

/** Where the kiosk's configuration stands at start (and after every restart). */
export type ConfigState =
  /** config.json is valid; `raw` is the file's content (without secrets). */
  | { mode: 'configured'; config: KioskConfig; raw: Record<string, unknown> }
  /** No config.json: the built-in demo runs. */
  | { mode: 'demo' }
  /** No config.json and the demo is off: the "not configured" screen. */
  | { mode: 'not-configured' }
  /** config.json is there but cannot be used: the problems are the tech's first screen. */
  | { mode: 'invalid'; error: ConfigError; raw?: Record<string, unknown> };

/**
 * The configuration's secrets from the store: dotted path → value. An entry that cannot be decrypted (a
 * different key file) is left out — the setting then shows as missing — and named in `unreadable`.
 */
export function storedConfigSecrets(store: SecretStore, unreadable: string[] = []): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name of store.names(CONFIG_SECRET_PREFIX)) {
    let value: string | undefined;
    try {
      value = store.get(name);
    } catch {
      unreadable.push(name.slice(CONFIG_SECRET_PREFIX.length));
      continue;
    }
    if (value !== undefined) out[name.slice(CONFIG_SECRET_PREFIX.length)] = value;
  }
  return out;
}

/**
 * Saves a configuration the way the kiosk keeps it: secrets into the encrypted store (entries no longer in
 * the configuration removed), everything else into config.json (0600, atomic).
 */
export function saveConfiguration(
  dataDir: string,
  store: SecretStore,
  config: Record<string, unknown>,
): void {
  const secrets = findSecrets(config);
  const stale = store
    .names(CONFIG_SECRET_PREFIX)
    .filter((n) => !(n.slice(CONFIG_SECRET_PREFIX.length) in secrets));
  store.update(
    Object.fromEntries(Object.entries(secrets).map(([path, value]) => [CONFIG_SECRET_PREFIX + path, value])),
    stale,
  );
  writeConfigFile(dataDir, withoutSecrets(config));
}

/**
 * Reads config.json: secrets written there in clear (an older kiosk, or a hand-edited file) move into the
 * encrypted store and the file is rewritten without them; the stored secrets are merged back in; the
 * result is checked completely (one problem per field).
 */
export function resolveConfig(
  dataDir: string,
  store: SecretStore,
  opts: { demo: boolean; logger: Logger },
): ConfigState {
  let read;
  try {
    read = readConfigFile(dataDir);
  } catch (err) {
    if (err instanceof ConfigError) return { mode: 'invalid', error: err };
    throw err;
  }
  if (!read) return { mode: opts.demo ? 'demo' : 'not-configured' };
  const raw = read.raw;
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw))
    return {
      mode: 'invalid',
      error: new ConfigError(read.file, [{ path: '(file)', message: 'must be a JSON object { … }' }]),
    };
  const plain = findSecrets(raw);
  if (Object.keys(plain).length > 0) {
    store.update(
      Object.fromEntries(Object.entries(plain).map(([path, value]) => [CONFIG_SECRET_PREFIX + path, value])),
    );
    writeConfigFile(dataDir, withoutSecrets(raw));
    opts.logger.warn(
      { fields: Object.keys(plain) },
      'secrets found in config.json moved into the encrypted store; config.json rewritten without them',
    );
  }
  const stripped = withoutSecrets(raw) as Record<string, unknown>;
  const unreadable: string[] = [];
  const secrets = storedConfigSecrets(store, unreadable);
  if (unreadable.length > 0)
    opts.logger.error(
      { code: 'SECRETS-UNREADABLE', fields: unreadable },
      'stored secrets cannot be decrypted with this key file; enter them again on the technician console',
    );
  const checked = checkConfig(mergeSecrets(stripped, secrets));
  if (!checked.ok)
    return { mode: 'invalid', error: new ConfigError(read.file, checked.problems), raw: stripped };
  return { mode: 'configured', config: checked.config, raw: stripped };
}
