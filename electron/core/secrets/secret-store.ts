import { existsSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import type { SecretCipher } from './secret-cipher.js';

export const SECRET_STORE_FILE = 'secrets.json';

const StoreFile = z.object({
  version: z.literal(1),
  scheme: z.string().max(64),
  secrets: z.record(z.string().max(200), z.string().max(1_000_000)),
});

export class SecretStoreError extends Error {
  override name = 'SecretStoreError';
}

/** Most entries the store keeps: provider credentials, NFC keys, the badge key — a few dozen at most. */
const MAX_ENTRIES = 256;

/**
 * The encrypted secret store: one JSON file (0600) of envelopes, one per secret, by name (for
 * configuration secrets the dotted config path, e.g. `config:provider.apiKey`). Values are decrypted on
 * read only; the file never holds a secret in clear. Every write replaces the file atomically (temp file
 * + rename), so a crash leaves the old store or the new one, never half of one.
 */
export class SecretStore {
  private entries: Map<string, string>;

  constructor(
    private readonly file: string,
    private readonly cipher: SecretCipher,
  ) {
    this.entries = this.read();
  }

  static inDataDir(dataDir: string, cipher: SecretCipher): SecretStore {
    return new SecretStore(join(dataDir, SECRET_STORE_FILE), cipher);
  }

  get(name: string): string | undefined {
    const envelope = this.entries.get(name);
    return envelope === undefined ? undefined : this.cipher.decrypt(envelope, name);
  }

  /** The value, or undefined when the entry cannot be decrypted (then it is simply rewritten). */
  private readable(name: string): string | undefined {
    try {
      return this.get(name);
    } catch {
      return undefined;
    }
  }

  has(name: string): boolean {
    return this.entries.has(name);
  }

  names(prefix = ''): string[] {
    return [...this.entries.keys()].filter((n) => n.startsWith(prefix));
  }

  /** Sets and deletes several entries in one write. Unchanged values do not rewrite the file. */
  update(set: Record<string, string>, remove: readonly string[] = []): void {
    const next = new Map(this.entries);
    let changed = false;
    for (const name of remove) changed = next.delete(name) || changed;
    for (const [name, value] of Object.entries(set)) {
      if (this.entries.has(name) && this.readable(name) === value) continue;
      next.set(name, this.cipher.encrypt(value, name));
      changed = true;
    }
    if (!changed) return;
    if (next.size > MAX_ENTRIES) throw new SecretStoreError(`more than ${MAX_ENTRIES} secrets`);
    this.write(next);
    this.entries = next;
  }

  set(name: string, value: string): void {
    this.update({ [name]: value });
  }

  delete(name: string): void {
    this.update({}, [name]);
  }

  private read(): Map<string, string> {
    if (!existsSync(this.file)) return new Map();
    let parsed;
    try {
      parsed = StoreFile.safeParse(JSON.parse(readFileSync(this.file, 'utf8')));
    } catch {
      parsed = undefined;
    }
    if (!parsed?.success) throw new SecretStoreError(`${this.file}: not a secret store this kiosk wrote`);
    if (parsed.data.scheme !== this.cipher.scheme)
      throw new SecretStoreError(
        `${this.file} was written with ${parsed.data.scheme}; this shell uses ${this.cipher.scheme}`,
      );
    return new Map(Object.entries(parsed.data.secrets));
  }

  private write(entries: Map<string, string>): void {
    const body = JSON.stringify(
      { version: 1, scheme: this.cipher.scheme, secrets: Object.fromEntries(entries) },
      null,
      2,
    );
    const temp = `${this.file}.tmp`;
    // A temp file left by a crash may have other permissions; `mode` only applies to a new file.
    rmSync(temp, { force: true });
    writeFileSync(temp, body, { mode: 0o600, flag: 'wx' });
    renameSync(temp, this.file);
  }
}
