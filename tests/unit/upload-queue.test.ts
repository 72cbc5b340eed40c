import { afterEach, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { openDatabase, type Db } from '../../electron/core/journal/database.js';
import { ScanJournal, type JournalEntry } from '../../electron/core/journal/scan-journal.js';
import { UploadQueue } from '../../electron/core/offline/upload-queue.js';
import type { OfflineScanRecord } from '../../electron/core/providers/provider.js';

const dirs: string[] = [];
const open: Db[] = [];
const tempDb = () => {
  const dir = mkdtempSync(join(tmpdir(), 'gatepost-queue-'));
  dirs.push(dir);
  return join(dir, 'journal.sqlite3');
};
const openDb = (file: string) => {
  const db = openDatabase(file);
  open.push(db);
  return db;
};
afterEach(() => {
  open.splice(0).forEach((db) => db.open && db.close());
  dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true }));
});

const record = (scanId: string, extra: Partial<OfflineScanRecord> = {}): OfflineScanRecord => ({
  scanId,
  token: `TOKEN-${scanId}`,
  inputType: 'Barcode',
  barcodeType: 'QRCode',
  scannedAt: 1_000,
  outcome: 'admit',
  direction: 'entry',
  eventId: '390:DEMO:LIVE',
  ...extra,
});

const journalEntry = (scanId: string): JournalEntry => ({
  scanId,
  token: `TOKEN-${scanId}`,
  inputType: 'Barcode',
  source: 'wedge',
  outcome: 'admit',
  mode: 'offline',
  reasonCode: 'OFFLINE_VALID',
  reasonText: 'Admitted offline',
  provider: 'entry-v1',
  requestIds: [],
  receivedAt: 1_000,
  decidedAt: 1_001,
});

const ids = (records: OfflineScanRecord[]) => records.map((r) => r.scanId);

