import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { chmodSync, linkSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';

/**
 * Encrypts one secret at a time. The web shell uses a key file (KeyFileCipher); the Electron shell the
 * OS keychain through `safeStorage` (SafeStorageCipher). `label` is the secret's name: an envelope only
 * decrypts under the name it was written for, so two entries of the store cannot be swapped.
 */
export interface SecretCipher {
  /** Written into the store file, so a store is never fed to the other shell's cipher. */
  readonly scheme: string;
  encrypt(plain: string, label: string): string;
  decrypt(envelope: string, label: string): string;
}

export class SecretDecryptError extends Error {
  override name = 'SecretDecryptError';
}

const VERSION = 1;
const KEY_BYTES = 32;
const IV_BYTES = 12;
const TAG_BYTES = 16;

/**
 * AES-256-GCM with a random 96-bit IV per envelope and the label as associated data. The key is 32
 * random bytes in a file readable only by the kiosk user (0600), outside config.json: `secret.key` in the
 * data dir, or `$GATEPOST_KEY_FILE` (e.g. on another mount). Created on first use.
 */
export class KeyFileCipher implements SecretCipher {
  readonly scheme = 'aes-256-gcm/key-file';
  private readonly key: Buffer;

  constructor(readonly keyFile: string) {
    this.key = loadOrCreateKey(keyFile);
  }

  encrypt(plain: string, label: string): string {
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', this.key, iv);
    cipher.setAAD(Buffer.from(label, 'utf8'));
    const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
    return Buffer.concat([Buffer.from([VERSION]), iv, cipher.getAuthTag(), body]).toString('base64');
  }

  decrypt(envelope: string, label: string): string {
    const bytes = Buffer.from(envelope, 'base64');
    if (bytes.length < 1 + IV_BYTES + TAG_BYTES || bytes[0] !== VERSION)
      throw new SecretDecryptError(`secret "${label}": not an envelope this kiosk wrote`);
    const iv = bytes.subarray(1, 1 + IV_BYTES);
    const tag = bytes.subarray(1 + IV_BYTES, 1 + IV_BYTES + TAG_BYTES);
    const decipher = createDecipheriv('aes-256-gcm', this.key, iv);
    decipher.setAAD(Buffer.from(label, 'utf8'));
    decipher.setAuthTag(tag);
    try {
      const body = bytes.subarray(1 + IV_BYTES + TAG_BYTES);
      return Buffer.concat([decipher.update(body), decipher.final()]).toString('utf8');
    } catch {
      throw new SecretDecryptError(
        `secret "${label}" cannot be decrypted with ${this.keyFile} (wrong key file?)`,
      );
    }
  }
}

function loadOrCreateKey(file: string): Buffer {
  let key: Buffer | undefined;
  try {
    key = readFileSync(file);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
  // Empty: a creation cut short by an older version on a full disk; nothing was ever encrypted with it.
  if (key === undefined || key.length === 0) key = createKey(file, key !== undefined);
  if (key.length !== KEY_BYTES) throw new SecretDecryptError(`${file}: not a ${KEY_BYTES}-byte key file`);
  // A key file copied in by hand may be group- or world-readable; only the kiosk user may read it.
  if ((statSync(file).mode & 0o077) !== 0) chmodSync(file, 0o600);
  return key;
}

/**
 * A new key, written whole or not at all: into a temporary file first, then linked to its name. A full
 * disk used to leave an empty key file that failed every later start. The link never replaces a key
 * another process created a moment ago (its secrets would be lost): that key is read instead.
 */
function createKey(file: string, replaceEmpty: boolean): Buffer {
  const key = randomBytes(KEY_BYTES);
  const temp = `${file}.new-${process.pid}`;
  try {
    writeFileSync(temp, key, { mode: 0o600 });
    if (replaceEmpty) renameSync(temp, file);
    else linkSync(temp, file);
    return key;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    return readFileSync(file);
  } finally {
    rmSync(temp, { force: true });
  }
}

/** The part of Electron's `safeStorage` the cipher uses (a fake in tests; Electron cannot run here). */
export interface SafeStorageLike {
  isEncryptionAvailable(): boolean;
  encryptString(plain: string): Buffer;
  decryptString(encrypted: Buffer): string;
  /** Linux only: `basic_text` means no keyring — a key compiled into Electron, no protection at all. */
  getSelectedStorageBackend?(): string;
}

/**
 * The Electron shell's cipher: the OS keychain through safeStorage where there is one; on a Linux kiosk
 * without a keyring (safeStorage falls back to `basic_text`, a fixed key) the key file is the better
 * protection, so `fallback` is used instead.
 */
export function electronCipher(safeStorage: SafeStorageLike, fallback: () => SecretCipher): SecretCipher {
  const backend = safeStorage.getSelectedStorageBackend?.();
  if (!safeStorage.isEncryptionAvailable() || backend === 'basic_text' || backend === 'unknown')
    return fallback();
  return new SafeStorageCipher(safeStorage);
}

/**
 * Electron's `safeStorage` (the OS keychain / libsecret / DPAPI) behind the same interface. safeStorage
 * has no associated data, so the label is sealed inside the plaintext and checked on the way out.
 */
export class SafeStorageCipher implements SecretCipher {
  readonly scheme = 'electron-safe-storage';

  constructor(private readonly safeStorage: SafeStorageLike) {
    if (!safeStorage.isEncryptionAvailable())
      throw new SecretDecryptError('the OS keychain is not available to Electron safeStorage');
  }

  encrypt(plain: string, label: string): string {
    return this.safeStorage.encryptString(JSON.stringify({ label, plain })).toString('base64');
  }

  decrypt(envelope: string, label: string): string {
    let sealed: { label?: unknown; plain?: unknown };
    try {
      sealed = JSON.parse(this.safeStorage.decryptString(Buffer.from(envelope, 'base64'))) as typeof sealed;
    } catch {
      throw new SecretDecryptError(`secret "${label}" cannot be decrypted by the OS keychain`);
    }
    if (sealed.label !== label || typeof sealed.plain !== 'string')
      throw new SecretDecryptError(`secret "${label}": envelope belongs to another entry`);
    return sealed.plain;
  }
}
