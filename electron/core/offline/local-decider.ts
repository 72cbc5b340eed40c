import type { Statement } from 'better-sqlite3';
import type { Outcome, SeatInfo } from '../../common/contract.js';
import type { Db } from '../journal/database.js';
import type { AccessRules, ReferenceEvent } from '../providers/provider.js';
import { uploadContextFor, type UploadContext } from './upload-context.js';
import { matchEvent } from './barcode-mask.js';
import type { ReferenceStore } from './reference-store.js';
import { checkScanWindow } from './scan-window.js';

/**
 * What the kiosk does with a scan while the ticketing API is unreachable. Chosen by the venue tech.
 *
 * - `admit-if-locally-valid` (default): admit a listed ticket that passes the local rules; when the
 *   provider sends no ticket list, admit any barcode whose mask matches an event with an open scan window.
 *   Risk — wrong admits: a ticket voided or resold since the last sync, a copied barcode used at another
 *   gate while both are offline, or (without a ticket list) any made-up barcode that fits a mask gets in.
 *   Each costs one unpaid entry and, at a full venue, a space someone paid for. Wrong stops are rare.
 * - `admit-known-tickets-only`: admit only tickets on the synced list. Risk — wrong stops: tickets sold
 *   after the last sync, and every ticket of a provider without a list, are sent to staff; at a busy
 *   gate that is a queue and angry patrons. Wrong admits shrink to voids and copies since the last sync.
 * - `stop-all`: admit nobody; every scan shows "see staff". Risk — every patron is a wrong stop: the gate
 *   is closed until staff check tickets by hand (or it comes back online). No wrong admits at all.
 */
export type OfflinePolicy = 'admit-if-locally-valid' | 'admit-known-tickets-only' | 'stop-all';
export const OFFLINE_POLICIES: readonly OfflinePolicy[] = [
  'admit-if-locally-valid',
  'admit-known-tickets-only',
  'stop-all',
];

export type Direction = 'entry' | 'exit';

/** Every rule that can decide a scan offline: a closed set, so staff screens and tests can list them. */
export const LOCAL_RULES = {
  'policy:stop-all': [
    'see-staff',
    'OFFLINE_STOP_ALL',
    'This gate cannot check tickets right now. Please see staff.',
  ],
  'reference:missing': [
    'see-staff',
    'OFFLINE_NO_REFERENCE',
    'This gate cannot check tickets right now. Please see staff.',
  ],
  'ticket:no-list': [
    'see-staff',
    'OFFLINE_NO_TICKET_LIST',
    'Your ticket cannot be checked right now. Please see staff.',
  ],
  'ticket:unknown': ['stop', 'OFFLINE_UNKNOWN_TICKET', 'Ticket not recognised.'],
  'ticket:voided': ['stop', 'OFFLINE_TICKET_VOIDED', 'This ticket has been cancelled.'],
  'ticket:invalid': ['stop', 'OFFLINE_TICKET_INVALID', 'This ticket is not valid.'],
  'event:not-here': ['stop', 'OFFLINE_WRONG_EVENT', 'This ticket is not for this event.'],
  'mask:no-match': ['stop', 'OFFLINE_NO_MATCHING_EVENT', 'Ticket not recognised for this event.'],
  'window:not-yet-open': ['stop', 'OFFLINE_NOT_YET_OPEN', 'Entry has not opened yet.'],
  'window:closed': ['stop', 'OFFLINE_WINDOW_CLOSED', 'Entry for this event has closed.'],
  'state:already-inside': ['stop', 'OFFLINE_ALREADY_ENTERED', 'This ticket has already been used to enter.'],
  'state:not-inside': ['stop', 'OFFLINE_NOT_INSIDE', 'This ticket has already been used to exit.'],
  'area:require-exit': ['stop', 'OFFLINE_NO_ENTRY_RECORDED', 'No entry is recorded for this ticket.'],
  'area:max-entries': ['stop', 'OFFLINE_MAX_ENTRIES', 'This ticket has no entries left.'],
  'area:capacity': ['stop', 'OFFLINE_CAPACITY_REACHED', 'This area is full. Please wait or see staff.'],
  'admit:known-ticket': ['admit', 'OFFLINE_ADMIT', 'Welcome.'],
  'admit:mask-and-window': ['admit', 'OFFLINE_ADMIT', 'Welcome.'],
} as const satisfies Record<string, readonly [Outcome, string, string]>;
export type LocalRule = keyof typeof LOCAL_RULES;

