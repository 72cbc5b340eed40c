import { parseApiDateTime } from './request-validation.js';
import type { SandboxEvent, SandboxSeatInfo, SandboxTicket } from './types.js';

export type ScanMode = 'Entry' | 'Exit';

export interface ScanHistoryEntry {
  deviceType: string;
  serialNumber: string;
  checkpointName: string;
  reasonMessage: string;
  barcodeType?: string;
  nfcType?: string;
  scanMode: ScanMode;
  testMode: boolean;
  deviceNumber: number;
  deviceName: string;
  checkpointLayoutName: string;
  venueName: string;
  checkpointLayoutCode: string;
  scanTimestamp: string;
  venueCode: string;
  inputType: string;
  reasonCode: string;
  tokenType: string;
  status: 'Admit' | 'Stop';
  deviceStatus: 'Online' | 'Offline';
  softwareMode: string;
}

/** A scan's answer, in the Validate Scan response shape. */
export interface ScanAnswer {
  status: 'Admit' | 'Stop';
  reasonCode: string;
  reasonMessage: string;
  eventId?: string;
  eventName?: string;
  token: string;
  ticket?: string;
  patronId?: string;
  firstName?: string;
  lastName?: string;
  testMode: boolean;
  seatInfo?: SandboxSeatInfo;
}

interface TicketRecord {
  ticket: SandboxTicket;
  inside: boolean;
  history: ScanHistoryEntry[];
}

interface EventRecord {
  event: SandboxEvent;
  scanStart: number;
  scanEnd: number;
}

/** The scan context the answer does not depend on, but the scan history records. */
export type ScanRecordContext = Omit<
  ScanHistoryEntry,
  'reasonMessage' | 'reasonCode' | 'status' | 'scanMode' | 'scanTimestamp' | 'testMode'
>;

/**
 * Tickets, events and who is inside. Tickets live in a Map keyed by token so a 10,000+ ticket benchmark
 * fixture costs one lookup per scan.
 */
export class TicketStore {
  private readonly tickets = new Map<string, TicketRecord>();
  private readonly events = new Map<string, EventRecord>();

  constructor(events: readonly SandboxEvent[], tickets: readonly SandboxTicket[]) {
    for (const event of events) this.addEvent(event);
    this.addTickets(tickets);
  }

  addEvent(event: SandboxEvent): void {
    this.events.set(event.eventId, {
      event,
      scanStart: parseApiDateTime(event.scanStartDateTime),
      scanEnd: parseApiDateTime(event.scanEndDateTime),
    });
  }

  addTickets(tickets: readonly SandboxTicket[]): void {
    for (const ticket of tickets) this.tickets.set(ticket.token, { ticket, inside: false, history: [] });
  }

  get ticketCount(): number {
    return this.tickets.size;
  }

  listEvents(): SandboxEvent[] {
    return [...this.events.values()].map((e) => e.event);
  }

  getEvent(eventId: string): SandboxEvent | undefined {
    return this.events.get(eventId)?.event;
  }

  lookup(token: string): { ticket: SandboxTicket; inside: boolean; history: ScanHistoryEntry[] } | undefined {
    const record = this.tickets.get(token);
    return record && { ticket: record.ticket, inside: record.inside, history: [...record.history] };
  }

  setVoided(token: string, voided: boolean): boolean {
    const record = this.tickets.get(token);
    if (!record) return false;
    record.ticket = { ...record.ticket, voided };
    return true;
  }

  /** Sets everyone back outside and forgets scan history (between tests or demo runs). */
  resetEntries(): void {
    for (const record of this.tickets.values()) {
      record.inside = false;
      record.history = [];
    }
  }

  /** Decides one online scan and records it. `testMode` scans are answered but change nothing. */
  scan(
    token: string,
    mode: ScanMode,
    nowMs: number,
    testMode: boolean,
    context: ScanRecordContext,
  ): ScanAnswer {
    const record = this.tickets.get(token);
    const eventRecord = record && this.events.get(record.ticket.eventId);
    if (!record || !eventRecord) {
      return { status: 'Stop', reasonCode: 'NOT_FOUND', reasonMessage: 'Ticket not found', token, testMode };
    }
    const answer = this.decide(record, eventRecord, mode, nowMs, testMode);
    if (!testMode) {
      if (answer.status === 'Admit') record.inside = mode === 'Entry';
      record.history.push({
        ...context,
        reasonCode: answer.reasonCode,
        reasonMessage: answer.reasonMessage,
        status: answer.status,
        scanMode: mode,
        testMode,
        scanTimestamp: new Date(nowMs).toISOString(),
      });
    }
    return answer;
  }

  /** Applies an offline scan the device already decided (it only moves the inside/outside state). */
  applyOffline(token: string, mode: ScanMode, status: string, entry: ScanHistoryEntry): void {
    const record = this.tickets.get(token);
    if (!record) return;
    if (status === 'Admit') record.inside = mode === 'Entry';
    record.history.push(entry);
  }

  private decide(
    record: TicketRecord,
    eventRecord: EventRecord,
    mode: ScanMode,
    nowMs: number,
    testMode: boolean,
  ): ScanAnswer {
    const { ticket } = record;
    const base = {
      token: ticket.token,
      ticket: ticket.token,
      eventId: eventRecord.event.eventId,
      eventName: eventRecord.event.eventName,
      testMode,
    };
    const stop = (reasonCode: string, reasonMessage: string): ScanAnswer => ({
      ...base,
      status: 'Stop',
      reasonCode,
      reasonMessage,
    });
    if (ticket.voided) return stop('VOIDED', 'Ticket voided');
    // An unreadable window bound counts as closed: a broken fixture must not admit.
    if (!(nowMs >= eventRecord.scanStart && nowMs <= eventRecord.scanEnd)) {
      return stop('OUTSIDE_SCAN_WINDOW', 'Outside scan window');
    }
    if (mode === 'Entry' && record.inside) return stop('ALREADY_ENTERED', 'Ticket already entered');
    if (mode === 'Exit' && !record.inside) return stop('NOT_ENTERED', 'Ticket has not entered');
    return {
      ...base,
      status: 'Admit',
      reasonCode: 'OK',
      reasonMessage: mode === 'Entry' ? 'Good Ticket' : 'Good Exit',
      patronId: ticket.patronId,
      firstName: ticket.firstName,
      lastName: ticket.lastName,
      seatInfo: ticket.seatInfo,
    };
  }
}
