import { afterEach, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import {
  DatabaseFromNewerVersionError,
  openDatabase,
  preallocateWal,
  type Db,
} from '../../electron/core/journal/database.js';
import { migrations } from '../../electron/core/journal/migrations.js';
import { ScanJournal } from '../../electron/core/journal/scan-journal.js';
import { JournalCheckpointer } from '../../electron/core/journal/journal-checkpointer.js';

const dirs: string[] = [];
const tempDb = () => {
  const dir = mkdtempSync(join(tmpdir(), 'gatepost-db-'));
  dirs.push(dir);
  return join(dir, 'journal.sqlite3');
};
afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));

describe('journal database', () => {
  it('migrates a new file to the latest version with WAL and synchronous=FULL', () => {
    const db = openDatabase(tempDb());
    expect(db.pragma('user_version', { simple: true })).toBe(migrations.at(-1)!.version);
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('synchronous', { simple: true })).toBe(2); // FULL
    db.close();
  });

  it('refuses a database written by a newer kiosk', () => {
    const file = tempDb();
    const raw = new Database(file);
    raw.pragma('user_version = 999999');
    raw.close();
    expect(() => openDatabase(file)).toThrow(DatabaseFromNewerVersionError);
  });

  it('keeps scans across reopen and records when a result was shown', () => {
    const file = tempDb();
    let db = openDatabase(file);
    new ScanJournal(db).record(
      {
        scanId: 's1',
        token: 'T1',
        inputType: 'Barcode',
        source: 'wedge',
        outcome: 'admit',
        mode: 'online',
        reasonCode: 'OK',
        reasonText: 'Good Ticket',
        provider: 'entry-v1',
        requestIds: ['r1'],
        receivedAt: 1,
        decidedAt: 2,
      },
      3,
    );
    db.close();
    db = openDatabase(file);
    const journal = new ScanJournal(db);
    expect(journal.markShown('s1', 4)).toBe(true);
    expect(journal.markShown('s1', 5)).toBe(false); // first paint wins
    expect(journal.get('s1')).toMatchObject({
      outcome: 'admit',
      requestIds: ['r1'],
      journaledAt: 3,
      shownAt: 4,
    });
    db.close();
  });
});

/** Journals `n` scans with ids from `from`. */
function recordScans(db: Db, from: number, n: number, touch: () => void = () => {}) {
  const journal = new ScanJournal(db);
  for (let i = from; i < from + n; i++) {
    journal.record(
      {
        scanId: `s${i}`,
        token: `T${i}`,
        inputType: 'Barcode',
        source: 'wedge',
        outcome: 'admit',
        mode: 'online',
        reasonCode: 'OK',
        reasonText: 'ok',
        provider: 'p',
        requestIds: [],
        receivedAt: i,
        decidedAt: i,
      },
      i,
    );
    touch();
  }
}

describe('preallocateWal', () => {
  it('grows the WAL file once and rewinds it, leaving no rows and no frames behind', () => {
    const file = tempDb();
    const db = openDatabase(file);
    preallocateWal(db, 1024 * 1024);
    expect(statSync(`${file}-wal`).size).toBeGreaterThan(1024 * 1024);
    const size = statSync(`${file}-wal`).size;
    recordScans(db, 0, 20);
    // Rewound: new commits overwrite the allocated file instead of growing it.
    expect(statSync(`${file}-wal`).size).toBe(size);
    expect(db.prepare('SELECT COUNT(*) FROM wal_prealloc').pluck().get()).toBe(0);
    db.close();
  });
});

describe('JournalCheckpointer', () => {
  it('leaves checkpoints off the commit path and runs them when the kiosk is quiet', () => {
    const file = tempDb();
    const db = openDatabase(file);
    expect(db.pragma('wal_autocheckpoint', { simple: true })).toBe(0);
    let now = 10_000;
    const cp = new JournalCheckpointer(db, { now: () => now, intervalMs: 3_600_000 });
    recordScans(db, 0, 50, () => cp.touch());
    const grown = statSync(`${file}-wal`).size;
    expect(grown).toBeGreaterThan(0);
    now += 500;
    expect(cp.tick(1000, 60_000)).toBeUndefined(); // still busy
    now += 600;
    expect(cp.tick(1000, 60_000)).toBe('idle');
    // Checkpointed and rewound: the next commits reuse the file from its start instead of growing it.
    recordScans(db, 50, 10);
    expect(statSync(`${file}-wal`).size).toBe(grown);
    expect(cp.tick(1000, 60_000)).toBeUndefined(); // nothing new since
    cp.touch();
    now += 61_000;
    cp.touch();
    expect(cp.tick(1000, 60_000)).toBe('forced');
    cp.stop();
    db.close();
  });
});
