import type { PresenceSandboxEvent, PresenceSandboxGate, PresenceSandboxTicket } from './types.js';

/** Which ticket call was made: `enter`, `exit`, or `validate` (internal entry, deprecated but served). */
export type ScanKind = 'enter' | 'exit' | 'validate';

/** A scan answer in the documented envelope. */
export interface PresenceScanAnswer {
  result: { status: string; message: string };
  message: { tickets: { place?: string; eventId: string }[] };
}

/** The doc: "Same ticket was sent more than once within 2 seconds time span". */
export const DUPLICATE_WINDOW_MS = 2_000;

type ExternalState = 'none' | 'entered' | 'exited';
type InternalState = 'in' | 'out';

interface TicketRecord {
  ticket: PresenceSandboxTicket;
  external: ExternalState;
  /** Internal entries per gate id. */
  internal: Map<number, InternalState>;
  /** Server time of the last request that was not itself answered DUPLICATE. */
  lastSeenAt?: number;
}

/** Public view of a ticket's state, for tests and the demo screen. */
export interface TicketState {
  external: ExternalState;
  internal: Record<number, InternalState>;
}

const MESSAGES: Readonly<Record<string, string>> = {
  OKAY: 'Okay',
  EXIT: 'Ticket was exited',
  INTERNAL_SCAN_EXIT: 'Internal Scan Exit',
  DUPLICATE: 'Same ticket was sent more than once within 2 seconds time span',
  EXIT_NOT_PERMITTED: 'Exit not allowed at this moment',
  INTERNAL_SCAN_ALREADY_ENTERED: 'Ticket already entered in the internal gate',
  INTERNAL_SCAN_EXIT_NOT_PERMITTED: 'Ticket not valid for exit on the internal gate',
  NOT_FOUND: 'Ticket was not found',
  ALREADY_ENTERED: 'The ticket was already entered',
  INVALID_TICKET: 'Ticket is not valid',
};

/**
 * Tickets, events and the Presence gate rules (seed "External Scanning" / "Internal Scanning"). Tickets
 * live in a Map keyed by token so a 10,000+ ticket benchmark fixture costs one lookup per scan.
 */
export class PresenceTicketStore {
  private readonly tickets = new Map<string, TicketRecord>();
  private readonly events = new Map<string, PresenceSandboxEvent>();

  constructor(events: readonly PresenceSandboxEvent[], tickets: readonly PresenceSandboxTicket[]) {
    for (const event of events) this.events.set(event.eventId, event);
    this.addTickets(tickets);
  }

  addTickets(tickets: readonly PresenceSandboxTicket[]): void {
    for (const ticket of tickets)
      this.tickets.set(ticket.token, { ticket, external: 'none', internal: new Map() });
  }

  get ticketCount(): number {
    return this.tickets.size;
  }

  state(token: string): TicketState | undefined {
    const record = this.tickets.get(token);
    return record && { external: record.external, internal: Object.fromEntries(record.internal) };
  }

  /** Everyone back to never-scanned (between tests or demo runs). */
  resetEntries(): void {
    for (const record of this.tickets.values()) {
      record.external = 'none';
      record.internal.clear();
      record.lastSeenAt = undefined;
    }
  }

  /** Decides one online scan at `gate` and records its effect. */
  scan(kind: ScanKind, token: string, gate: PresenceSandboxGate, nowMs: number): PresenceScanAnswer {
    const record = this.tickets.get(token);
    const event = record && this.events.get(record.ticket.eventId);
    // Only active events are searched: outside its scanning period a ticket is simply not found.
    if (!record || !event || !(nowMs >= event.scanStart && nowMs <= event.scanEnd)) {
      return answer('NOT_FOUND');
    }
    const info = { ...(record.ticket.place && { place: record.ticket.place }), eventId: event.eventId };
    if (record.lastSeenAt !== undefined && nowMs - record.lastSeenAt < DUPLICATE_WINDOW_MS) {
      return answer('DUPLICATE', info); // Changes nothing, and does not extend the window.
    }
    record.lastSeenAt = nowMs;
    if (record.ticket.invalid) return answer('INVALID_TICKET', info);
    if (record.ticket.fixedStatus) return answer(record.ticket.fixedStatus, info);
    return answer(decide(record, kind, gate), info);
  }

  /**
   * Applies an uploaded offline scan: the device already decided, and the doc says uploads are never
   * refused for the tickets, so the state just moves.
   */
  applyOffline(kind: ScanKind, token: string, gate: PresenceSandboxGate): void {
    const record = this.tickets.get(token);
    if (!record) return;
    if (kind === 'exit') {
      if (gate.internal) record.internal.set(gate.gateId, 'out');
      else record.external = 'exited';
      return;
    }
    if (kind === 'validate' || gate.internal) record.internal.set(gate.gateId, 'in');
    if (record.external === 'none') record.external = 'entered';
  }
}

function decide(record: TicketRecord, kind: ScanKind, gate: PresenceSandboxGate): string {
  if (kind === 'exit') return gate.internal ? internalExit(record, gate) : externalExit(record);
  // Since validate's deprecation, an enter at a gate with the Internal Scans rule is an internal entry;
  // a validate from any gate is accepted as an internal entry.
  if (kind === 'validate' || gate.internal) return internalEntry(record, gate);
  return externalEntry(record);
}

/** The first enter marks ENTERED; any later enter is Already Entered. */
function externalEntry(record: TicketRecord): string {
  if (record.external !== 'none') return 'ALREADY_ENTERED';
  record.external = 'entered';
  return 'OKAY';
}

/** The first exit of an entered ticket marks EXITED; exiting again, or never entered: Exit Not Permitted. */
function externalExit(record: TicketRecord): string {
  if (record.external !== 'entered') return 'EXIT_NOT_PERMITTED';
  record.external = 'exited';
  return 'EXIT';
}

/**
 * Adds an internal entry, and marks ENTERED if the ticket had no external entry. At a gate that requires
 * exits, a second internal entry without an exit in between is refused.
 */
function internalEntry(record: TicketRecord, gate: PresenceSandboxGate): string {
  if (gate.internal && gate.requireExit && record.internal.get(gate.gateId) === 'in') {
    return 'INTERNAL_SCAN_ALREADY_ENTERED';
  }
  record.internal.set(gate.gateId, 'in');
  if (record.external === 'none') record.external = 'entered';
  return 'OKAY';
}

/** Exit at an internal gate: only from an internal entry (never an external exit). */
function internalExit(record: TicketRecord, gate: PresenceSandboxGate): string {
  if (record.internal.get(gate.gateId) !== 'in') return 'INTERNAL_SCAN_EXIT_NOT_PERMITTED';
  record.internal.set(gate.gateId, 'out');
  return 'INTERNAL_SCAN_EXIT';
}

function answer(status: string, ticket?: { place?: string; eventId: string }): PresenceScanAnswer {
  return {
    result: { status, message: MESSAGES[status] ?? status },
    message: { tickets: ticket ? [ticket] : [] },
  };
}
