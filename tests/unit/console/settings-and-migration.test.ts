import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../../../electron/core/journal/database.js';
import { KeyFileCipher } from '../../../electron/core/secrets/secret-cipher.js';
import { SecretStore } from '../../../electron/core/secrets/secret-store.js';
import { moveNfcKeysOutOfJournal, nfcKeysInStore } from '../../../electron/host/secrets-setup.js';
import { diffSettings, resolveDraft } from '../../../electron/host/settings-service.js';
import { resolveConfig } from '../../../electron/host/config-state.js';
import { createLogger } from '../../../electron/core/logger.js';
import { writeFileSync } from 'node:fs';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'gatepost-console-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const KEYS = { apple: [{ ID: 'a1', private_key: 'apple-private-key-in-clear' }] };

describe('NFC keys move out of the journal', () => {
  it('keys an older version stored in ref_meta go into the encrypted store; no database file keeps them', () => {
    const db = openDatabase(join(dir, 'journal.sqlite3'));
    db.prepare(
      `INSERT INTO ref_meta (provider, synced_at, has_ticket_list, event_count, ticket_count, nfc_keys)
       VALUES ('entry-v1', 1, 0, 0, 0, ?)`,
    ).run(JSON.stringify(KEYS));
    db.pragma('wal_checkpoint(TRUNCATE)');
    const store = SecretStore.inDataDir(dir, new KeyFileCipher(join(dir, 'secret.key')));
    expect(moveNfcKeysOutOfJournal(db, store)).toBe(1);
    expect(moveNfcKeysOutOfJournal(db, store)).toBe(0);
    expect(nfcKeysInStore(store).load('entry-v1')).toEqual(KEYS);
    db.close();
    for (const file of readdirSync(dir))
      expect(readFileSync(join(dir, file)).includes(Buffer.from('apple-private-key-in-clear')), file).toBe(
        false,
      );
  });
});

describe('settings drafts', () => {
  const stored = { 'provider.apiKey': 'k-stored' };
  const previous = { deviceName: 'A', provider: { kind: 'entry-v1', apiKey: 'k-stored', venueCode: 'TS' } };

  it('a masked secret keeps its stored value, {set:false} clears it, a new string replaces it', () => {
    const draft = (apiKey: unknown) => ({
      deviceName: 'A',
      provider: { kind: 'entry-v1', apiKey, venueCode: 'TS' },
    });
    expect(resolveDraft(draft({ set: true }), previous, stored)).toEqual(previous);
    expect(resolveDraft(draft({ set: false }), previous, stored)).toEqual({
      deviceName: 'A',
      provider: { kind: 'entry-v1', venueCode: 'TS' },
    });
    expect(resolveDraft(draft('k-new'), previous, stored).provider).toMatchObject({ apiKey: 'k-new' });
  });

  it('an imported file without secrets keeps them for the same provider, not for another', () => {
    const imported = { deviceName: 'B', provider: { kind: 'entry-v1', venueCode: 'TS' } };
    expect(resolveDraft(imported, previous, stored).provider).toMatchObject({ apiKey: 'k-stored' });
    const other = { provider: { kind: 'walletthat' } };
    expect(resolveDraft(other, previous, stored)).toEqual({ provider: { kind: 'walletthat' } });
  });

  it('the admin journal gets each changed field, secrets masked', () => {
    const next = { deviceName: 'B', provider: { kind: 'entry-v1', apiKey: 'k-new', venueCode: 'TS' } };
    expect(diffSettings(previous, next)).toEqual([
      { path: 'deviceName', oldValue: '"A"', newValue: '"B"' },
      { path: 'provider.apiKey', oldValue: '(secret)', newValue: '(secret, changed)' },
    ]);
  });
});

describe('plain-text secrets in an older config.json', () => {
  it('move into the store on start; config.json is rewritten without them', () => {
    writeFileSync(
      join(dir, 'config.json'),
      JSON.stringify({ provider: { kind: 'walletthat', apiKey: 'wt-plain-1', passTemplateId: 't' } }),
    );
    const store = SecretStore.inDataDir(dir, new KeyFileCipher(join(dir, 'secret.key')));
    const logger = createLogger({ level: 'silent', toStderr: false });
    const state = resolveConfig(dir, store, { demo: true, logger });
    expect(state.mode).toBe('configured');
    expect(state.mode === 'configured' && state.config.provider).toMatchObject({ apiKey: 'wt-plain-1' });
    expect(readFileSync(join(dir, 'config.json'), 'utf8')).not.toContain('wt-plain-1');
    expect(store.get('config:provider.apiKey')).toBe('wt-plain-1');
  });
});
