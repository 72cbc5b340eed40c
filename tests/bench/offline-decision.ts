import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { openDatabase } from '../../electron/core/journal/database.js';
import { ReferenceStore } from '../../electron/core/offline/reference-store.js';
import { LocalDecider, type Direction } from '../../electron/core/offline/local-decider.js';
import type { ReferenceTicket } from '../../electron/core/providers/provider.js';
import { summarise, type BenchEntry } from './bench-report.js';

const TICKETS = 1_000_000;
const DECISIONS = 20_000;
const WARMUP = 1_000;
const PROVIDER = 'bench';
const AT = Date.parse('2026-06-01T18:00:00Z'); // 20:00 in Berlin, inside the scan window

/**
 * Offline reference sync of 1,000,000 tickets into a fresh SQLite file (one transaction, as the kiosk
 * does it), then local decisions against that cache: a mix of listed, unlisted, voided tickets, entries,
 * re-entries and exits, with capacity and max-entry rules on, each decision noted in the ticket state as
 * the kiosk would. Timed: `decide()` alone (the gate waits for it); `noteDecided()` is reported in the note.
 */
export async function benchOfflineDecision(): Promise<BenchEntry[]> {
  const dir = mkdtempSync(join(tmpdir(), 'gatepost-bench-offline-'));
  try {
    const db = openDatabase(join(dir, 'journal.sqlite3'));
    const store = new ReferenceStore(db);
    // Tokens in a scrambled order, as a provider's download rarely comes sorted.
    const token = (i: number) => String(390_000_000_000 + ((i * 7_919) % TICKETS));
    const tickets: ReferenceTicket[] = Array.from({ length: TICKETS }, (_, i) => ({
      token: token(i),
      eventId: 'E1',
      ticketId: `T${i}`,
      status: i % 100 === 0 ? 'voided' : 'VALID',
      ...(i % 2 === 0 && { seat: { section: String(i % 30), row: String(i % 40), seat: String(i % 25) } }),
    }));
    const events = [
      {
        eventId: 'E1',
        name: 'Concert',
        scanStart: '2026-06-01T17:00:00',
        scanEnd: '2026-06-01T23:30:00',
        timeZone: 'Europe/Berlin',
        barcodeMasks: ['39??????????', '/VIP-\\d{6}/'],
      },
    ];
    const rules = { maxEntriesPerTicket: 3, maxCapacity: 900_000, venueTimeZone: 'Europe/Berlin' };

    const t0 = performance.now();
    store.replace(PROVIDER, { events, tickets, rules }, Date.now());
    const syncSeconds = (performance.now() - t0) / 1000;
    const peakRssMiB = process.resourceUsage().maxRSS / 1024; // maxRSS is in KiB
    if (store.counts(PROVIDER).tickets !== TICKETS) throw new Error('reference sync lost tickets');

    const decider = new LocalDecider(db, store);
    const random = mulberry32(42); // seeded: every run decides the same scans
    const decideMs: number[] = [];
    const noteMs: number[] = [];
    const outcomes = new Map<string, number>();
    for (let n = 0; n < WARMUP + DECISIONS; n++) {
      const r = random();
      // 90 % listed tickets, 5 % unlisted tokens that fit the mask, 5 % foreign barcodes.
      const tok =
        r < 0.9
          ? token(Math.floor(random() * TICKETS))
          : r < 0.95
            ? String(391_000_000_000 + n)
            : `FOREIGN-${n}`;
      const direction: Direction = random() < 0.8 ? 'entry' : 'exit';
      const scan = { provider: PROVIDER, token: tok, direction, at: AT + n };
      const t = performance.now();
      const d = decider.decide(scan);
      const t1 = performance.now();
      decider.noteDecided({ ...scan, eventId: d.eventId, outcome: d.outcome });
      const t2 = performance.now();
      if (n < WARMUP) continue;
      decideMs.push(t1 - t);
      if (d.outcome === 'admit') noteMs.push(t2 - t1); // only admits write
      outcomes.set(d.rule, (outcomes.get(d.rule) ?? 0) + 1);
    }
    db.close();

    const note = summarise('note', noteMs, null);
    const mix = [...outcomes].map(([rule, count]) => `${rule} ${count}`).join(', ');
    const round = (v: number) => Math.round(v * 1000) / 1000;
    return [
      {
        name: 'offline.reference-sync-1m-tickets',
        unit: 's',
        n: TICKETS,
        p50: round(syncSeconds),
        p99: round(syncSeconds),
        goal: null,
        note: `one replace() transaction of ${TICKETS} tickets (scrambled token order) into a fresh WAL file; process peak RSS ${Math.round(peakRssMiB)} MiB (includes the ticket array held in memory)`,
      },
      summarise(
        'offline.decision-1m-tickets',
        decideMs,
        2,
        `decide() with ${TICKETS} tickets cached; noteDecided() of an admit (its own durable commit) p50 ${note.p50} ms p99 ${note.p99} ms; rules: ${mix}`,
      ),
    ];
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function mulberry32(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}
