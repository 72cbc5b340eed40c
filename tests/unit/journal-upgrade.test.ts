import { afterEach, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { openDatabase } from '../../electron/core/journal/database.js';
import { migrations } from '../../electron/core/journal/migrations.js';
import { ScanJournal } from '../../electron/core/journal/scan-journal.js';
import { UploadQueue } from '../../electron/core/offline/upload-queue.js';

const dirs: string[] = [];
afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));

const ROWS = 25;
/** Columns whose values must stay inside a CHECKed set, and JSON columns. */
const VALUES: Record<string, (i: number) => unknown> = {
  outcome: (i) => ['admit', 'stop', 'see-staff'][i % 3],
  late_outcome: (i) => (i % 2 ? 'stop' : null),
  mode: (i) => ['online', 'offline', 'timeout', 'local'][i % 4],
  input_type: (i) => ['Barcode', 'NFC', 'Key'][i % 3],
  barcode_type: (i) => (i % 2 ? 'QRCode' : null),
  nfc_type: (i) => (i % 3 === 1 ? 'Apple' : null),
  reconciliation: (i) => (i % 2 ? 'agrees' : null),
  passage: (i) => (i % 2 ? 'not-passed' : null),
  request_ids: (i) => JSON.stringify([`req-${i}`]),
  state: (i) => (i % 5 === 0 ? 'dead' : 'pending'),
  inside: (i) => i % 2,
  last_direction: () => 'entry',
  masks: () => '["39??????????"]',
  rules: () => JSON.stringify({ venueTimeZone: 'Europe/Berlin' }),
  record: (i) =>
    JSON.stringify({
      scanId: `scan-${i}`,
      token: `T-${i}`,
      inputType: 'Barcode',
      scannedAt: 1_700_000_000_000 + i,
      outcome: 'admit',
      direction: 'entry',
      ...(i % 2 === 0 && { eventId: 'event-1' }),
    }),
  event_id: (i) => `event-${i}`,
  nfc_keys: () => null,
};

/** A file at schema `version` (every migration up to it applied, as that release left it). */
function databaseAt(version: number): string {
  const dir = mkdtempSync(join(tmpdir(), 'gatepost-upgrade-'));
  dirs.push(dir);
  const file = join(dir, 'journal.sqlite3');
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.transaction(() => {
    for (const m of migrations.filter((m) => m.version <= version)) m.up(db);
    db.pragma(`user_version = ${version}`);
  })();
  fill(db);
  db.close();
  return file;
}

function tables(db: Database.Database): string[] {
  return (
    db
      .prepare(
        `SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name`,
      )
      .pluck()
      .all() as string[]
  ).filter((t) => t !== 'wal_prealloc');
}

function columns(db: Database.Database, table: string): { name: string; type: string; pk: number }[] {
  return db.prepare(`PRAGMA table_info(${table})`).all() as { name: string; type: string; pk: number }[];
}

/** Tables of one row (per provider, or CHECK (id = 1)). */
const SINGLE_ROW = new Set(['ref_meta', 'area_occupancy', 'admin_pin', 'admin_lockout', 'admin_trust']);

/** Fills every table with ROWS rows of plausible values, whatever columns the version has. */
function fill(db: Database.Database): void {
  for (const table of tables(db)) {
    const cols = columns(db, table).filter((c) => !(c.pk && c.type === 'INTEGER'));
    const insert = db.prepare(
      `INSERT INTO ${table} (${cols.map((c) => c.name).join(', ')}) VALUES (${cols.map(() => '?').join(', ')})`,
    );
    const rows = SINGLE_ROW.has(table) ? 1 : ROWS;
    for (let i = 0; i < rows; i++)
      insert.run(
        ...cols.map((c) => {
          if (c.name === 'provider') return 'entry-v1';
          if (table === 'admin_actions' && c.name === 'outcome') return ['ok', 'refused', 'failed'][i % 3];
          if (c.name in VALUES) return VALUES[c.name]!(i);
          return c.type === 'INTEGER' ? i : `${c.name}-${i}`;
        }),
      );
  }
}

function snapshot(file: string): Map<string, Record<string, unknown>[]> {
  const db = new Database(file, { readonly: true });
  try {
    return new Map(
      tables(db).map((t) => {
        // WITHOUT ROWID tables have no rowid: order by the primary key instead.
        const key = columns(db, t)
          .filter((c) => c.pk > 0)
          .sort((a, b) => a.pk - b.pk)
          .map((c) => c.name);
        const order = key.length > 0 ? key.join(', ') : 'rowid';
        return [t, db.prepare(`SELECT * FROM ${t} ORDER BY ${order}`).all() as Record<string, unknown>[]];
      }),
    );
  } finally {
    db.close();
  }
}