export interface LocalDecision {
  outcome: Outcome;
  reasonCode: string;
  /** Patron-readable English. */
  reasonText: string;
  /** The rule that decided. */
  rule: LocalRule;
  eventId?: string;
  ticketId?: string;
  seat?: SeatInfo;
}

export interface LocalScan {
  provider: string;
  token: string;
  direction: Direction;
  /** Epoch ms, device clock. */
  at: number;
}

export interface DecidedScan extends LocalScan {
  eventId?: string | undefined;
  outcome: Outcome;
}

type StateRow = [inside: number, entries: number];

/** The provider's synced data as decisions need it, re-read only when a new sync lands. */
interface ProviderView {
  syncedAt: number;
  hasTicketList: boolean;
  rules: AccessRules;
  events: ReferenceEvent[];
  byId: Map<string, ReferenceEvent>;
}

/**
 * Decides scans locally when the API is unreachable, and keeps per-ticket state (inside / entries) from
 * every admit, online or offline, so that state is right at the moment the network drops.
 *
 * Rules, in order (the first that says no decides):
 *  1. policy `stop-all` → see staff.
 *  2. no synced reference data → see staff.
 *  3. ticket list (when the provider sent one): an unlisted token is stopped. Without a list,
 *     `admit-known-tickets-only` sends everyone to staff; `admit-if-locally-valid` goes on to the masks.
 *  4. ticket status: voided / cancelled / refunded, or any status other than valid → stop.
 *  5. event: a listed ticket's own event (stopped if this checkpoint has events and it is not one of them;
 *     a listed ticket without an event is admitted on the list alone); else the barcode masks.
 *  6. scan window (entries only: people must be able to leave after it closes).
 *  7. per-ticket state: entry while inside → stop; exit after its recorded exit → stop. A ticket with no
 *     state here may exit (it may have come in through another gate) unless the area requires
 *     entry-then-exit (8).
 *  8. special areas (AccessRules): require entry-then-exit (exit with no entry recorded → stop), max
 *     entries per ticket, max capacity (tickets inside, across this provider's checkpoint).
 */
export class LocalDecider {
  private readonly stateStmt: Statement;
  private readonly occupancyStmt: Statement;
  private readonly enterStmt: Statement;
  private readonly exitStmt: Statement;
  private readonly views = new Map<string, ProviderView>();

  constructor(
    db: Db,
    private readonly store: ReferenceStore,
    public policy: OfflinePolicy = 'admit-if-locally-valid',
  ) {
    this.stateStmt = db
      .prepare('SELECT inside, entries FROM ticket_state WHERE provider = ? AND token = ?')
      .raw();
    this.occupancyStmt = db.prepare('SELECT inside FROM area_occupancy WHERE provider = ?').pluck();
    this.enterStmt = db.prepare(`
      INSERT INTO ticket_state (provider, token, event_id, inside, entries, last_direction, last_at)
      VALUES (@provider, @token, @eventId, 1, 1, 'entry', @at)
      ON CONFLICT (provider, token) DO UPDATE SET inside = 1, entries = entries + 1,
        event_id = coalesce(excluded.event_id, event_id), last_direction = 'entry', last_at = excluded.last_at`);
    this.exitStmt = db.prepare(`
      INSERT INTO ticket_state (provider, token, event_id, inside, entries, last_direction, last_at)
      VALUES (@provider, @token, @eventId, 0, 0, 'exit', @at)
      ON CONFLICT (provider, token) DO UPDATE SET inside = 0,
        event_id = coalesce(excluded.event_id, event_id), last_direction = 'exit', last_at = excluded.last_at`);
  }

