import type { Statement } from 'better-sqlite3';
import type { Db } from '../journal/database.js';
import type { AccessRules, ReferenceData, ReferenceEvent, ReferenceTicket } from '../providers/provider.js';
import type { SeatInfo } from '../../common/contract.js';

/** What a sync stored for one provider, read in one row (the decider reads it on every scan). */
export interface ReferenceMeta {
  syncedAt: number;
  /** The provider sent a ticket list (possibly empty): then only listed tickets are known tickets. */
  hasTicketList: boolean;
  events: number;
  tickets: number;
  rules?: AccessRules;
}

interface MetaRow {
  synced_at: number;
  has_ticket_list: number;
  event_count: number;
  ticket_count: number;
  rules: string | null;
}

interface EventRow {
  event_id: string;
  name: string;
  starts_at: string | null;
  ends_at: string | null;
  scan_start: string | null;
  scan_end: string | null;
  time_zone: string | null;
  masks: string;
}

/** Keeps provider-synced NFC keys outside the database (the host gives the encrypted secret store). */
export interface NfcKeyStore {
  save(provider: string, keys: unknown): void;
  load(provider: string): unknown;
}

/** Negative: KiB, as PRAGMA cache_size reads it. */
const SYNC_CACHE_KIB = -65_536;
/**
 * Tickets per transaction when a list is synced in chunks; the event loop is free between chunks. Small,
 * so a chunk is garbage before V8 promotes it (measured: 5,000 per chunk cost ~15 MiB more peak RSS).
 */
export const SYNC_CHUNK = 1_000;
/** Rows deleted per transaction when an old generation is cleared. */
const DELETE_CHUNK = 10_000;

type TicketRow = [
  eventId: string | null,
  ticketId: string | null,
  status: string | null,
  seat: string | null,
];

const yieldToScans = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * Offline reference data in SQLite, per provider. A sync replaces a provider's data wholesale, so a
 * decision never sees half of an old sync and half of a new one, and a sync that fails part-way leaves
 * the previous data in place. Ticket lists are written as a new *generation* beside the live one
 * (`sync`: chunk by chunk, each chunk its own short transaction, the event loop free between them), then
 * made live in one small transaction (`ref_meta.ticket_generation`); the old generation is deleted in
 * chunks afterwards. Lookups read only the live generation.
 */
export class ReferenceStore {
  private readonly metaStmt: Statement;
  private readonly eventsStmt: Statement;
  private readonly ticketStmt: Statement;
  private readonly nfcStmt: Statement;
  private readonly deleteMeta: Statement;
  private readonly deleteEvents: Statement;
  private readonly insertMeta: Statement;
  private readonly insertEvent: Statement;
  private readonly insertTicket: Statement;
  private readonly liveGeneration: Statement;
  private readonly maxGeneration: Statement;
  private readonly otherGeneration: Statement;
  private readonly deleteSome: Statement;
  private readonly deleteAll: Statement;
  private readonly stageTicket: Statement;
  /** The sync in progress: syncs of one store run one after another. */
  private syncing: Promise<void> | undefined;

  /**
   * `nfcKeyStore`: where provider-synced NFC private keys are kept — the encrypted secret store in the
   * kiosk (they never reach the database then). Without one (tests), they stay in `ref_meta.nfc_keys`.
   */
  constructor(
    private readonly db: Db,
    private readonly nfcKeyStore?: NfcKeyStore,
  ) {
    this.metaStmt = db.prepare(
      'SELECT synced_at, has_ticket_list, event_count, ticket_count, rules FROM ref_meta WHERE provider = ?',
    );
    this.eventsStmt = db.prepare('SELECT * FROM ref_events WHERE provider = ? ORDER BY position');
    // raw(): an array per row instead of an object, the cheapest read better-sqlite3 offers. Two
    // primary-key descents: ref_meta for the live generation, then (provider, generation, token).
    this.ticketStmt = db
      .prepare(
        `SELECT t.event_id, t.ticket_id, t.status, t.seat
         FROM ref_meta m JOIN ref_tickets t
           ON t.provider = m.provider AND t.generation = m.ticket_generation
         WHERE m.provider = ? AND t.token = ?`,
      )
      .raw();
    this.nfcStmt = db.prepare('SELECT nfc_keys FROM ref_meta WHERE provider = ?').pluck();
    this.deleteMeta = db.prepare('DELETE FROM ref_meta WHERE provider = ?');
    this.deleteEvents = db.prepare('DELETE FROM ref_events WHERE provider = ?');
    this.insertMeta = db.prepare(`
      INSERT INTO ref_meta (provider, synced_at, has_ticket_list, event_count, ticket_count, rules, nfc_keys,
        ticket_generation)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?)`);
    this.insertEvent = db.prepare(`
      INSERT INTO ref_events (provider, event_id, position, name, starts_at, ends_at, scan_start, scan_end,
        time_zone, masks)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`);
    this.insertTicket = db.prepare(`
      INSERT INTO ref_tickets (provider, generation, token, event_id, ticket_id, status, seat)
      VALUES (?, ?, ?, ?, ?, ?, ?)`);
    this.liveGeneration = db.prepare('SELECT ticket_generation FROM ref_meta WHERE provider = ?').pluck();
    this.maxGeneration = db.prepare('SELECT max(generation) FROM ref_tickets WHERE provider = ?').pluck();
    // Two range seeks on the primary key, below and above the live generation (no scan of the live one).
    this.otherGeneration = db
      .prepare(
        `SELECT generation FROM (
           SELECT generation FROM ref_tickets WHERE provider = @provider AND generation < @live LIMIT 1)
         UNION ALL SELECT generation FROM (
           SELECT generation FROM ref_tickets WHERE provider = @provider AND generation > @live LIMIT 1)`,
      )
      .pluck();
    this.deleteSome = db.prepare(`
      DELETE FROM ref_tickets WHERE provider = @provider AND generation = @generation AND token IN (
        SELECT token FROM ref_tickets WHERE provider = @provider AND generation = @generation LIMIT @limit)`);
    this.deleteAll = db.prepare('DELETE FROM ref_tickets WHERE provider = ? AND generation <> ?');
    this.stageTicket = db.prepare(
      'INSERT INTO ref_tickets_staging (token, event_id, ticket_id, status, seat) VALUES (?, ?, ?, ?, ?)',
    );
  }

