import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync, chmodSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  electronCipher,
  KeyFileCipher,
  SafeStorageCipher,
  SecretDecryptError,
  type SafeStorageLike,
} from '../../../electron/core/secrets/secret-cipher.js';
import { SecretStore, SecretStoreError } from '../../../electron/core/secrets/secret-store.js';
import {
  findSecrets,
  maskSecrets,
  mergeSecrets,
  withoutSecrets,
} from '../../../electron/core/secrets/config-secrets.js';
import { secureDataDir } from '../../../electron/core/secrets/data-dir-permissions.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'gatepost-secrets-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const SECRET = 'vivenu-access-token-5a1e';

describe('key-file secret store', () => {
  it('keeps secrets encrypted at rest, readable back, with a 0600 key file and store', () => {
    const store = SecretStore.inDataDir(dir, new KeyFileCipher(join(dir, 'secret.key')));
    store.set('config:provider.accessToken', SECRET);
    const onDisk = readFileSync(join(dir, 'secrets.json'), 'utf8');
    expect(onDisk).not.toContain(SECRET);
    expect(statSync(join(dir, 'secrets.json')).mode & 0o777).toBe(0o600);
    expect(statSync(join(dir, 'secret.key')).mode & 0o777).toBe(0o600);
    const reopened = SecretStore.inDataDir(dir, new KeyFileCipher(join(dir, 'secret.key')));
    expect(reopened.get('config:provider.accessToken')).toBe(SECRET);
  });

  it('an envelope moved to another name does not decrypt (the name is authenticated)', () => {
    const store = SecretStore.inDataDir(dir, new KeyFileCipher(join(dir, 'secret.key')));
    store.update({ a: 'one', b: 'two' });
    const file = JSON.parse(readFileSync(join(dir, 'secrets.json'), 'utf8')) as {
      secrets: Record<string, string>;
    };
    file.secrets.b = file.secrets.a!;
    writeFileSync(join(dir, 'secrets.json'), JSON.stringify(file));
    const reopened = SecretStore.inDataDir(dir, new KeyFileCipher(join(dir, 'secret.key')));
    expect(reopened.get('a')).toBe('one');
    expect(() => reopened.get('b')).toThrow(SecretDecryptError);
  });

  it('another key file cannot read the store', () => {
    SecretStore.inDataDir(dir, new KeyFileCipher(join(dir, 'secret.key'))).set('x', SECRET);
    const other = SecretStore.inDataDir(dir, new KeyFileCipher(join(dir, 'other.key')));
    expect(() => other.get('x')).toThrow(/wrong key file/);
  });

  it('an empty key file (a creation a full disk cut short) is replaced by a whole key', () => {
    writeFileSync(join(dir, 'secret.key'), '');
    const store = SecretStore.inDataDir(dir, new KeyFileCipher(join(dir, 'secret.key')));
    store.set('x', SECRET);
    expect(readFileSync(join(dir, 'secret.key'))).toHaveLength(32);
    expect(SecretStore.inDataDir(dir, new KeyFileCipher(join(dir, 'secret.key'))).get('x')).toBe(SECRET);
  });

  it('a key that cannot be written leaves no key file behind', () => {
    writeFileSync(join(dir, 'file'), '');
    expect(() => new KeyFileCipher(join(dir, 'file', 'secret.key'))).toThrow(/ENOTDIR/);
    expect(readdirSync(dir)).toEqual(['file']);
  });

  it('a key file of the wrong size is refused, never replaced', () => {
    writeFileSync(join(dir, 'secret.key'), 'short');
    expect(() => new KeyFileCipher(join(dir, 'secret.key'))).toThrow(/not a 32-byte key file/);
    expect(readFileSync(join(dir, 'secret.key'), 'utf8')).toBe('short');
  });

  it('a key file readable by others is tightened to 0600', () => {
    new KeyFileCipher(join(dir, 'secret.key'));
    chmodSync(join(dir, 'secret.key'), 0o644);
    new KeyFileCipher(join(dir, 'secret.key'));
    expect(statSync(join(dir, 'secret.key')).mode & 0o777).toBe(0o600);
  });

  it('a store written by the other shell is refused with a clear reason', () => {
    SecretStore.inDataDir(dir, new KeyFileCipher(join(dir, 'secret.key'))).set('x', 'y');
    expect(() => SecretStore.inDataDir(dir, new SafeStorageCipher(fakeSafeStorage()))).toThrow(
      SecretStoreError,
    );
  });
});