describe('UploadQueue', () => {
  it('hands out pending scans in the order they were queued, batch by batch', () => {
    const queue = new UploadQueue(openDb(tempDb()));
    // Ids deliberately not in sorted order: the queue order is the enqueue order, not the id order.
    const order = ['m-3', 'a-1', 'z-9', 'b-2', 'k-7'];
    for (const id of order) queue.enqueue('entry-v1', record(id), 10);
    queue.enqueue('presence', record('other-provider'), 10);

    expect(ids(queue.nextBatch('entry-v1', 3, 10))).toEqual(['m-3', 'a-1', 'z-9']);
    expect(ids(queue.nextBatch('entry-v1', 100, 10))).toEqual(order);
    expect(queue.nextBatch('entry-v1', 1, 10)[0]).toEqual(record('m-3'));
    expect(ids(queue.nextBatch('presence', 100, 10))).toEqual(['other-provider']);
    expect(queue.pendingCount('entry-v1')).toBe(5);
    expect(queue.pendingCount()).toBe(6);
    expect(() => queue.nextBatch('entry-v1', 0, 10)).toThrow(RangeError);
  });

  it('enqueue is idempotent on scanId: the first record wins and keeps its place', () => {
    const queue = new UploadQueue(openDb(tempDb()));
    expect(queue.enqueue('entry-v1', record('s1'), 10)).toBe(true);
    expect(queue.enqueue('entry-v1', record('s2'), 10)).toBe(true);
    expect(queue.enqueue('entry-v1', record('s1', { outcome: 'stop' }), 20)).toBe(false);
    const batch = queue.nextBatch('entry-v1', 10, 20);
    expect(ids(batch)).toEqual(['s1', 's2']);
    expect(batch[0]?.outcome).toBe('admit');
    expect(queue.pendingCount()).toBe(2);
  });

  it('commits with the journal entry in one transaction, or not at all', () => {
    const db = openDb(tempDb());
    const journal = new ScanJournal(db);
    const queue = new UploadQueue(db);
    const recordBoth = db.transaction((scanId: string, fail: boolean) => {
      journal.record(journalEntry(scanId), 1_002);
      queue.enqueue('entry-v1', record(scanId), 1_002);
      if (fail) throw new Error('power cut before commit');
    });
    recordBoth('kept', false);
    expect(() => recordBoth('lost', true)).toThrow('power cut');
    expect(journal.get('kept')).toBeDefined();
    expect(journal.get('lost')).toBeUndefined();
    expect(ids(queue.nextBatch('entry-v1', 10, 2_000))).toEqual(['kept']);
  });

  it('a scan backing off is not due, and later scans never overtake it', () => {
    const db = openDb(tempDb());
    const queue = new UploadQueue(db);
    for (const id of ['s1', 's2', 's3', 's4']) queue.enqueue('entry-v1', record(id), 0);
    queue.markRetry(['s1', 's2'], 'ProviderUnavailableError: HTTP 503', 5_000);

    expect(queue.nextBatch('entry-v1', 10, 4_999)).toEqual([]);
    expect(queue.nextDueAt('entry-v1')).toBe(5_000);
    expect(ids(queue.nextBatch('entry-v1', 10, 5_000))).toEqual(['s1', 's2', 's3', 's4']);
    const row = db.prepare('SELECT attempts, last_error FROM upload_queue WHERE scan_id = ?').get('s1');
    expect(row).toEqual({ attempts: 1, last_error: 'ProviderUnavailableError: HTTP 503' });

    // Connectivity back: the back-off is dropped.
    queue.markRetry(['s1'], 'again', 60_000);
    expect(queue.makeDue('entry-v1', 6_000)).toBe(1);
    expect(ids(queue.nextBatch('entry-v1', 1, 6_000))).toEqual(['s1']);
  });

  it('acked scans leave the queue and are counted; acks never revive a dead letter', () => {
    const queue = new UploadQueue(openDb(tempDb()));
    for (const id of ['s1', 's2', 's3']) queue.enqueue('entry-v1', record(id), 0);
    queue.markAcked(['s1', 's2'], 100);
    queue.markAcked(['s1', 'unknown'], 200); // a repeated ack changes nothing
    expect(ids(queue.nextBatch('entry-v1', 10, 100))).toEqual(['s3']);
    expect(queue.counts('entry-v1')).toEqual({ pending: 1, acked: 2, dead: 0 });
    expect(queue.ackedCount()).toBe(2);
    queue.markDead([{ scanId: 's3', reason: 'bad format' }]);
    queue.markAcked(['s3'], 300);
    expect(queue.counts()).toEqual({ pending: 0, acked: 2, dead: 1 });
    expect(queue.nextDueAt('entry-v1')).toBeUndefined();
  });

  it('marks skip the fsync but leave the connection at synchronous=FULL for the next scan', () => {
    const db = openDb(tempDb());
    const queue = new UploadQueue(db);
    for (const id of ['s1', 's2', 's3']) queue.enqueue('entry-v1', record(id), 0);
    queue.markAcked(['s1'], 1);
    queue.markRetry(['s2'], 'timeout', 10);
    queue.markDead([{ scanId: 's3', reason: 'refused' }]);
    expect(db.pragma('synchronous', { simple: true })).toBe(2); // FULL
    expect(queue.counts()).toEqual({ pending: 1, acked: 1, dead: 1 });
    // Inside a caller's transaction the marks join it: a rollback undoes them.
    expect(() =>
      db.transaction(() => {
        queue.markAcked(['s2'], 2);
        throw new Error('rolled back');
      })(),
    ).toThrow('rolled back');
    expect(queue.counts()).toEqual({ pending: 1, acked: 1, dead: 1 });
  });

  it('rejected scans become visible dead letters instead of disappearing', () => {
    const queue = new UploadQueue(openDb(tempDb()));
    for (const id of ['s1', 's2', 's3']) queue.enqueue('entry-v1', record(id), 7);
    queue.markDead([
      { scanId: 's2', reason: 'HTTP 400: eventId must be {dataAccountId:seasonCd:eventCd}' },
      { scanId: 's3', reason: 'x'.repeat(2_000) },
    ]);
    expect(ids(queue.nextBatch('entry-v1', 10, 7))).toEqual(['s1']);
    const dead = queue.deadLetters(10);
    expect(dead.map((d) => d.scanId)).toEqual(['s2', 's3']);
    expect(dead[0]).toEqual({
      scanId: 's2',
      provider: 'entry-v1',
      record: record('s2'),
      reason: 'HTTP 400: eventId must be {dataAccountId:seasonCd:eventCd}',
      attempts: 1,
      enqueuedAt: 7,
    });
    expect(dead[1]?.reason.length).toBe(500);
    expect(queue.deadLetters(1)).toHaveLength(1);
    expect(queue.deadCount('entry-v1')).toBe(2);
  });

  it('prune deletes only acked scans older than the cut-off', () => {
    const queue = new UploadQueue(openDb(tempDb()));
    for (const id of ['old', 'new', 'pending', 'dead']) queue.enqueue('entry-v1', record(id), 0);
    queue.markAcked(['old'], 1_000);
    queue.markAcked(['new'], 9_000);
    queue.markDead([{ scanId: 'dead', reason: 'refused' }]);
    expect(queue.prune(5_000)).toBe(1);
    expect(queue.counts()).toEqual({ pending: 1, acked: 1, dead: 1 });
    expect(queue.prune(Number.MAX_SAFE_INTEGER)).toBe(1);
    expect(queue.counts()).toEqual({ pending: 1, acked: 0, dead: 1 });
  });

  it('finds the next pending scans through the index, without sorting', () => {
    const db = openDb(tempDb());
    const plan = db
      .prepare(
        `EXPLAIN QUERY PLAN SELECT record, next_attempt_at FROM upload_queue
         WHERE provider = ? AND state = 'pending' ORDER BY seq LIMIT ?`,
      )
      .all('entry-v1', 100) as { detail: string }[];
    const details = plan.map((p) => p.detail).join(' | ');
    expect(details).toContain('upload_queue_next');
    expect(details).not.toContain('TEMP B-TREE');
  });

  it('the table is STRICT and refuses unknown states', () => {
    const db = openDb(tempDb());
    const insert = (state: string, attempts: unknown) =>
      db
        .prepare(
          `INSERT INTO upload_queue (scan_id, provider, record, state, attempts, enqueued_at)
           VALUES (?, 'entry-v1', '{}', ?, ?, 0)`,
        )
        .run(`id-${state}-${String(attempts)}`, state, attempts);
    expect(() => insert('lost', 0)).toThrow(/CHECK/);
    expect(() => insert('pending', 'many')).toThrow(/cannot store TEXT value in INTEGER column/);
  });

  it('a crash after sending but before the ack leaves the scans pending after reopening', () => {
    const file = tempDb();
    const moduleUrl = (path: string) => new URL(`../../electron/core/${path}`, import.meta.url).href;
    // A real process that journals + queues three scans, acks the first, takes the rest as if uploading
    // them, then dies by SIGKILL: no close, no cleanup, only what was committed survives.
    const script = `
      import { openDatabase } from ${JSON.stringify(moduleUrl('journal/database.ts'))};
      import { ScanJournal } from ${JSON.stringify(moduleUrl('journal/scan-journal.ts'))};
      import { UploadQueue } from ${JSON.stringify(moduleUrl('offline/upload-queue.ts'))};
      const db = openDatabase(process.env.DB_FILE);
      const journal = new ScanJournal(db);
      const queue = new UploadQueue(db);
      const entries = JSON.parse(process.env.ENTRIES);
      const records = JSON.parse(process.env.RECORDS);
      entries.forEach((entry, i) =>
        db.transaction(() => {
          journal.record(entry, 2_000);
          queue.enqueue('entry-v1', records[i], 2_000);
        })(),
      );
      queue.markAcked([records[0].scanId], 3_000);
      const inFlight = queue.nextBatch('entry-v1', 100, 3_000);
      process.stdout.write(JSON.stringify(inFlight.map((r) => r.scanId)) + '\\n');
      process.kill(process.pid, 'SIGKILL');
    `;
    const child = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
      cwd: fileURLToPath(new URL('../..', import.meta.url)),
      env: {
        ...process.env,
        DB_FILE: file,
        ENTRIES: JSON.stringify(['c1', 'c2', 'c3'].map(journalEntry)),
        RECORDS: JSON.stringify(['c1', 'c2', 'c3'].map((id) => record(id))),
      },
      encoding: 'utf8',
      timeout: 15_000,
    });
    expect(child.signal, child.stderr).toBe('SIGKILL');
    expect(JSON.parse(child.stdout.trim())).toEqual(['c2', 'c3']);

    const db = openDb(file);
    const queue = new UploadQueue(db);
    expect(queue.counts()).toEqual({ pending: 2, acked: 1, dead: 0 });
    expect(queue.nextBatch('entry-v1', 100, 4_000)).toEqual([record('c2'), record('c3')]);
    expect(new ScanJournal(db).get('c3')?.mode).toBe('offline');
  });
});

describe('UploadQueue hold (late-answer window)', () => {
  it('holds a scan until its hold time even when reconnecting makes everything due, keeping order', () => {
    const q = new UploadQueue(openDb(tempDb()));
    q.enqueue('p', record('held'), 1000, 6000);
    q.enqueue('p', record('later'), 1001);
    expect(q.nextBatch('p', 10, 2000)).toEqual([]); // the held head blocks later scans: order is kept
    q.makeDue('p', 2000);
    expect(q.nextBatch('p', 10, 2000)).toEqual([]);
    expect(q.nextDueAt('p')).toBe(6000);
    expect(ids(q.nextBatch('p', 10, 6000))).toEqual(['held', 'later']);
  });

  it('a held scan acknowledged by a late answer is never sent', () => {
    const q = new UploadQueue(openDb(tempDb()));
    q.enqueue('p', record('timed-out'), 1000, 6000);
    q.markAcked(['timed-out'], 3000);
    expect(q.nextBatch('p', 10, 10_000)).toEqual([]);
    expect(q.counts('p')).toMatchObject({ pending: 0, acked: 1 });
  });
});