  /**
   * Replaces everything stored for `provider` with `data` in ONE transaction, holding the event loop for
   * as long as that takes (1,000,000 tickets: seconds; see tests/bench/offline-decision.ts). For tests and
   * small lists; the kiosk syncs with `sync`. Throws (and keeps the old data) on anything the tables
   * refuse, e.g. the same token twice.
   */
  replace(provider: string, data: ReferenceData, syncedAt: number): void {
    if (this.syncing) throw new Error('a chunked sync is running; replace() would race it');
    const tickets = data.tickets ?? [];
    this.withSyncCache(tickets.length > 10_000, () =>
      this.db.transaction(() => {
        const generation = this.nextGeneration(provider);
        this.insertTickets(provider, generation, tickets);
        this.makeLive(provider, data, generation, tickets.length, syncedAt);
        this.deleteAll.run(provider, generation);
      })(),
    );
    this.saveNfcKeys(provider, data);
  }

  /** After the commit: a sync whose rows were refused must not replace the keys either. */
  private saveNfcKeys(provider: string, data: ReferenceData): void {
    if (this.nfcKeyStore && data.nfcKeys !== undefined) this.nfcKeyStore.save(provider, data.nfcKeys);
  }

  /**
   * Replaces `provider`'s data with `data` without ever holding the event loop for long: tickets (the
   * `tickets` array, or the provider's `ticketChunks` as they arrive) go in by chunks into a new
   * generation, which one small transaction then makes live; the old one is deleted in chunks. Memory
   * holds one chunk at a time. A failure part-way (the provider's stream, a duplicate token) leaves the
   * previous data live and removes the partial generation. Syncs of one store run one at a time.
   * Returns how many tickets are now live.
   */
  sync(provider: string, data: ReferenceData, syncedAt: number): Promise<number> {
    const previous = this.syncing ?? Promise.resolve();
    const run = previous.then(() => this.syncNow(provider, data, syncedAt));
    // What the next sync waits for: this one settled, whichever way (the caller handles its failure).
    const settled = run.then(
      () => undefined,
      () => undefined,
    );
    this.syncing = settled;
    void settled.then(() => {
      if (this.syncing === settled) this.syncing = undefined;
    });
    return run;
  }

  private async syncNow(provider: string, data: ReferenceData, syncedAt: number): Promise<number> {
    const live = this.liveGeneration.get(provider) as number | undefined;
    await this.clearOtherGenerations(provider, live);
    const generation = this.nextGeneration(provider);
    const chunks = data.ticketChunks ?? (data.tickets ? arrayChunks(data.tickets) : undefined);
    let count = 0;
    try {
      if (chunks) count = await this.stageAndCopy(provider, generation, chunks);
      this.db.transaction(() => this.makeLive(provider, data, generation, count, syncedAt))();
      this.saveNfcKeys(provider, data);
    } catch (err) {
      await this.clearGeneration(provider, generation);
      throw err;
    } finally {
      this.clearStaging();
    }
    if (live !== undefined) await this.clearGeneration(provider, live);
    return count;
  }

