import type { SandboxEvent, SandboxFixture, SandboxScan, SandboxTicket } from './types.js';

/** vivenu ids are 24-hex ObjectIds; the demo ones are recognisable. */
export const DEMO_EVENT_ID = '6650d3a1c0ffee0000000001';
const TYPE_FLOOR = '6650d3a1c0ffee00000000f1';
const TYPE_SEATED = '6650d3a1c0ffee00000000f2';

/** Tokens of the demo fixture, named so tests and the demo screen can say what each one shows. */
export const DEMO_TOKENS = {
  valid: ['VIV100000001', 'VIV100000002', 'VIV100000003'],
  /** Checked in earlier by another gate (`gate-north-2`, a Portier scan): DENIED `ALREADY_CHECKED_IN`. */
  alreadyCheckedIn: 'VIV100000007',
  /** Ticket status INVALID (cancelled): DENIED `INVALID`. */
  invalid: 'VIV100000008',
  /** Ticket status DETAILSREQUIRED (holder details missing): DENIED `DETAILSREQUIRED`. */
  detailsRequired: 'VIV100000009',
  unknown: 'VIV999999999',
} as const;

function objectId(n: number): string {
  return `6650d3a1c0ffee${n.toString(16).padStart(10, '0')}`;
}

/** Demo event, tickets, and the one ticket another device already let in (with its Portier scan). */
export function demoFixture(extraTickets = 0): SandboxFixture {
  const events: SandboxEvent[] = [{ _id: DEMO_EVENT_ID, name: 'Gatepost Demo Night' }];
  const [t1, t2, t3] = DEMO_TOKENS.valid;
  const seated = (barcode: string, n: number, name: string, seat: Partial<Record<string, string>>) => ({
    _id: objectId(0x100 + n),
    barcode,
    eventId: DEMO_EVENT_ID,
    status: 'VALID' as const,
    ticketTypeId: TYPE_SEATED,
    ticketName: 'Seated',
    name,
    seatingInfo: seat,
  });
  const tickets: SandboxTicket[] = [
    seated(t1 as string, 1, 'Ada Lovelace', { sectionName: '101', rowName: 'A', seatName: '1' }),
    seated(t2 as string, 2, 'Grace Hopper', { sectionName: '101', rowName: 'A', seatName: '2' }),
    {
      _id: objectId(0x103),
      barcode: t3 as string,
      eventId: DEMO_EVENT_ID,
      status: 'VALID',
      ticketTypeId: TYPE_FLOOR,
      ticketName: 'Standing Floor',
      name: 'Alan Turing',
      seatingInfo: { entranceName: 'North' },
    },
    seated(DEMO_TOKENS.alreadyCheckedIn, 7, 'Early Bird', {
      sectionName: '102',
      rowName: 'C',
      seatName: '7',
    }),
    {
      ...seated(DEMO_TOKENS.invalid, 8, 'Void Ed', { sectionName: '102', rowName: 'B', seatName: '8' }),
      status: 'INVALID',
    },
    {
      ...seated(DEMO_TOKENS.detailsRequired, 9, '', { sectionName: '110', rowName: 'C', seatName: '9' }),
      status: 'DETAILSREQUIRED',
    },
    ...generateTickets(extraTickets),
  ];
  const early = tickets[3] as SandboxTicket;
  const scans: SandboxScan[] = [
    {
      ticketId: early._id,
      eventId: DEMO_EVENT_ID,
      barcode: early.barcode,
      ticketTypeId: early.ticketTypeId,
      ticketName: early.ticketName,
      type: 'checkin',
      scanResult: 'approved',
      time: new Date(Date.now() - 30 * 60_000).toISOString(),
      deviceId: 'gate-north-2',
    },
  ];
  return { events, tickets, checkedIn: [early.barcode], scans };
}

/** `count` more valid tickets for benchmarks (`VIB000000000`, …), clear of the demo tokens. */
export function generateTickets(count: number, eventId: string = DEMO_EVENT_ID): SandboxTicket[] {
  const tickets = new Array<SandboxTicket>(count);
  for (let i = 0; i < count; i++) {
    tickets[i] = {
      _id: objectId(0x1_000_000 + i),
      barcode: `VIB${String(i).padStart(9, '0')}`,
      eventId,
      status: 'VALID',
      ticketTypeId: TYPE_FLOOR,
      ticketName: 'Standing Floor',
      name: `Bench Patron ${i}`,
      seatingInfo: {
        sectionName: String(100 + (i % 40)),
        rowName: String(1 + (Math.floor(i / 40) % 30)),
        seatName: String(1 + (i % 25)),
      },
    };
  }
  return tickets;
}
