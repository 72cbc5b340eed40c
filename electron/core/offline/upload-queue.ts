import type { Statement } from 'better-sqlite3';
import type { Db } from '../journal/database.js';
import type { OfflineScanRecord } from '../providers/provider.js';

/** A scan the server refused for its content: kept for the tech to see, never silently dropped. */
export interface DeadLetter {
  scanId: string;
  provider: string;
  record: OfflineScanRecord;
  reason: string;
  attempts: number;
  enqueuedAt: number;
}

export interface QueueCounts {
  pending: number;
  acked: number;
  dead: number;
}

interface DeadRow {
  scan_id: string;
  provider: string;
  record: string;
  dead_reason: string | null;
  attempts: number;
  enqueued_at: number;
}

/** Longest error text kept per row; enough to diagnose, small enough that a storm cannot bloat the file. */
const MAX_ERROR_CHARS = 500;

/**
 * The durable offline upload queue (table `upload_queue`). Every method is synchronous; the ones the
 * uploader calls per batch touch at most one batch of rows, so they run between scans without holding the
 * event loop for long.
 * States only move forward: pending → acked (the server acknowledged it) or pending → dead (the server
 * refused its content). Only acked rows are ever deleted (`prune`).
 */
export class UploadQueue {
  private readonly insertStmt: Statement;
  private readonly headStmt: Statement;
  private readonly ackStmt: Statement;
  private readonly deadStmt: Statement;
  private readonly retryStmt: Statement;
  private readonly pendingStmt: Statement;
  private readonly countsStmt: Statement;
  private readonly allCountsStmt: Statement;
  private readonly deadLettersStmt: Statement;
  private readonly makeDueStmt: Statement;
  private readonly pruneStmt: Statement;
  private readonly clampStmt: Statement;

  constructor(private readonly db: Db) {
    // ON CONFLICT(scan_id) DO NOTHING rather than INSERT OR IGNORE: OR IGNORE would also swallow a NOT NULL
    // or CHECK failure, silently losing a scan; this ignores only the re-enqueue of a known scan id.
    this.insertStmt = db.prepare(`
      INSERT INTO upload_queue (scan_id, provider, record, enqueued_at, hold_until)
      VALUES (?, ?, ?, ?, ?)
      ON CONFLICT(scan_id) DO NOTHING`);
    this.headStmt = db.prepare(`
      SELECT record, max(next_attempt_at, hold_until) AS next_attempt_at FROM upload_queue
      WHERE provider = ? AND state = 'pending'
      ORDER BY seq LIMIT ?`);
    this.ackStmt = db.prepare(`
      UPDATE upload_queue SET state = 'acked', acked_at = ?, attempts = attempts + 1, last_error = NULL
      WHERE scan_id = ? AND state = 'pending'`);
    this.deadStmt = db.prepare(`
      UPDATE upload_queue SET state = 'dead', dead_reason = ?, attempts = attempts + 1
      WHERE scan_id = ? AND state = 'pending'`);
    this.retryStmt = db.prepare(`
      UPDATE upload_queue SET attempts = attempts + 1, last_error = ?, next_attempt_at = ?
      WHERE scan_id = ? AND state = 'pending'`);
    this.pendingStmt = db
      .prepare(`SELECT COUNT(*) FROM upload_queue WHERE provider = ? AND state = 'pending'`)
      .pluck();
    this.countsStmt = db.prepare(
      'SELECT state, COUNT(*) AS n FROM upload_queue WHERE provider = ? GROUP BY state',
    );
    this.allCountsStmt = db.prepare('SELECT state, COUNT(*) AS n FROM upload_queue GROUP BY state');
    this.deadLettersStmt = db.prepare(`
      SELECT scan_id, provider, record, dead_reason, attempts, enqueued_at FROM upload_queue
      WHERE state = 'dead' ORDER BY seq LIMIT ?`);
    this.makeDueStmt = db.prepare(`
      UPDATE upload_queue SET next_attempt_at = ?
      WHERE provider = ? AND state = 'pending' AND next_attempt_at > ?`);
    this.pruneStmt = db.prepare(`DELETE FROM upload_queue WHERE state = 'acked' AND acked_at < ?`);
    this.clampStmt = db.prepare(`
      UPDATE upload_queue SET next_attempt_at = min(next_attempt_at, @retryBy), hold_until = min(hold_until, @holdBy)
      WHERE provider = @provider AND state = 'pending' AND (next_attempt_at > @retryBy OR hold_until > @holdBy)`);
  }

  /**
   * Queues a scan for upload. Synchronous so the caller can run it inside the same `db.transaction` as the
   * journal insert: both rows commit together or neither does. Idempotent on `scanId`; returns whether the
   * scan was new. `holdUntil`: not sent before this time (epoch ms), even when reconnecting makes
   * everything due — for a scan whose live call may still be answered (the late-answer window).
   */
  enqueue(provider: string, record: OfflineScanRecord, now: number, holdUntil = 0): boolean {
    return this.insertStmt.run(record.scanId, provider, JSON.stringify(record), now, holdUntil).changes > 0;
  }

