import { renameSync } from 'node:fs';
import { join } from 'node:path';
import type { Db } from '../core/journal/database.js';
import type { NfcKeyStore } from '../core/offline/reference-store.js';
import { KeyFileCipher, type SecretCipher } from '../core/secrets/secret-cipher.js';
import { SECRET_STORE_FILE, SecretStore } from '../core/secrets/secret-store.js';

/** The web shell's cipher: `$GATEPOST_KEY_FILE`, else `secret.key` in the data dir (created 0600). */
export function keyFileCipher(dataDir: string, env: NodeJS.ProcessEnv = process.env): SecretCipher {
  return new KeyFileCipher(env.GATEPOST_KEY_FILE || join(dataDir, 'secret.key'));
}

export function openSecretStore(dataDir: string, cipher: SecretCipher): SecretStore {
  return SecretStore.inDataDir(dataDir, cipher);
}

/** Moves an unreadable secret store aside (`secrets.json.unreadable-<ms>`); returns the new name. */
export function setAsideSecretStore(dataDir: string, now: number): string {
  const aside = `${SECRET_STORE_FILE}.unreadable-${now}`;
  renameSync(join(dataDir, SECRET_STORE_FILE), join(dataDir, aside));
  return aside;
}

/** Provider-synced NFC private keys, in the encrypted store under `nfc-keys:<provider>`. */
export function nfcKeysInStore(store: SecretStore): NfcKeyStore {
  return {
    save: (provider, keys) => store.set(`nfc-keys:${provider}`, JSON.stringify(keys)),
    load: (provider) => {
      const json = store.get(`nfc-keys:${provider}`);
      return json === undefined ? undefined : (JSON.parse(json) as unknown);
    },
  };
}

/**
 * NFC keys an older version synced into `ref_meta.nfc_keys` (clear text in the journal) move into the
 * encrypted store; the column is cleared with secure_delete on (freed bytes are zeroed) and the WAL
 * checkpointed and truncated, so no copy stays in the database files. Returns how many providers' keys
 * moved.
 */
export function moveNfcKeysOutOfJournal(db: Db, store: SecretStore): number {
  const rows = db.prepare('SELECT provider, nfc_keys FROM ref_meta WHERE nfc_keys IS NOT NULL').all() as {
    provider: string;
    nfc_keys: string;
  }[];
  if (rows.length === 0) return 0;
  store.update(Object.fromEntries(rows.map((r) => [`nfc-keys:${r.provider}`, r.nfc_keys])));
  db.pragma('secure_delete = ON');
  db.prepare('UPDATE ref_meta SET nfc_keys = NULL WHERE nfc_keys IS NOT NULL').run();
  db.pragma('wal_checkpoint(TRUNCATE)');
  return rows.length;
}