const earlier = migrations.slice(0, -1).map((m) => m.version);

describe('journal upgrades', () => {
  it.each(earlier)('upgrades a filled database from version %i to the latest, losing nothing', (version) => {
    const file = databaseAt(version);
    const before = snapshot(file);
    const db = openDatabase(file);
    expect(db.pragma('user_version', { simple: true })).toBe(migrations.at(-1)!.version);
    db.close();
    const after = snapshot(file);
    for (const [table, rows] of before) {
      const upgraded = after.get(table);
      expect(upgraded, `table ${table} still exists`).toBeDefined();
      expect(upgraded, `rows of ${table}`).toHaveLength(rows.length);
      rows.forEach((row, i) => {
        for (const [column, value] of Object.entries(row)) {
          const now = upgraded![i]![column];
          // Queued records gain their upload context; nothing they had is lost.
          if (table === 'upload_queue' && column === 'record')
            expect(JSON.parse(now as string)).toMatchObject(JSON.parse(value as string));
          else expect(now, `${table}[${i}].${column}`).toEqual(value);
        }
      });
    }
    // The upgraded rows read back through today's code.
    const reopened = openDatabase(file);
    expect(new ScanJournal(reopened).recent(ROWS * 2)).toHaveLength(ROWS);
    reopened.close();
  });

  it('gives queued scans of older versions the event and zone their upload needs', () => {
    const dir = mkdtempSync(join(tmpdir(), 'gatepost-upgrade-'));
    dirs.push(dir);
    const file = join(dir, 'journal.sqlite3');
    const old = new Database(file);
    old.transaction(() => {
      for (const m of migrations.filter((m) => m.version <= 80)) m.up(old);
      old.pragma('user_version = 80');
    })();
    old
      .prepare('INSERT INTO ref_meta VALUES (?, ?, ?, ?, ?, ?, ?)')
      .run('entry-v1', 1, 0, 2, 0, JSON.stringify({ venueTimeZone: 'Europe/Berlin' }), null);
    const event = old.prepare(
      `INSERT INTO ref_events (provider, event_id, position, name, starts_at, ends_at, scan_start, scan_end)
       VALUES ('entry-v1', ?, ?, ?, ?, ?, ?, ?)`,
    );
    event.run(
      'E-NOV',
      0,
      'November show',
      '2023-11-14T20:00:00',
      '2023-11-14T23:00:00',
      '2023-11-14T18:00:00',
      '2023-11-15T00:00:00',
    );
    event.run(
      'E-2030',
      1,
      'Later show',
      '2030-01-01T20:00:00',
      '2030-01-01T23:00:00',
      '2030-01-01T18:00:00',
      '2030-01-02T00:00:00',
    );
    const scannedAt = Date.parse('2023-11-14T19:30:00+01:00');
    const queue = old.prepare(
      `INSERT INTO upload_queue (scan_id, provider, record, enqueued_at) VALUES (?, 'entry-v1', ?, 0)`,
    );
    const base = { token: 'T', inputType: 'Barcode', scannedAt, outcome: 'admit', direction: 'entry' };
    queue.run('named', JSON.stringify({ ...base, scanId: 'named', eventId: 'E-2030' }));
    queue.run('inferred', JSON.stringify({ ...base, scanId: 'inferred' }));
    old.close();

    const db = openDatabase(file);
    const pending = new UploadQueue(db).nextBatch('entry-v1', 100, Number.MAX_SAFE_INTEGER);
    db.close();
    expect(pending).toEqual([
      {
        ...base,
        scanId: 'named',
        eventId: 'E-2030',
        event: {
          eventId: 'E-2030',
          name: 'Later show',
          start: '2030-01-01T20:00:00',
          end: '2030-01-01T23:00:00',
        },
        timeZone: 'Europe/Berlin',
      },
      {
        ...base,
        scanId: 'inferred',
        eventId: 'E-NOV',
        event: {
          eventId: 'E-NOV',
          name: 'November show',
          start: '2023-11-14T20:00:00',
          end: '2023-11-14T23:00:00',
        },
        timeZone: 'Europe/Berlin',
      },
    ]);
  });
});