  decide(scan: LocalScan): LocalDecision {
    const { provider, token, direction, at } = scan;
    if (this.policy === 'stop-all') return result('policy:stop-all');
    const view = this.view(provider);
    if (!view) return result('reference:missing');

    const ticket = view.hasTicketList ? this.store.findTicket(provider, token) : undefined;
    if (view.hasTicketList && !ticket) return result('ticket:unknown');
    if (!view.hasTicketList && this.policy === 'admit-known-tickets-only') return result('ticket:no-list');
    const found = { ticketId: ticket?.ticketId, seat: ticket?.seat, eventId: ticket?.eventId };
    const statusRule = ticket && statusVerdict(ticket.status);
    if (statusRule) return result(statusRule, found);

    let event: ReferenceEvent | undefined;
    if (ticket?.eventId !== undefined) {
      event = view.byId.get(ticket.eventId);
      if (!event && view.events.length > 0) return result('event:not-here', found);
    } else {
      event = matchEvent(token, view.events, { at, venueTimeZone: view.rules.venueTimeZone }).event;
      if (!event && !ticket) return result('mask:no-match');
    }
    const details = { ...found, eventId: event?.eventId ?? ticket?.eventId };

    if (event && direction === 'entry') {
      const window = checkScanWindow(event, at, view.rules.venueTimeZone).state;
      if (window === 'not-yet-open') return result('window:not-yet-open', details);
      if (window === 'closed') return result('window:closed', details);
    }

    const state = this.stateStmt.get(provider, token) as StateRow | undefined;
    const inside = state?.[0] === 1;
    if (direction === 'entry' && inside) return result('state:already-inside', details);
    if (direction === 'exit' && state && !inside) return result('state:not-inside', details);

    const rules = view.rules;
    if (direction === 'exit' && !state && rules.requireEntryExit) return result('area:require-exit', details);
    if (direction === 'entry') {
      if (rules.maxEntriesPerTicket !== undefined && (state?.[1] ?? 0) >= rules.maxEntriesPerTicket)
        return result('area:max-entries', details);
      if (rules.maxCapacity !== undefined && this.occupancy(provider) >= rules.maxCapacity)
        return result('area:capacity', details);
    }
    const admit = result(ticket ? 'admit:known-ticket' : 'admit:mask-and-window', details);
    return direction === 'exit' ? { ...admit, reasonText: 'Goodbye.' } : admit;
  }

  /**
   * Records a decided scan in the per-ticket state. Only admits change it (a stopped patron did not pass).
   * Call it for online admits too, so the state is right when the network drops.
   */
  noteDecided(scan: DecidedScan): void {
    if (scan.outcome !== 'admit') return;
    const params = { provider: scan.provider, token: scan.token, eventId: scan.eventId ?? null, at: scan.at };
    (scan.direction === 'entry' ? this.enterStmt : this.exitStmt).run(params);
  }

  /** What an upload of this scan will need, from the data synced now (see uploadContextFor). */
  uploadContext(provider: string, eventId: string | undefined, at: number): UploadContext {
    const view = this.view(provider);
    if (!view) return {};
    return uploadContextFor(view.events, eventId, at, view.rules.venueTimeZone);
  }

  /** Tickets currently inside for this provider's checkpoint. */
  occupancy(provider: string): number {
    return (this.occupancyStmt.get(provider) as number | undefined) ?? 0;
  }

  /** The synced data, cached in memory until the provider's `synced_at` changes (one row read a scan). */
  private view(provider: string): ProviderView | undefined {
    const meta = this.store.meta(provider);
    if (!meta) return undefined;
    const cached = this.views.get(provider);
    if (cached && cached.syncedAt === meta.syncedAt) return cached;
    const events = this.store.events(provider);
    const view: ProviderView = {
      syncedAt: meta.syncedAt,
      hasTicketList: meta.hasTicketList,
      rules: meta.rules ?? {},
      events,
      byId: new Map(events.map((e) => [e.eventId, e])),
    };
    this.views.set(provider, view);
    return view;
  }
}

const VALID_STATUSES = new Set(['', 'valid', 'ok', 'active', 'issued', 'paid']);
const VOIDED_STATUSES = new Set([
  'voided',
  'void',
  'cancelled',
  'canceled',
  'refunded',
  'revoked',
  'deleted',
]);

/**
 * A missing status is valid (the list itself says the ticket exists). Anything not known to be valid
 * stops: offline, an unfamiliar status is more likely a problem than a new kind of good ticket.
 */
function statusVerdict(status: string | undefined): LocalRule | undefined {
  if (status === undefined) return undefined;
  const s = status.trim().toLowerCase();
  if (VALID_STATUSES.has(s)) return undefined;
  return VOIDED_STATUSES.has(s) ? 'ticket:voided' : 'ticket:invalid';
}

function result(
  rule: LocalRule,
  details: { eventId?: string | undefined; ticketId?: string | undefined; seat?: SeatInfo | undefined } = {},
): LocalDecision {
  const [outcome, reasonCode, reasonText] = LOCAL_RULES[rule];
  return {
    outcome,
    reasonCode,
    reasonText,
    rule,
    ...(details.eventId !== undefined && { eventId: details.eventId }),
    ...(details.ticketId !== undefined && { ticketId: details.ticketId }),
    ...(details.seat !== undefined && { seat: details.seat }),
  };
}