  /**
   * The list into `generation` without holding much memory or the event loop: (1) appended to the staging
   * table as it arrives, a chunk per transaction; (2) sorted once by a unique index (SQLite's external
   * sort: bounded memory; the one step that holds the loop, ~1–2 s for 1,000,000); (3) copied in token
   * order (a token listed twice is found here and fails the sync), a chunk per transaction, so the generation's B-tree is built
   * by appending rather than by inserts all over it (which needed a 64 MiB page cache and still crawled).
   * Its transactions skip the fsync (synchronous=NORMAL: a power cut loses at most the partial list,
   * never the file); scans committed between chunks keep synchronous=FULL.
   */
  private async stageAndCopy(
    provider: string,
    generation: number,
    chunks: AsyncIterable<ReferenceTicket[]>,
  ): Promise<number> {
    this.clearStaging();
    // Nothing of a written chunk is referenced across an await: what survives a young-generation GC is
    // promoted, and the old generation then grows with the list (measured: +30 MiB peak RSS).
    const pending: ReferenceTicket[] = [];
    let staged = 0;
    const stage = () => {
      this.relaxed(() => {
        for (const t of pending)
          this.stageTicket.run(
            t.token,
            t.eventId ?? null,
            t.ticketId ?? null,
            t.status ?? null,
            t.seat ? JSON.stringify(t.seat) : null,
          );
      });
      staged += pending.length;
      pending.length = 0;
    };
    const iterator = chunks[Symbol.asyncIterator]();
    const take = async (): Promise<boolean> => {
      const next = await iterator.next();
      if (next.done) return false;
      for (const t of next.value) pending.push(t);
      return true;
    };
    while (await take()) {
      if (pending.length < SYNC_CHUNK) continue;
      stage();
      await yieldToScans();
    }
    if (pending.length > 0) stage();

    this.relaxed(() =>
      this.db.exec(
        `CREATE INDEX ref_tickets_staging_order
           ON ref_tickets_staging (token, event_id, ticket_id, status, seat)`,
      ),
    );
    await yieldToScans();
    const copy = this.db.prepare(`
      INSERT INTO ref_tickets (provider, generation, token, event_id, ticket_id, status, seat)
      SELECT @provider, @generation, token, event_id, ticket_id, status, seat
      FROM ref_tickets_staging INDEXED BY ref_tickets_staging_order
      WHERE token > @after ORDER BY token LIMIT @limit`);
    const last = this.db
      .prepare('SELECT max(token) FROM ref_tickets WHERE provider = ? AND generation = ?')
      .pluck();
    let after = '';
    let copied = 0;
    for (;;) {
      let n = 0;
      this.relaxed(() => (n = copy.run({ provider, generation, after, limit: SYNC_CHUNK * 5 }).changes));
      if (n === 0) break;
      copied += n;
      after = last.get(provider, generation) as string;
      await yieldToScans();
    }
    // The copy steps over equal tokens: fewer copied than staged means a token was listed twice.
    if (copied !== staged)
      throw new Error(`reference sync refused: ${staged - copied} tokens listed twice in ${staged}`);
    return copied;
  }

  /** Empties the staging table (SQLite's truncate: pages freed at once) and drops its sort index. */
  private clearStaging(): void {
    this.db.exec('DROP INDEX IF EXISTS ref_tickets_staging_order; DELETE FROM ref_tickets_staging;');
  }

  /** One transaction at synchronous=NORMAL (see stageAndCopy); FULL again before anything else runs. */
  private relaxed(work: () => void): void {
    const before = this.db.pragma('synchronous', { simple: true }) as number;
    this.db.pragma('synchronous = NORMAL');
    try {
      this.db.transaction(work)();
    } finally {
      this.db.pragma(`synchronous = ${before}`);
    }
  }

  private withSyncCache(big: boolean, work: () => void): void {
    // Ticket lists arrive in the provider's order, which is rarely token order, so inserts land all over
    // the primary-key B-tree. With the default 2 MiB page cache that thrashes (measured, 1,000,000 random
    // tokens: 12 s); 64 MiB for the sync's duration brings it to about 5 s. Set back afterwards, which
    // frees the extra pages.
    const cacheSize = this.db.pragma('cache_size', { simple: true }) as number;
    if (big) this.db.pragma(`cache_size = ${SYNC_CACHE_KIB}`);
    try {
      work();
    } finally {
      this.db.pragma(`cache_size = ${cacheSize}`);
    }
  }

  private nextGeneration(provider: string): number {
    const live = (this.liveGeneration.get(provider) as number | undefined) ?? 0;
    const max = (this.maxGeneration.get(provider) as number | null) ?? 0;
    return Math.max(live, max) + 1;
  }

