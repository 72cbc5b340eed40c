/**
 * The journal's storage faults, on real SQLite: a journal that cannot grow (SQLITE_FULL, made real with
 * PRAGMA max_page_count), damaged files set aside at start, and a start-up that cannot get a journal.
 * The full-disk and read-only cases on real file systems run through the built web shell in the chaos
 * suite (tests/chaos).
 */
import {
  mkdtempSync,
  openSync,
  readdirSync,
  rmSync,
  truncateSync,
  writeFileSync,
  writeSync,
  closeSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import pino from 'pino';
import Database from 'better-sqlite3';
import { KioskConfig } from '../../electron/core/config/kiosk-config.js';
import { ScanJournal } from '../../electron/core/journal/scan-journal.js';
import { openDatabase, type Db } from '../../electron/core/journal/database.js';
import {
  DAMAGE_MARKER,
  openJournal,
  preallocateWalSafely,
} from '../../electron/core/journal/open-journal.js';
import { StartupFault } from '../../electron/core/journal/storage-fault.js';
import { UploadQueue } from '../../electron/core/offline/upload-queue.js';
import { bootKiosk, type BootedKiosk } from '../../electron/host/boot.js';
import { ScriptedProvider, admit } from '../support/scripted-provider.js';
import type { ScanDecided } from '../../electron/common/contract.js';

const dirs: string[] = [];
const booted: BootedKiosk[] = [];
afterEach(async () => {
  for (const b of booted.splice(0)) await b.close();
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});
const tmp = () => {
  const dir = mkdtempSync(join(tmpdir(), 'gatepost-journal-faults-'));
  dirs.push(dir);
  return dir;
};
const wedge = (token: string) => ({
  token,
  inputType: 'Barcode' as const,
  source: 'wedge',
  receivedAt: Date.now(),
});

/** Lets the journal grow by no more pages than it has now: every write that needs a page is SQLITE_FULL. */
function fillDisk(db: Db): void {
  const pages = db.pragma('page_count', { simple: true }) as number;
  db.pragma(`max_page_count = ${pages}`);
}

/**
 * A kiosk on a journal that can grow no more, scanned until the first write fails (out of service with
 * DISK-FULL). Rows fit on the last page for a while; the first scan that needs a new page fails.
 */
async function kioskOnFullDisk(provider = new ScriptedProvider(async () => admit())) {
  const boot = await bootKiosk({
    dataDir: tmp(),
    config: KioskConfig.parse({ provider: { kind: 'entry-v1' }, rereadWindowMs: 0 }),
    provider,
    logger: pino({ level: 'silent' }),
    preallocate: false,
  });
  booted.push(boot);
  const { kiosk, db } = boot;
  await expect.poll(() => kiosk.status().ready).toBe(true);
  const shown: ScanDecided[] = [];
  kiosk.on('scan.decided', (s) => shown.push(s));
  fillDisk(db);
  let i = 0;
  while (!kiosk.status().code && i < 2000) await kiosk.submit(wedge(`T-${i++}`));
  return { kiosk, db, shown };
}

describe('a journal that cannot be written (disk full)', () => {
  it('goes out of service with DISK-FULL at the first failed write, asks no provider, and resumes by itself', async () => {
    const provider = new ScriptedProvider(async () => admit());
    const { kiosk, db, shown } = await kioskOnFullDisk(provider);
    expect(kiosk.status()).toMatchObject({ ready: false, code: 'DISK-FULL' });
    expect(kiosk.status().outOfService).toMatch(/disk .* is full/);
    const failed = shown.at(-1)!;
    expect(failed).toMatchObject({ outcome: 'see-staff', reasonCode: 'KIOSK_FAULT' });
    // Never an admit that was not journaled.
    const journal = new ScanJournal(db);
    for (const s of shown.filter((x) => x.outcome === 'admit')) expect(journal.get(s.scanId)).toBeDefined();

    // While out of service nothing goes to the provider; the patron is sent to staff.
    const calls = provider.seen.length;
    await kiosk.submit(wedge('T-while-full'));
    expect(provider.seen).toHaveLength(calls);
    expect(shown.at(-1)).toMatchObject({ outcome: 'see-staff', reasonCode: 'OUT_OF_SERVICE' });
    expect(kiosk.adminStatus().faults?.map((f) => f.code)).toContain('DISK-FULL');

    // Space returns: the guard's probe notices within its interval; the refusals shown meanwhile are
    // journaled then, so every decision shown is in the journal.
    db.pragma('max_page_count = 1073741823');
    await expect.poll(() => kiosk.status().ready, { timeout: 5000 }).toBe(true);
    expect(kiosk.status().code).toBeUndefined();
    for (const s of shown) expect(journal.get(s.scanId), s.reasonCode).toBeDefined();
    const after = await kiosk.submit(wedge('T-after'));
    expect(after.kind === 'decided' && after.scan.outcome).toBe('admit');
  });
});

describe('refusals kept while the disk is full', () => {
  it('stay kept when space returns only partly: the probe fits them but not its own write, and rolls back', async () => {
    const { kiosk, db, shown } = await kioskOnFullDisk();
    for (let k = 0; k < 5; k++) await kiosk.submit(wedge(`T-full-${k}`));
    expect(shown.at(-1)).toMatchObject({ reasonCode: 'OUT_OF_SERVICE' });

    // Room for the kept refusals, not for the probe's own test write: each probe writes them, fails,
    // and rolls back. They were forgotten at that point (lost for good) before the fix.
    const pages = db.pragma('page_count', { simple: true }) as number;
    db.pragma(`max_page_count = ${pages + 3}`);
    await new Promise((r) => setTimeout(r, 2500));
    expect(kiosk.status().code).toBe('DISK-FULL');

    db.pragma('max_page_count = 1073741823');
    await expect.poll(() => kiosk.status().ready, { timeout: 5000 }).toBe(true);
    const journal = new ScanJournal(db);
    for (const s of shown) expect(journal.get(s.scanId), `${s.reasonCode} ${s.scanId}`).toBeDefined();
  });
});

/** A journal with `scans` rows and `queued` pending uploads, checkpointed into the main file. */
function makeJournal(file: string, scans: number, queued: number): void {
  const db = openDatabase(file);
  const insert = db.prepare(`
    INSERT INTO scans (scan_id, token, input_type, source, outcome, mode, reason_code, reason_text, provider,
      received_at, decided_at, journaled_at)
    VALUES (?, ?, 'Barcode', 'wedge', 'admit', 'offline', 'OFFLINE_ADMIT', 'Welcome.', 'entry-v1', 1, 1, 1)`);
  const queue = new UploadQueue(db);
  db.transaction(() => {
    for (let i = 0; i < scans; i++) insert.run(`s-${i}`, `T${i}`);
    for (let i = 0; i < queued; i++)
      queue.enqueue(
        'entry-v1',
        {
          scanId: `s-${i}`,
          token: `T${i}`,
          inputType: 'Barcode',
          scannedAt: 1,
          outcome: 'admit',
          direction: 'entry',
        },
        1,
      );
  })();
  db.pragma('wal_checkpoint(TRUNCATE)');
  db.close();
}

function overwrite(file: string, offset: number, bytes: Buffer): void {
  const fd = openSync(file, 'r+');
  writeSync(fd, bytes, 0, bytes.length, offset);
  closeSync(fd);
}

describe('a damaged journal at start', () => {
  const now = () => Date.parse('2030-01-02T03:04:05Z');

  it('a file that is not a database is set aside with a timestamp and a fresh journal starts', () => {
    const dir = tmp();
    makeJournal(join(dir, 'journal.sqlite3'), 10, 5);
    overwrite(join(dir, 'journal.sqlite3'), 0, Buffer.from('this is no sqlite header'));
    const { db, notice } = openJournal(dir, { now });
    try {
      expect(notice?.code).toBe('JOURNAL-DAMAGED');
      expect(notice?.message).toContain('journal.damaged-2030-01-02T03-04-05-000Z.sqlite3');
      expect(readdirSync(dir).sort()).toContain('journal.damaged-2030-01-02T03-04-05-000Z.sqlite3');
      // The fresh journal takes scans.
      expect(new UploadQueue(db).pendingCount()).toBe(0);
    } finally {
      db.close();
    }
  });

  it('a truncated file is set aside too (SQLITE_CORRUPT), never an exit with a stack', () => {
    const dir = tmp();
    makeJournal(join(dir, 'journal.sqlite3'), 500, 100);
    truncateSync(join(dir, 'journal.sqlite3'), 3000);
    const { db, notice } = openJournal(dir, { now });
    db.close();
    expect(notice?.code).toBe('JOURNAL-DAMAGED');
  });

  it('an emptied (0-byte) journal is reported, not silently replaced by a fresh one', () => {
    const dir = tmp();
    makeJournal(join(dir, 'journal.sqlite3'), 10, 10);
    truncateSync(join(dir, 'journal.sqlite3'), 0);
    const { db, notice } = openJournal(dir, { now });
    db.close();
    expect(notice?.code).toBe('JOURNAL-DAMAGED');
  });

  it('recovers every readable row: a damaged index loses no queued upload', () => {
    const dir = tmp();
    const file = join(dir, 'journal.sqlite3');
    makeJournal(file, 200, 50);
    // Garble the upload queue's index page: quick_check fails, the rows themselves are intact.
    const raw = new Database(file, { readonly: true });
    const root = raw
      .prepare(`SELECT rootpage FROM sqlite_master WHERE name = 'upload_queue_next'`)
      .pluck()
      .get() as number;
    const pageSize = raw.pragma('page_size', { simple: true }) as number;
    raw.close();
    overwrite(file, (root - 1) * pageSize + 8, Buffer.alloc(64, 0xee));

    const { db, notice } = openJournal(dir, { now });
    try {
      expect(notice?.code).toBe('JOURNAL-DAMAGED');
      expect(notice?.message).toContain('200 journal rows, 50 queued uploads');
      const queue = new UploadQueue(db);
      expect(queue.pendingCount('entry-v1')).toBe(50);
      expect(queue.nextBatch('entry-v1', 100, Date.now()).map((r) => r.scanId)).toEqual(
        Array.from({ length: 50 }, (_, i) => `s-${i}`),
      );
      expect(db.pragma('quick_check', { simple: true })).toBe('ok');
    } finally {
      db.close();
    }
  });

  it('damage seen while running (the marker) sets the journal aside at the next start, keeping its rows', () => {
    const dir = tmp();
    makeJournal(join(dir, 'journal.sqlite3'), 20, 20);
    writeFileSync(join(dir, DAMAGE_MARKER), 'x');
    const { db, notice } = openJournal(dir, { now });
    db.close();
    expect(notice?.message).toContain('20 journal rows, 20 queued uploads');
    expect(readdirSync(dir)).not.toContain(DAMAGE_MARKER);
  });

  it('a journal from a newer version is refused with a code, not overwritten', () => {
    const dir = tmp();
    makeJournal(join(dir, 'journal.sqlite3'), 1, 0);
    const raw = new Database(join(dir, 'journal.sqlite3'));
    raw.pragma('user_version = 999999');
    raw.close();
    let thrown: unknown;
    try {
      openJournal(dir, { now });
    } catch (err) {
      thrown = err;
    }
    expect(thrown).toBeInstanceOf(StartupFault);
    expect((thrown as StartupFault).code).toBe('JOURNAL-NEWER-VERSION');
    expect((thrown as StartupFault).retryable).toBe(false);
    expect(readdirSync(dir).filter((f) => f.startsWith('journal.damaged'))).toEqual([]);
  });

  it('a healthy journal opens without a notice', () => {
    const dir = tmp();
    makeJournal(join(dir, 'journal.sqlite3'), 5, 5);
    const { db, notice } = openJournal(dir, { now });
    db.close();
    expect(notice).toBeUndefined();
  });
});

describe('WAL pre-allocation with little space', () => {
  it('a pre-allocation the disk cannot hold is skipped and the journal still works', () => {
    const db = openDatabase(join(tmp(), 'journal.sqlite3'));
    try {
      fillDisk(db);
      expect(preallocateWalSafely(db, 4 * 1024 * 1024)).toBe('failed');
      db.pragma('max_page_count = 1073741823');
      expect(() => db.prepare("INSERT INTO wal_prealloc (b) VALUES (x'00')").run()).not.toThrow();
    } finally {
      db.close();
    }
  });
});
