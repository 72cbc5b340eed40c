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

type TicketRow = [
  eventId: string | null,
  ticketId: string | null,
  status: string | null,
  seat: string | null,
];

/**
 * Offline reference data in SQLite, per provider. A sync replaces a provider's data wholesale in one
 * transaction, so a decision never sees half of an old sync and half of a new one, and a sync that fails
 * part-way leaves the previous data in place.
 */
export class ReferenceStore {
  private readonly metaStmt: Statement;
  private readonly eventsStmt: Statement;
  private readonly ticketStmt: Statement;
  private readonly nfcStmt: Statement;
  private readonly deleteMeta: Statement;
  private readonly deleteEvents: Statement;
  private readonly deleteTickets: Statement;
  private readonly insertMeta: Statement;
  private readonly insertEvent: Statement;
  private readonly insertTicket: Statement;

  /**
   * `nfcKeys`: where provider-synced NFC private keys are kept — the encrypted secret store in the kiosk
   * (they never reach the database then). Without one (tests), they stay in `ref_meta.nfc_keys`.
   */
  constructor(
    private readonly db: Db,
    private readonly nfcKeyStore?: NfcKeyStore,
  ) {
    this.metaStmt = db.prepare(
      'SELECT synced_at, has_ticket_list, event_count, ticket_count, rules FROM ref_meta WHERE provider = ?',
    );
    this.eventsStmt = db.prepare('SELECT * FROM ref_events WHERE provider = ? ORDER BY position');
    // raw(): an array per row instead of an object, the cheapest read better-sqlite3 offers.
    this.ticketStmt = db
      .prepare('SELECT event_id, ticket_id, status, seat FROM ref_tickets WHERE provider = ? AND token = ?')
      .raw();
    this.nfcStmt = db.prepare('SELECT nfc_keys FROM ref_meta WHERE provider = ?').pluck();
    this.deleteMeta = db.prepare('DELETE FROM ref_meta WHERE provider = ?');
    this.deleteEvents = db.prepare('DELETE FROM ref_events WHERE provider = ?');
    this.deleteTickets = db.prepare('DELETE FROM ref_tickets WHERE provider = ?');
    this.insertMeta = db.prepare(`
      INSERT INTO ref_meta (provider, synced_at, has_ticket_list, event_count, ticket_count, rules, nfc_keys)
      VALUES (?, ?, ?, ?, ?, ?, ?)`);
    this.insertEvent = db.prepare(`
      INSERT INTO ref_events (provider, event_id, position, name, starts_at, ends_at, scan_start, scan_end,
        time_zone, masks)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`);
    this.insertTicket = db.prepare(`
      INSERT INTO ref_tickets (provider, token, event_id, ticket_id, status, seat) VALUES (?, ?, ?, ?, ?, ?)`);
  }

  /**
   * Replaces everything stored for `provider` with `data`, atomically. Throws (and keeps the old data)
   * on anything the tables refuse, e.g. the same token twice. One prepared INSERT per ticket inside one
   * transaction: 1,000,000 tickets take a few seconds (see tests/bench/offline-decision.ts).
   */
  replace(provider: string, data: ReferenceData, syncedAt: number): void {
    const tickets = data.tickets ?? [];
    // Ticket lists arrive in the provider's order, which is rarely token order, so inserts land all over
    // the primary-key B-tree. With the default 2 MiB page cache that thrashes (measured, 1,000,000 random
    // tokens: 12 s); 64 MiB for the sync's duration brings it to about 5 s. Set back afterwards, which
    // frees the extra pages.
    const cacheSize = this.db.pragma('cache_size', { simple: true }) as number;
    if (tickets.length > 10_000) this.db.pragma(`cache_size = ${SYNC_CACHE_KIB}`);
    try {
      this.write(provider, data, tickets, syncedAt);
    } finally {
      this.db.pragma(`cache_size = ${cacheSize}`);
    }
  }

  private write(provider: string, data: ReferenceData, tickets: ReferenceTicket[], syncedAt: number): void {
    this.db.transaction(() => {
      this.deleteTickets.run(provider);
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
      const insert = this.insertTicket;
      for (const t of tickets) {
        insert.run(
          provider,
          t.token,
          t.eventId ?? null,
          t.ticketId ?? null,
          t.status ?? null,
          t.seat ? JSON.stringify(t.seat) : null,
        );
      }
      this.insertMeta.run(
        provider,
        syncedAt,
        data.tickets ? 1 : 0,
        data.events.length,
        tickets.length,
        data.rules ? JSON.stringify(data.rules) : null,
        data.nfcKeys === undefined || this.nfcKeyStore ? null : JSON.stringify(data.nfcKeys),
      );
    })();
    // After the commit: a sync whose rows were refused must not replace the keys either.
    if (this.nfcKeyStore && data.nfcKeys !== undefined) this.nfcKeyStore.save(provider, data.nfcKeys);
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
