import { afterEach, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { DatabaseFromNewerVersionError, openDatabase } from '../../electron/core/journal/database.js';
import { migrations } from '../../electron/core/journal/migrations.js';
import { ScanJournal } from '../../electron/core/journal/scan-journal.js';

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
