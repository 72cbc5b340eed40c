/**
 * Issue 7, item 7: reference data synced in chunks (ReferenceStore.sync) — one chunk in memory at a time,
 * the event loop free between chunks, and still all-or-nothing for the decisions made meanwhile. Peak
 * memory of a 1,000,000-ticket sync is measured in `npm run bench` (tests/bench/reference-sync.ts).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase, type Db } from '../../electron/core/journal/database.js';
import { ReferenceStore } from '../../electron/core/offline/reference-store.js';
import type { ReferenceData, ReferenceTicket } from '../../electron/core/providers/provider.js';

const dirs: string[] = [];
const dbs: Db[] = [];
const open = () => {
  const dir = mkdtempSync(join(tmpdir(), 'gatepost-refsync-'));
  dirs.push(dir);
  const db = openDatabase(join(dir, 'journal.sqlite3'));
  dbs.push(db);
  return db;
};
afterEach(() => {
  dbs.splice(0).forEach((d) => d.open && d.close());
  dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true }));
});

const events = [{ eventId: 'E1', name: 'Concert' }];
const ticket = (prefix: string, i: number): ReferenceTicket => ({
  token: `${prefix}${i}`,
  eventId: 'E1',
  ticketId: `T${i}`,
});
const rows = (db: Db) => db.prepare('SELECT count(*) FROM ref_tickets').pluck().get() as number;

/** Chunks of `size` tickets; `between` runs after each chunk is handed over (the store has it then). */
async function* chunks(
  prefix: string,
  count: number,
  size: number,
  between: (handed: number) => void | Promise<void> = () => {},
): AsyncIterable<ReferenceTicket[]> {
  for (let i = 0; i < count; i += size) {
    yield Array.from({ length: Math.min(size, count - i) }, (_, k) => ticket(prefix, i + k));
    await between(i + size);
  }
}

describe('ReferenceStore.sync (chunked)', () => {
  it('stores a streamed list; until it is complete, lookups see the previous list, never a mix', async () => {
    const db = open();
    const store = new ReferenceStore(db);
    store.replace('p', { events, tickets: [ticket('OLD', 1)] }, 1);
    const seenDuring: (string | undefined)[] = [];
    const data: ReferenceData = {
      events,
      ticketChunks: chunks('NEW', 25_000, 5_000, () => {
        seenDuring.push(store.findTicket('p', 'OLD1')?.token ?? store.findTicket('p', 'NEW0')?.token);
      }),
    };
    expect(await store.sync('p', data, 2)).toBe(25_000);
    expect(seenDuring).toEqual(['OLD1', 'OLD1', 'OLD1', 'OLD1', 'OLD1']);
    expect(store.findTicket('p', 'OLD1')).toBeUndefined();
    expect(store.findTicket('p', 'NEW24999')).toMatchObject({ ticketId: 'T24999' });
    expect(store.counts('p')).toEqual({ events: 1, tickets: 25_000 });
    expect(store.meta('p')).toMatchObject({ hasTicketList: true, syncedAt: 2 });
    // The old generation is gone from the file, not just from view.
    expect(rows(db)).toBe(25_000);
  });

  it('a stream that fails part-way leaves the previous data live and no partial rows behind', async () => {
    const db = open();
    const store = new ReferenceStore(db);
    store.replace('p', { events, tickets: [ticket('OLD', 1)] }, 1);
    const failing: ReferenceData = {
      events: [{ eventId: 'E2', name: 'Other' }],
      ticketChunks: chunks('NEW', 20_000, 5_000, (handed) => {
        if (handed >= 10_000) throw new Error('connection reset');
      }),
    };
    await expect(store.sync('p', failing, 2)).rejects.toThrow('connection reset');
    expect(store.syncedAt('p')).toBe(1);
    expect(store.events('p').map((e) => e.eventId)).toEqual(['E1']);
    expect(store.findTicket('p', 'OLD1')).toBeDefined();
    expect(store.findTicket('p', 'NEW0')).toBeUndefined();
    expect(rows(db)).toBe(1);
  });

  it('refuses a token listed twice across chunks, keeping the previous data', async () => {
    const store = new ReferenceStore(open());
    store.replace('p', { events, tickets: [ticket('OLD', 1)] }, 1);
    async function* twice(): AsyncIterable<ReferenceTicket[]> {
      yield [ticket('DUP', 1)];
      yield [ticket('DUP', 1)];
    }
    await expect(store.sync('p', { events, ticketChunks: twice() }, 2)).rejects.toThrow(
      /listed twice|UNIQUE constraint failed/,
    );
    expect(store.findTicket('p', 'OLD1')).toBeDefined();
    expect(store.counts('p').tickets).toBe(1);
  });

  it('clears what a sync killed part-way left behind, at the next sync', async () => {
    const db = open();
    const store = new ReferenceStore(db);
    await store.sync('p', { events, tickets: [ticket('A', 1)] }, 1);
    // What a kill -9 in the middle of a sync leaves: rows of a generation that never went live.
    db.prepare(`INSERT INTO ref_tickets (provider, generation, token) VALUES ('p', 99, 'ORPHAN')`).run();
    await store.sync('p', { events, tickets: [ticket('B', 1)] }, 2);
    expect(db.prepare(`SELECT token FROM ref_tickets`).pluck().all()).toEqual(['B1']);
  });

  it('runs syncs of one store one after another', async () => {
    const db = open();
    const store = new ReferenceStore(db);
    const first = store.sync('p', { events, ticketChunks: chunks('FIRST', 12_000, 5_000) }, 1);
    const second = store.sync('p', { events, ticketChunks: chunks('SECOND', 7_000, 5_000) }, 2);
    await Promise.all([first, second]);
    expect(store.syncedAt('p')).toBe(2);
    expect(store.counts('p').tickets).toBe(7_000);
    expect(rows(db)).toBe(7_000);
  });

  it('gives the event loop back between chunks', async () => {
    const store = new ReferenceStore(open());
    let turns = 0;
    const ticker = setInterval(() => (turns += 1), 0);
    await store.sync('p', { events, tickets: Array.from({ length: 50_000 }, (_, i) => ticket('T', i)) }, 1);
    clearInterval(ticker);
    // 10 chunks of 5,000: timers ran between them (one transaction for all would allow none).
    expect(turns).toBeGreaterThanOrEqual(5);
  });
});
