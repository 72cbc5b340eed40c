import type { SandboxEvent, SandboxTicket, TicketStatus } from './types.js';

/** The access-user scan answer. */
export interface AccessAnswer {
  access: 'GRANTED' | 'DENIED';
  reason?: string;
  message?: string;
  ticket: TicketJson;
}

export type TicketJson = SandboxTicket & { updatedAt: string };

interface TicketRecord {
  ticket: SandboxTicket;
  checkedIn: boolean;
  /** Epoch ms of the last change to the ticket itself (status); drives the download's `from`/`until`. */
  updatedAt: number;
}

/** Why a non-VALID ticket is denied; the reason codes are the sandbox's (vivenu publishes none). */
const DENY: Readonly<Record<Exclude<TicketStatus, 'VALID'>, { reason: string; message: string }>> = {
  INVALID: { reason: 'INVALID', message: 'Ticket is invalid' },
  RESERVED: { reason: 'RESERVED', message: 'Ticket is reserved and not paid' },
  DETAILSREQUIRED: { reason: 'DETAILSREQUIRED', message: 'Ticket details are required' },
  BLANK: { reason: 'BLANK', message: 'Ticket is blank' },
};

/**
 * Tickets by barcode (a Map, so a 10,000+ ticket benchmark fixture costs one lookup per scan), each event's
 * barcodes in download order, and who is checked in.
 */
export class TicketStore {
  private readonly tickets = new Map<string, TicketRecord>();
  private readonly byEvent = new Map<string, string[]>();
  private readonly events = new Map<string, SandboxEvent>();

  constructor(events: readonly SandboxEvent[], tickets: readonly SandboxTicket[], nowMs: number) {
    for (const event of events) this.addEvent(event);
    this.addTickets(tickets, nowMs);
  }

  addEvent(event: SandboxEvent): void {
    this.events.set(event._id, event);
    if (!this.byEvent.has(event._id)) this.byEvent.set(event._id, []);
  }

  addTickets(tickets: readonly SandboxTicket[], nowMs: number): void {
    for (const ticket of tickets) {
      if (!this.tickets.has(ticket.barcode)) {
        let list = this.byEvent.get(ticket.eventId);
        if (!list) this.byEvent.set(ticket.eventId, (list = []));
        list.push(ticket.barcode);
      }
      this.tickets.set(ticket.barcode, { ticket, checkedIn: false, updatedAt: nowMs });
    }
  }

  get ticketCount(): number {
    return this.tickets.size;
  }

  get checkedInCount(): number {
    let n = 0;
    for (const r of this.tickets.values()) if (r.checkedIn) n++;
    return n;
  }

  hasEvent(eventId: string): boolean {
    return this.events.has(eventId);
  }

  get(barcode: string): { ticket: TicketJson; checkedIn: boolean } | undefined {
    const record = this.tickets.get(barcode);
    return record && { ticket: toJson(record), checkedIn: record.checkedIn };
  }

  /** Decides one online scan; undefined for an unknown barcode. Only a GRANTED scan changes state. */
  scan(barcode: string): AccessAnswer | undefined {
    const record = this.tickets.get(barcode);
    if (!record) return undefined;
    const { status } = record.ticket;
    if (status !== 'VALID') return { access: 'DENIED', ...DENY[status], ticket: toJson(record) };
    if (record.checkedIn) {
      return {
        access: 'DENIED',
        reason: 'ALREADY_CHECKED_IN',
        message: 'Ticket already checked in',
        ticket: toJson(record),
      };
    }
    record.checkedIn = true;
    return { access: 'GRANTED', ticket: toJson(record) };
  }

  /** An approved check-in / check-out recorded by a device (Portier scan or offline upload). */
  applyScan(barcode: string, type: 'checkin' | 'checkout'): void {
    const record = this.tickets.get(barcode);
    if (record) record.checkedIn = type === 'checkin';
  }

  setStatus(barcode: string, status: TicketStatus, nowMs: number): boolean {
    const record = this.tickets.get(barcode);
    if (!record) return false;
    record.ticket = { ...record.ticket, status };
    record.updatedAt = nowMs;
    return true;
  }

  /**
   * One page of an event's tickets; undefined for an unknown event. `from` (inclusive) and `until`
   * (exclusive) select tickets changed in that window, the sandbox's reading of the documented parameters.
   */
  page(
    eventId: string,
    top: number,
    skip: number,
    from?: number,
    until?: number,
  ): { rows: TicketJson[]; total: number } | undefined {
    const barcodes = this.byEvent.get(eventId);
    if (!barcodes) return undefined;
    const whole = from === undefined && until === undefined;
    const records: TicketRecord[] = [];
    for (const barcode of barcodes) {
      const record = this.tickets.get(barcode);
      if (!record) continue;
      if (!whole) {
        if (from !== undefined && record.updatedAt < from) continue;
        if (until !== undefined && record.updatedAt >= until) continue;
      }
      records.push(record);
    }
    return { rows: records.slice(skip, skip + top).map(toJson), total: records.length };
  }

  checkIn(barcodes: readonly string[]): void {
    for (const barcode of barcodes) this.applyScan(barcode, 'checkin');
  }

  /** Everyone back outside (between tests or demo runs). */
  resetEntries(): void {
    for (const record of this.tickets.values()) record.checkedIn = false;
  }
}

function toJson(record: TicketRecord): TicketJson {
  return { ...record.ticket, updatedAt: new Date(record.updatedAt).toISOString() };
}