  /**
   * Up to `max` pending scans of `provider`, oldest first, that are due at `now`. Stops at the first scan
   * still backing off: later scans never overtake an earlier one, so the server sees the original order.
   */
  nextBatch(provider: string, max: number, now: number): OfflineScanRecord[] {
    if (!Number.isInteger(max) || max < 1) throw new RangeError('max must be a positive integer');
    const rows = this.headStmt.all(provider, max) as { record: string; next_attempt_at: number }[];
    const batch: OfflineScanRecord[] = [];
    for (const row of rows) {
      if (row.next_attempt_at > now) break;
      batch.push(JSON.parse(row.record) as OfflineScanRecord);
    }
    return batch;
  }

  /** When the oldest pending scan of `provider` may next be sent (epoch ms), or undefined if none is pending. */
  nextDueAt(provider: string): number | undefined {
    const [row] = this.headStmt.all(provider, 1) as { next_attempt_at: number }[];
    return row?.next_attempt_at;
  }

  /** The server acknowledged these scans (including ones it already had). */
  markAcked(scanIds: readonly string[], now: number): void {
    this.relaxed(() => {
      for (const id of scanIds) this.ackStmt.run(now, id);
    });
  }

  /** The server refused these scans for their content: they move to the dead-letter list. */
  markDead(rejected: readonly { scanId: string; reason: string }[]): void {
    this.relaxed(() => {
      for (const r of rejected) this.deadStmt.run(r.reason.slice(0, MAX_ERROR_CHARS), r.scanId);
    });
  }

  /** The upload failed without an answer about these scans: they stay pending until `nextAttemptAt`. */
  markRetry(scanIds: readonly string[], error: string, nextAttemptAt: number): void {
    const text = error.slice(0, MAX_ERROR_CHARS);
    this.relaxed(() => {
      for (const id of scanIds) this.retryStmt.run(text, nextAttemptAt, id);
    });
  }

  /**
   * Makes every backing-off scan of `provider` due at `now`. For when connectivity is known to be back: the
   * back-off was sized for an outage that is over.
   */
  makeDue(provider: string, now: number): number {
    return this.makeDueStmt.run(now, provider, now).changes;
  }

  /**
   * Pulls every back-off of `provider` ending later than `now + maxBackoffMs`, and every hold ending later
   * than `now + maxHoldMs`, back to those moments; returns how many scans it moved. No back-off or hold is
   * ever that long, so such a wait means the wall clock went back (to 1970, say, or an hour at NTP's next
   * step): without this the scans would wait until the clock caught up again.
   */
  clampWaits(provider: string, now: number, limits: { maxBackoffMs: number; maxHoldMs: number }): number {
    return this.clampStmt.run({
      provider,
      retryBy: now + limits.maxBackoffMs,
      holdBy: now + limits.maxHoldMs,
    }).changes;
  }

  /** For one provider this walks only its pending index entries (the backlog), not the acked history. */
  pendingCount(provider?: string): number {
    if (provider === undefined) return this.counts().pending;
    return this.pendingStmt.get(provider) as number;
  }

  ackedCount(provider?: string): number {
    return this.counts(provider).acked;
  }

  deadCount(provider?: string): number {
    return this.counts(provider).dead;
  }

  /** All three counts in one covering-index query; its cost grows with the acked history until `prune`. */
  counts(provider?: string): QueueCounts {
    const rows = (provider === undefined ? this.allCountsStmt.all() : this.countsStmt.all(provider)) as {
      state: keyof QueueCounts;
      n: number;
    }[];
    const counts: QueueCounts = { pending: 0, acked: 0, dead: 0 };
    for (const row of rows) counts[row.state] = row.n;
    return counts;
  }

  /** The oldest dead letters first, for the admin screen. */
  deadLetters(limit: number): DeadLetter[] {
    return (this.deadLettersStmt.all(limit) as DeadRow[]).map((r) => ({
      scanId: r.scan_id,
      provider: r.provider,
      record: JSON.parse(r.record) as OfflineScanRecord,
      reason: r.dead_reason ?? '',
      attempts: r.attempts,
      enqueuedAt: r.enqueued_at,
    }));
  }

  /**
   * Runs one batch's marks in a transaction committed at synchronous=NORMAL (no fsync; WAL still survives a
   * process crash). Losing a mark to a power cut only means that batch is sent again, which uploads allow
   * (idempotent on scanId), so it need not pay the fsync a scan's own commit does — measured ~1–8 ms per
   * batch on the event loop with it, ~0.4 ms without. Inside a caller's transaction the caller's setting
   * applies: the pragma is not touched there.
   */
  private relaxed(work: () => void): void {
    if (this.db.inTransaction) {
      work();
      return;
    }
    const before = this.db.pragma('synchronous', { simple: true }) as number;
    this.db.pragma('synchronous = NORMAL');
    try {
      this.db.transaction(work)();
    } finally {
      this.db.pragma(`synchronous = ${before}`);
    }
  }

  /**
   * Deletes acked scans acknowledged before `olderThan` (epoch ms); returns how many. Pending and dead rows
   * are never pruned. Run it at a quiet moment: it is one statement over however many rows qualify.
   */
  prune(olderThan: number): number {
    return this.pruneStmt.run(olderThan).changes;
  }
}
