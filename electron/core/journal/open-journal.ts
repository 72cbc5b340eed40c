import Database from 'better-sqlite3';
import {
  accessSync,
  constants,
  existsSync,
  mkdirSync,
  renameSync,
  rmSync,
  statSync,
  statfsSync,
  writeFileSync,
} from 'node:fs';
import { basename, join } from 'node:path';
import type { StaffFault } from '../../common/contract.js';
import { DatabaseFromNewerVersionError, openDatabase, preallocateWal, type Db } from './database.js';
import { StartupFault, isDamage, storageFaultOf } from './storage-fault.js';

export const JOURNAL_FILE = 'journal.sqlite3';
/** Left next to the journal when damage shows up while running; the next start sets the file aside. */
export const DAMAGE_MARKER = `${JOURNAL_FILE}.damaged`;

/**
 * Tables whose structure is checked at every start (PRAGMA quick_check per table). They are small and
 * hold what must not be misread: the upload queue and who is inside. The big ones (`scans`,
 * `ref_tickets`) would cost seconds per start; damage there shows up as SQLITE_CORRUPT when read, which
 * puts the kiosk out of service and leaves the marker for the next start.
 */
const CHECKED_TABLES = ['upload_queue', 'ticket_state', 'area_occupancy', 'ref_meta', 'ref_events'];
/** What is copied out of a damaged journal, with the order that reads it front to back. */
const SALVAGED: { table: string; order: string }[] = [
  { table: 'scans', order: 'rowid' },
  { table: 'upload_queue', order: 'seq' },
  { table: 'ticket_state', order: 'provider, token' },
];

export interface OpenedJournal {
  db: Db;
  /** Set when a damaged journal was set aside at this start (shown to staff until the next start). */
  notice?: StaffFault;
}

/**
 * Opens the scan journal in `dataDir` for a kiosk start. Chosen behaviour for a damaged journal (SQLite
 * says NOTADB/CORRUPT while opening or checking it, or the marker says damage was seen while running):
 * the file is renamed `journal.damaged-<time>.sqlite3` (with its -wal/-shm; nothing is deleted), every
 * journal row, queued upload and ticket state that can still be read is copied into a fresh journal, and
 * the kiosk starts on it, telling staff with the code JOURNAL-DAMAGED. A start that cannot get a
 * writable journal at all throws a StartupFault (DATA-DIR-READ-ONLY, DISK-FULL, JOURNAL-IO-ERROR,
 * JOURNAL-NEWER-VERSION): the shell shows it as an out-of-service screen and tries again.
 */
export function openJournal(dataDir: string, opts: { now: () => number }): OpenedJournal {
  const file = join(dataDir, JOURNAL_FILE);
  const where = `the data folder ${dataDir}`;
  try {
    mkdirSync(dataDir, { recursive: true });
    accessSync(dataDir, constants.W_OK);
  } catch (err) {
    throw asStartupFault(err, where);
  }
  if (existsSync(join(dataDir, DAMAGE_MARKER))) return setAside(dataDir, file, opts.now, where);
  // SQLite writes a header as soon as it creates the journal (WAL mode is set at once), so an existing
  // empty file was truncated: opening it would silently start a fresh journal over lost scans.
  if (existsSync(file) && statSync(file).size === 0 && !hasContent(file + '-wal'))
    return setAside(dataDir, file, opts.now, where);
  let db: Db | undefined;
  try {
    db = openDatabase(file);
    checkStructure(db);
    return { db };
  } catch (err) {
    if (db?.open) db.close();
    if (isDamage(err)) return setAside(dataDir, file, opts.now, where);
    throw asStartupFault(err, where);
  }
}

/** Leaves the marker so the next start sets the journal aside (best effort: the disk may be the problem). */
export function markJournalDamaged(dataDir: string): void {
  try {
    writeFileSync(join(dataDir, DAMAGE_MARKER), `${new Date().toISOString()}\n`);
  } catch {
    // Without the marker the next start still finds the damage if it is in a checked table.
  }
}

/**
 * How much WAL to pre-grow at start (see preallocateWal): 16 MiB, less on a nearly full disk (the
 * pre-allocation costs about twice its size: the WAL plus the database pages it is checkpointed into),
 * none below 8 MiB free — a kiosk with little space must still start.
 */
export function walPreallocBytes(dataDir: string, max = 16 * 1024 * 1024): number {
  let free: number;
  try {
    const fs = statfsSync(dataDir);
    free = fs.bavail * fs.bsize;
  } catch {
    return 0;
  }
  if (free < 8 * 1024 * 1024) return 0;
  return Math.min(max, Math.floor(free / 8 / 4096) * 4096);
}

