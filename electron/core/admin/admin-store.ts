import type { Statement } from 'better-sqlite3';
import type { Db } from '../journal/database.js';

export interface LockoutRow {
  failedAttempts: number;
  lockedUntil: number;
}

export interface AdminActionInput {
  action: string;
  subject?: string | undefined;
  oldValue?: string | undefined;
  newValue?: string | undefined;
  outcome: 'ok' | 'refused' | 'failed';
  detail?: string | undefined;
}

export interface AdminActionRow extends AdminActionInput {
  seq: number;
  at: number;
}

export interface BadgeRow {
  hash: string;
  label: string;
  hint: string;
  addedAt: number;
}

export interface TrustRow {
  publicKey: string;
  keyId: string;
  source: string;
  pinnedAt: number;
}

const clip = (v: string | undefined, max: number) => (v === undefined ? null : v.slice(0, max));

/**
 * The admin tables (migration 100): PIN, lockout, badges, the admin journal, the pinned provisioning key.
 * The one module that reads and writes them; every statement prepared once.
 */
export class AdminStore {
  private readonly pinGet: Statement;
  private readonly pinPut: Statement;
  private readonly lockGet: Statement;
  private readonly lockPut: Statement;
  private readonly actionPut: Statement;
  private readonly actionList: Statement;
  private readonly badgeList: Statement;
  private readonly badgePut: Statement;
  private readonly badgeDelete: Statement;
  private readonly badgeHas: Statement;
  private readonly trustGet: Statement;
  private readonly trustPut: Statement;

  constructor(db: Db) {
    this.pinGet = db.prepare('SELECT hash FROM admin_pin WHERE id = 1').pluck();
    this.pinPut = db.prepare(
      'INSERT INTO admin_pin (id, hash, set_at) VALUES (1, ?, ?) ON CONFLICT (id) DO UPDATE SET hash = excluded.hash, set_at = excluded.set_at',
    );
    this.lockGet = db.prepare('SELECT failed_attempts, locked_until FROM admin_lockout WHERE id = 1');
    this.lockPut = db.prepare(`
      INSERT INTO admin_lockout (id, failed_attempts, locked_until, last_failed_at) VALUES (1, ?, ?, ?)
      ON CONFLICT (id) DO UPDATE SET failed_attempts = excluded.failed_attempts,
        locked_until = excluded.locked_until, last_failed_at = excluded.last_failed_at`);
    this.actionPut = db.prepare(`
      INSERT INTO admin_actions (at, action, subject, old_value, new_value, outcome, detail)
      VALUES (?, ?, ?, ?, ?, ?, ?)`);
    this.actionList = db.prepare('SELECT * FROM admin_actions ORDER BY seq DESC LIMIT ?');
    this.badgeList = db.prepare('SELECT * FROM admin_badges ORDER BY added_at');
    this.badgePut = db.prepare(
      'INSERT OR REPLACE INTO admin_badges (hash, label, hint, added_at) VALUES (?, ?, ?, ?)',
    );
    this.badgeDelete = db.prepare('DELETE FROM admin_badges WHERE hash = ?');
    this.badgeHas = db.prepare('SELECT 1 FROM admin_badges WHERE hash = ?').pluck();
    this.trustGet = db.prepare('SELECT * FROM admin_trust WHERE id = 1');
    this.trustPut = db.prepare(`
      INSERT INTO admin_trust (id, public_key, key_id, source, pinned_at) VALUES (1, ?, ?, ?, ?)
      ON CONFLICT (id) DO UPDATE SET public_key = excluded.public_key, key_id = excluded.key_id,
        source = excluded.source, pinned_at = excluded.pinned_at`);
  }

  pinHash(): string | undefined {
    return (this.pinGet.get() as string | undefined) ?? undefined;
  }

  setPinHash(hash: string, at: number): void {
    this.pinPut.run(hash, at);
  }

  lockout(): LockoutRow {
    const row = this.lockGet.get() as { failed_attempts: number; locked_until: number } | undefined;
    return { failedAttempts: row?.failed_attempts ?? 0, lockedUntil: row?.locked_until ?? 0 };
  }

  setLockout(row: LockoutRow, at: number | null): void {
    this.lockPut.run(row.failedAttempts, row.lockedUntil, at);
  }

  recordAction(at: number, a: AdminActionInput): void {
    this.actionPut.run(
      at,
      a.action.slice(0, 64),
      clip(a.subject, 200),
      clip(a.oldValue, 500),
      clip(a.newValue, 500),
      a.outcome,
      clip(a.detail, 500),
    );
  }

  actions(limit: number): AdminActionRow[] {
    return (
      this.actionList.all(limit) as {
        seq: number;
        at: number;
        action: string;
        subject: string | null;
        old_value: string | null;
        new_value: string | null;
        outcome: AdminActionRow['outcome'];
        detail: string | null;
      }[]
    ).map((r) => ({
      seq: r.seq,
      at: r.at,
      action: r.action,
      outcome: r.outcome,
      ...(r.subject !== null && { subject: r.subject }),
      ...(r.old_value !== null && { oldValue: r.old_value }),
      ...(r.new_value !== null && { newValue: r.new_value }),
      ...(r.detail !== null && { detail: r.detail }),
    }));
  }

  badges(): BadgeRow[] {
    return (this.badgeList.all() as { hash: string; label: string; hint: string; added_at: number }[]).map(
      (r) => ({ hash: r.hash, label: r.label, hint: r.hint, addedAt: r.added_at }),
    );
  }

  hasBadge(hash: string): boolean {
    return this.badgeHas.get(hash) !== undefined;
  }

  addBadge(badge: BadgeRow): void {
    this.badgePut.run(badge.hash, badge.label.slice(0, 64), badge.hint, badge.addedAt);
  }

  removeBadge(hash: string): boolean {
    return this.badgeDelete.run(hash).changes > 0;
  }

  trust(): TrustRow | undefined {
    const r = this.trustGet.get() as
      { public_key: string; key_id: string; source: string; pinned_at: number } | undefined;
    return r && { publicKey: r.public_key, keyId: r.key_id, source: r.source, pinnedAt: r.pinned_at };
  }

  setTrust(row: TrustRow): void {
    this.trustPut.run(row.publicKey, row.keyId, row.source, row.pinnedAt);
  }
}
