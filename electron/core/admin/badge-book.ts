import { createHmac, randomBytes } from 'node:crypto';
import type { SecretStore } from '../secrets/secret-store.js';
import { tokenHint } from '../scan/normalise.js';
import type { AdminStore, BadgeRow } from './admin-store.js';

const KEY_NAME = 'admin:badge-key';

/**
 * Admin badges, kept as keyed hashes (HMAC-SHA256, key in the encrypted secret store): the database never
 * holds a badge value, and a copied database alone cannot be used to tell which card is a badge. Checked
 * on every read, so the hashes are held in memory and a kiosk without badges pays one Set lookup.
 */
export class BadgeBook {
  private hashes: Set<string>;

  constructor(
    private readonly store: AdminStore,
    private readonly secrets: SecretStore,
  ) {
    this.hashes = new Set(store.badges().map((b) => b.hash));
  }

  /** Never throws (it runs for every read): a key that cannot be read matches nothing. */
  matches(token: string): boolean {
    if (this.hashes.size === 0 || token.length === 0 || token.length > 512) return false;
    try {
      return this.hashes.has(this.hash(token));
    } catch {
      return false;
    }
  }

  add(token: string, label: string, at: number): BadgeRow {
    const row = { hash: this.hash(token), label, hint: tokenHint(token), addedAt: at };
    this.store.addBadge(row);
    this.hashes.add(row.hash);
    return row;
  }

  /** By id: the hash's first 16 characters (what the screen shows). */
  remove(id: string): BadgeRow | undefined {
    const row = this.store.badges().find((b) => b.hash.startsWith(id) && id.length >= 8);
    if (!row) return undefined;
    this.store.removeBadge(row.hash);
    this.hashes.delete(row.hash);
    return row;
  }

  list(): BadgeRow[] {
    return this.store.badges();
  }

  private hash(token: string): string {
    let key: string | undefined;
    try {
      key = this.secrets.get(KEY_NAME);
    } catch {
      // Written under another key file: badges added from now on use a new key (older ones no longer match).
      key = undefined;
    }
    if (key === undefined) {
      key = randomBytes(32).toString('base64');
      this.secrets.set(KEY_NAME, key);
    }
    return createHmac('sha256', Buffer.from(key, 'base64')).update(token, 'utf8').digest('hex');
  }
}