/** Pre-grows the WAL as far as the disk allows; a full disk only costs the speed-up, never the start. */
export function preallocateWalSafely(db: Db, bytes: number): 'done' | 'skipped' | 'failed' {
  if (bytes <= 0) return 'skipped';
  try {
    preallocateWal(db, bytes);
    return 'done';
  } catch (err) {
    if (!storageFaultOf(err)) throw err;
    // The transaction rolled back; give back what the WAL grew to.
    try {
      db.pragma('wal_checkpoint(TRUNCATE)');
    } catch {
      // Still full: the checkpointer tries again later.
    }
    return 'failed';
  }
}

function hasContent(file: string): boolean {
  try {
    return statSync(file).size > 0;
  } catch {
    return false;
  }
}

function checkStructure(db: Db): void {
  for (const table of CHECKED_TABLES) {
    const result = db.pragma(`quick_check(${table})`, { simple: true });
    if (result !== 'ok') {
      const err = new Error(`quick_check(${table}): ${String(result)}`) as Error & { code: string };
      err.code = 'SQLITE_CORRUPT';
      throw err;
    }
  }
}

function asStartupFault(err: unknown, where: string): Error {
  if (err instanceof DatabaseFromNewerVersionError)
    return new StartupFault(
      'JOURNAL-NEWER-VERSION',
      `The scan journal was written by a newer Gatepost (${err.message}). Install that version again.`,
      false,
    );
  const info = storageFaultOf(err, where);
  if (info) return new StartupFault(info.code, info.message, true);
  return err instanceof Error ? err : new Error(String(err));
}

function setAside(dataDir: string, file: string, now: () => number, where: string): OpenedJournal {
  const stamp = new Date(now()).toISOString().replace(/[:.]/g, '-');
  const aside = join(dataDir, `journal.damaged-${stamp}.sqlite3`);
  let db: Db;
  try {
    if (existsSync(file)) renameSync(file, aside);
    for (const suffix of ['-wal', '-shm'])
      if (existsSync(file + suffix)) renameSync(file + suffix, aside + suffix);
    rmSync(join(dataDir, DAMAGE_MARKER), { force: true });
    db = openDatabase(file);
  } catch (err) {
    throw asStartupFault(err, where);
  }
  const saved = salvage(aside, db);
  const message =
    `The scan journal was damaged. It was set aside as ${basename(aside)} (nothing deleted) and a fresh ` +
    `journal started; recovered from it: ${saved.scans} journal rows, ${saved.queued} queued uploads, ` +
    `${saved.states} ticket states.`;
  return { db, notice: { code: 'JOURNAL-DAMAGED', message, since: now() } };
}

/** Copies every row still readable from the damaged file: front to back, then back to front past the damage. */
function salvage(aside: string, fresh: Db): { scans: number; queued: number; states: number } {
  const counts = { scans: 0, queued: 0, states: 0 };
  if (!existsSync(aside)) return counts;
  let old: Db;
  try {
    old = new Database(aside, { fileMustExist: true });
  } catch {
    return counts;
  }
  try {
    fresh.transaction(() => {
      for (const { table, order } of SALVAGED) {
        const n = copyReadable(old, fresh, table, order);
        if (table === 'scans') counts.scans = n;
        if (table === 'upload_queue') counts.queued = n;
        if (table === 'ticket_state') counts.states = n;
      }
    })();
  } finally {
    old.close();
  }
  return counts;
}

function copyReadable(old: Db, fresh: Db, table: string, order: string): number {
  let columns: string[];
  try {
    const have = new Set((old.pragma(`table_info(${table})`) as { name: string }[]).map((c) => c.name));
    columns = (fresh.pragma(`table_info(${table})`) as { name: string }[])
      .map((c) => c.name)
      .filter((name) => have.has(name));
  } catch {
    return 0;
  }
  if (columns.length === 0) return 0;
  const list = columns.join(', ');
  // OR IGNORE: a row seen from both ends is copied once; a garbled row a CHECK refuses is left behind.
  const insert = fresh.prepare(
    `INSERT OR IGNORE INTO ${table} (${list}) VALUES (${columns.map(() => '?').join(', ')})`,
  );
  let copied = 0;
  for (const direction of ['ASC', 'DESC']) {
    const by = order
      .split(',')
      .map((c) => `${c.trim()} ${direction}`)
      .join(', ');
    try {
      for (const row of old.prepare(`SELECT ${list} FROM ${table} ORDER BY ${by}`).raw().iterate())
        copied += insert.run(...(row as unknown[])).changes;
    } catch {
      // Reached the damage from this end.
    }
  }
  return copied;
}