function fakeSafeStorage(available = true): SafeStorageLike & { sealed: Buffer[] } {
  // Stands in for the OS keychain: reversible, but never the plain text on the way out.
  const sealed: Buffer[] = [];
  return {
    sealed,
    isEncryptionAvailable: () => available,
    encryptString: (plain) => {
      const b = Buffer.from(Buffer.from(plain, 'utf8').map((x) => x ^ 0x5a));
      sealed.push(b);
      return b;
    },
    decryptString: (b) => Buffer.from(b.map((x) => x ^ 0x5a)).toString('utf8'),
  };
}

describe('Electron safeStorage branch (with a fake safeStorage)', () => {
  it('stores through safeStorage and reads back under the same name only', () => {
    const safe = fakeSafeStorage();
    const store = SecretStore.inDataDir(dir, new SafeStorageCipher(safe));
    store.update({ a: SECRET, b: 'other' });
    expect(readFileSync(join(dir, 'secrets.json'), 'utf8')).not.toContain(SECRET);
    expect(safe.sealed).toHaveLength(2);
    expect(SecretStore.inDataDir(dir, new SafeStorageCipher(safe)).get('a')).toBe(SECRET);
    const file = JSON.parse(readFileSync(join(dir, 'secrets.json'), 'utf8')) as {
      secrets: Record<string, string>;
    };
    file.secrets.b = file.secrets.a!;
    writeFileSync(join(dir, 'secrets.json'), JSON.stringify(file));
    expect(() => SecretStore.inDataDir(dir, new SafeStorageCipher(safe)).get('b')).toThrow(/another entry/);
  });

  it('refuses to start without an OS keychain', () => {
    expect(() => new SafeStorageCipher(fakeSafeStorage(false))).toThrow(/not available/);
  });

  it('the Electron shell uses the keychain, or the key file where safeStorage has no keyring (basic_text)', () => {
    const keyFile = () => new KeyFileCipher(join(dir, 'secret.key'));
    expect(electronCipher(fakeSafeStorage(), keyFile).scheme).toBe('electron-safe-storage');
    const noKeyring = { ...fakeSafeStorage(), getSelectedStorageBackend: () => 'basic_text' };
    expect(electronCipher(noKeyring, keyFile).scheme).toBe('aes-256-gcm/key-file');
    expect(electronCipher(fakeSafeStorage(false), keyFile).scheme).toBe('aes-256-gcm/key-file');
  });
});

describe('configuration secrets', () => {
  const config = {
    deviceName: 'North',
    provider: { kind: 'vivenu', accessToken: SECRET, apiKey: 'key_1', eventIds: ['e1'] },
  };

  it('finds credentials by key name wherever they are', () => {
    expect(findSecrets(config)).toEqual({ 'provider.accessToken': SECRET, 'provider.apiKey': 'key_1' });
    expect(findSecrets({ devices: { nfc: { keys: [{ privateKey: 'pk' }] } } })).toEqual({
      'devices.nfc.keys.0.privateKey': 'pk',
    });
  });

  it('strips, masks and merges them back', () => {
    const stripped = withoutSecrets(config);
    expect(JSON.stringify(stripped)).not.toContain(SECRET);
    expect(maskSecrets(config).provider.accessToken).toEqual({ set: true });
    expect(mergeSecrets(stripped, findSecrets(config))).toEqual(config);
    // A secret whose block is gone stays out.
    expect(mergeSecrets({ deviceName: 'x' }, { 'provider.apiKey': 'k' })).toEqual({ deviceName: 'x' });
  });
});

describe('data dir permissions', () => {
  it('tightens the dir to 0700 and its files to 0600', () => {
    writeFileSync(join(dir, 'journal.sqlite3'), 'x', { mode: 0o644 });
    writeFileSync(join(dir, 'gatepost.log'), 'x', { mode: 0o644 });
    chmodSync(dir, 0o755);
    const fixed = secureDataDir(dir);
    expect(fixed.sort()).toEqual(['.', 'gatepost.log', 'journal.sqlite3']);
    expect(statSync(dir).mode & 0o777).toBe(0o700);
    expect(statSync(join(dir, 'journal.sqlite3')).mode & 0o777).toBe(0o600);
    expect(secureDataDir(dir)).toEqual([]);
  });
});