  private insertTickets(provider: string, generation: number, tickets: readonly ReferenceTicket[]): void {
    const insert = this.insertTicket;
    for (const t of tickets) {
      insert.run(
        provider,
        generation,
        t.token,
        t.eventId ?? null,
        t.ticketId ?? null,
        t.status ?? null,
        t.seat ? JSON.stringify(t.seat) : null,
      );
    }
  }

  /** Events, rules and meta of the new sync, pointing lookups at `generation` (inside a transaction). */
  private makeLive(
    provider: string,
    data: ReferenceData,
    generation: number,
    ticketCount: number,
    syncedAt: number,
  ): void {
    this.deleteEvents.run(provider);
    this.deleteMeta.run(provider);
    data.events.forEach((e, position) =>
      this.insertEvent.run(
        provider,
        e.eventId,
        position,
        e.name,
        e.start ?? null,
        e.end ?? null,
        e.scanStart ?? null,
        e.scanEnd ?? null,
        e.timeZone ?? null,
        JSON.stringify(e.barcodeMasks ?? []),
      ),
    );
    this.insertMeta.run(
      provider,
      syncedAt,
      data.tickets || data.ticketChunks ? 1 : 0,
      data.events.length,
      ticketCount,
      data.rules ? JSON.stringify(data.rules) : null,
      data.nfcKeys === undefined || this.nfcKeyStore ? null : JSON.stringify(data.nfcKeys),
      generation,
    );
  }

  /** Deletes one generation's rows, a chunk per transaction, yielding between chunks. */
  private async clearGeneration(provider: string, generation: number): Promise<void> {
    while (this.deleteSome.run({ provider, generation, limit: DELETE_CHUNK }).changes > 0)
      await yieldToScans();
  }

  /** Leftovers of a sync that was interrupted (a kill -9 mid-sync): every generation but the live one. */
  private async clearOtherGenerations(provider: string, live: number | undefined): Promise<void> {
    for (;;) {
      const stale = this.otherGeneration.get({ provider, live: live ?? -1 }) as number | undefined;
      if (stale === undefined) return;
      await this.clearGeneration(provider, stale);
    }
  }

  /** Undefined until the provider's first sync. */
  meta(provider: string): ReferenceMeta | undefined {
    const r = this.metaStmt.get(provider) as MetaRow | undefined;
    if (!r) return undefined;
    return {
      syncedAt: r.synced_at,
      hasTicketList: r.has_ticket_list === 1,
      events: r.event_count,
      tickets: r.ticket_count,
      ...(r.rules !== null && { rules: JSON.parse(r.rules) as AccessRules }),
    };
  }

  /** One primary-key lookup on (provider, token). */
  findTicket(provider: string, token: string): ReferenceTicket | undefined {
    const r = this.ticketStmt.get(provider, token) as TicketRow | undefined;
    if (!r) return undefined;
    const [eventId, ticketId, status, seat] = r;
    return {
      token,
      ...(eventId !== null && { eventId }),
      ...(ticketId !== null && { ticketId }),
      ...(status !== null && { status }),
      ...(seat !== null && { seat: JSON.parse(seat) as SeatInfo }),
    };
  }

  /** In sync order. */
  events(provider: string): ReferenceEvent[] {
    return (this.eventsStmt.all(provider) as EventRow[]).map((r) => ({
      eventId: r.event_id,
      name: r.name,
      ...(r.starts_at !== null && { start: r.starts_at }),
      ...(r.ends_at !== null && { end: r.ends_at }),
      ...(r.scan_start !== null && { scanStart: r.scan_start }),
      ...(r.scan_end !== null && { scanEnd: r.scan_end }),
      ...(r.time_zone !== null && { timeZone: r.time_zone }),
      barcodeMasks: JSON.parse(r.masks) as string[],
    }));
  }

  rules(provider: string): AccessRules | undefined {
    return this.meta(provider)?.rules;
  }

  nfcKeys(provider: string): unknown {
    if (this.nfcKeyStore) return this.nfcKeyStore.load(provider);
    const json = this.nfcStmt.get(provider) as string | null | undefined;
    return json == null ? undefined : (JSON.parse(json) as unknown);
  }

  syncedAt(provider: string): number | undefined {
    return this.meta(provider)?.syncedAt;
  }

  /** As stored by the last sync (written in the same transaction as the rows, so they agree). */
  counts(provider: string): { events: number; tickets: number } {
    const m = this.meta(provider);
    return { events: m?.events ?? 0, tickets: m?.tickets ?? 0 };
  }
}

/** An array as chunks of SYNC_CHUNK, so a big list given at once is still written chunk by chunk. */
async function* arrayChunks(tickets: readonly ReferenceTicket[]): AsyncIterable<ReferenceTicket[]> {
  for (let i = 0; i < tickets.length; i += SYNC_CHUNK) yield tickets.slice(i, i + SYNC_CHUNK);
}
