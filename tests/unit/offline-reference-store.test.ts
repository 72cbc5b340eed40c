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
  const dir = mkdtempSync(join(tmpdir(), 'gatepost-ref-'));
  dirs.push(dir);
  const db = openDatabase(join(dir, 'journal.sqlite3'));
  dbs.push(db);
  return db;
};
afterEach(() => {
  dbs.splice(0).forEach((d) => d.open && d.close());
  dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true }));
});

const data: ReferenceData = {
  events: [
    {
      eventId: 'E1',
      name: 'Concert',
      start: '2026-06-01T20:00:00',
      scanStart: '2026-06-01T18:00:00',
      scanEnd: '2026-06-01T23:00:00',
      timeZone: 'Europe/Berlin',
      barcodeMasks: ['39??????????', '/VIP-\\d+/'],
    },
    { eventId: 'E2', name: 'Matinee' },
  ],
  tickets: [
    { token: '390000000001', eventId: 'E1', ticketId: 'T1', status: 'VALID', seat: { row: '12', seat: '7' } },
    { token: '390000000002', status: 'voided' },
  ],
  rules: { maxEntriesPerTicket: 2, maxCapacity: 100, requireEntryExit: true, venueTimeZone: 'Europe/Berlin' },
  nfcKeys: { apple: ['k1'] },
};

describe('ReferenceStore', () => {
  it('creates STRICT tables, and a token lookup is a primary-key search, not a scan', () => {
    const db = open();
    const strict = db
      .prepare(
        "SELECT name, strict FROM pragma_table_list WHERE name IN ('ref_events','ref_tickets','ref_meta','ticket_state','area_occupancy')",
      )
      .all() as { name: string; strict: number }[];
    expect(strict).toHaveLength(5);
    expect(strict.every((t) => t.strict === 1)).toBe(true);
    // The lookup ReferenceStore.findTicket runs: the live generation from ref_meta, then the ticket.
    const plan = db
      .prepare(
        `EXPLAIN QUERY PLAN SELECT t.* FROM ref_meta m JOIN ref_tickets t
           ON t.provider = m.provider AND t.generation = m.ticket_generation
         WHERE m.provider = ? AND t.token = ?`,
      )
      .all('p', 't') as { detail: string }[];
    expect(plan.map((p) => p.detail).join()).toMatch(
      /SEARCH t USING PRIMARY KEY \(provider=\? AND generation=\? AND token=\?\)/,
    );
    expect(plan.map((p) => p.detail).join()).not.toMatch(/SCAN/);
  });

  it('stores and reads back events, tickets, rules, NFC keys and counts', () => {
    const store = new ReferenceStore(open());
    expect(store.syncedAt('p')).toBeUndefined();
    expect(store.counts('p')).toEqual({ events: 0, tickets: 0 });
    store.replace('p', data, 1234);
    expect(store.syncedAt('p')).toBe(1234);
    expect(store.counts('p')).toEqual({ events: 2, tickets: 2 });
    expect(store.events('p')).toEqual([data.events[0], { eventId: 'E2', name: 'Matinee', barcodeMasks: [] }]);
    expect(store.findTicket('p', '390000000001')).toEqual(data.tickets![0]);
    expect(store.findTicket('p', '390000000002')).toEqual({ token: '390000000002', status: 'voided' });
    expect(store.findTicket('p', '390000000003')).toBeUndefined();
    expect(store.findTicket('other', '390000000001')).toBeUndefined();
    expect(store.rules('p')).toEqual(data.rules);
    expect(store.nfcKeys('p')).toEqual({ apple: ['k1'] });
    expect(store.meta('p')).toMatchObject({ hasTicketList: true });
  });

  it("replaces one provider's data wholesale and leaves other providers alone", () => {
    const store = new ReferenceStore(open());
    store.replace('p', data, 1);
    store.replace('q', data, 1);
    store.replace('p', { events: [{ eventId: 'E9', name: 'New' }] }, 2);
    expect(store.events('p').map((e) => e.eventId)).toEqual(['E9']);
    expect(store.findTicket('p', '390000000001')).toBeUndefined();
    expect(store.meta('p')).toMatchObject({ hasTicketList: false, tickets: 0, syncedAt: 2 });
    expect(store.rules('p')).toBeUndefined();
    expect(store.counts('q')).toEqual({ events: 2, tickets: 2 });
  });

  it('a replace that fails part-way leaves the previous data in place', () => {
    const db = open();
    const store = new ReferenceStore(db);
    store.replace('p', data, 1);
    const cacheSize = db.pragma('cache_size', { simple: true });
    const broken: ReferenceData = {
      events: [{ eventId: 'E3', name: 'Other' }],
      // The same token twice: the primary key refuses the second, after the deletes and 20,000 inserts ran.
      tickets: [
        ...Array.from({ length: 20_000 }, (_, i) => ({ token: `NEW${i}` })),
        { token: 'DUP' },
        { token: 'DUP' },
      ],
    };
    expect(() => store.replace('p', broken, 2)).toThrow(/UNIQUE constraint failed/);
    expect(store.syncedAt('p')).toBe(1);
    expect(store.counts('p')).toEqual({ events: 2, tickets: 2 });
    expect(store.events('p').map((e) => e.eventId)).toEqual(['E1', 'E2']);
    expect(store.findTicket('p', '390000000001')?.ticketId).toBe('T1');
    expect(store.findTicket('p', 'NEW0')).toBeUndefined();
    expect(db.prepare("SELECT count(*) FROM ref_tickets WHERE provider = 'p'").pluck().get()).toBe(2);
    expect(db.pragma('cache_size', { simple: true })).toBe(cacheSize); // the sync's larger cache is given back
  });

  it('bulk-inserts 1,000,000 tickets', { timeout: 120_000 }, () => {
    const db = open();
    const store = new ReferenceStore(db);
    store.replace('p', data, 1);
    const tickets: ReferenceTicket[] = Array.from({ length: 1_000_000 }, (_, i) => ({
      token: String(390_000_000_000 + ((i * 7_919) % 1_000_000)), // not in token order
      eventId: 'E1',
      ticketId: `T${i}`,
      status: 'VALID',
      ...(i % 3 === 0 && { seat: { row: String(i % 40), seat: String(i % 30) } }),
    }));
    store.replace('p', { ...data, tickets }, 2);
    expect(store.counts('p')).toEqual({ events: 2, tickets: 1_000_000 });
    expect(db.prepare("SELECT count(*) FROM ref_tickets WHERE provider = 'p'").pluck().get()).toBe(1_000_000);
    expect(store.findTicket('p', tickets[999_999]!.token)).toEqual(tickets[999_999]);
    expect(store.findTicket('p', tickets[3]!.token)).toEqual(tickets[3]);
  });
});
