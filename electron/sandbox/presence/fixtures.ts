import type {
  PresenceSandboxEvent,
  PresenceSandboxFixture,
  PresenceSandboxGate,
  PresenceSandboxTicket,
} from './types.js';

const HOUR_MS = 3_600_000;

export const PRESENCE_DEMO_VENUE_ID = 'KovZpZAFF17J';
export const PRESENCE_DEMO_LIVE_EVENT_ID = '3F005062B2B4E313';
export const PRESENCE_DEMO_PAST_EVENT_ID = '3F005062B2B40001';
export const PRESENCE_DEMO_FUTURE_EVENT_ID = '3F005062B2B40002';

/** Gates of the demo venue: two plain (external) gates, and two with the Internal Scans rule. */
export const PRESENCE_DEMO_GATES = {
  entrance: { gateId: 84, gateName: 'Entrance 1' },
  exit: { gateId: 85, gateName: 'Exit 1' },
  vip: { gateId: 90, gateName: 'VIP Lounge', internal: true, requireExit: true },
  suites: { gateId: 91, gateName: 'Suite Level', internal: true, requireExit: false },
} as const satisfies Record<string, PresenceSandboxGate>;

/** Tokens of the demo fixture, named so tests and the demo screen can say what each one shows. */
export const PRESENCE_DEMO_TOKENS = {
  valid: ['721744537951', '721744537952', '721744537953'],
  /** Cancelled ticket: INVALID_TICKET. */
  invalid: '721744537958',
  /** Yesterday's event, outside its scanning period: NOT_FOUND. */
  pastEvent: '721744537959',
  /** Tomorrow's event, scanning not open yet: NOT_FOUND. */
  futureEvent: '721744537960',
  /** Ticket-level rule: SECTION_RESTRICTION. */
  sectionRestricted: '721744537961',
  /** Marked ticket: MARK_RESTRICTION (see staff). */
  marked: '721744537962',
  unknown: '799999999999',
} as const;

/**
 * Demo venue, events and tickets. Computed at call time so the live event's scanning period covers `now`
 * (wide enough for a long demo day) and the others are closed.
 */
export function presenceDemoFixture(now: number = Date.now(), extraTickets = 0): PresenceSandboxFixture {
  const events: PresenceSandboxEvent[] = [
    {
      eventId: PRESENCE_DEMO_LIVE_EVENT_ID,
      name: 'Gatepost Demo Night',
      scanStart: now - 6 * HOUR_MS,
      scanEnd: now + 18 * HOUR_MS,
    },
    {
      eventId: PRESENCE_DEMO_PAST_EVENT_ID,
      name: 'Yesterday Matinee',
      scanStart: now - 36 * HOUR_MS,
      scanEnd: now - 12 * HOUR_MS,
    },
    {
      eventId: PRESENCE_DEMO_FUTURE_EVENT_ID,
      name: 'Tomorrow Late Show',
      scanStart: now + 24 * HOUR_MS,
      scanEnd: now + 48 * HOUR_MS,
    },
  ];
  const T = PRESENCE_DEMO_TOKENS;
  const [t1, t2, t3] = T.valid;
  const live = PRESENCE_DEMO_LIVE_EVENT_ID;
  const tickets: PresenceSandboxTicket[] = [
    { token: t1, eventId: live, place: 'PIT1:3:4' },
    { token: t2, eventId: live, place: '101:A:1' },
    { token: t3, eventId: live, place: '305:K:14' },
    { token: T.invalid, eventId: live, place: '102:B:8', invalid: true },
    { token: T.pastEvent, eventId: PRESENCE_DEMO_PAST_EVENT_ID, place: '110:C:9' },
    { token: T.futureEvent, eventId: PRESENCE_DEMO_FUTURE_EVENT_ID, place: '110:C:10' },
    { token: T.sectionRestricted, eventId: live, place: '420:Z:1', fixedStatus: 'SECTION_RESTRICTION' },
    { token: T.marked, eventId: live, place: '101:A:9', fixedStatus: 'MARK_RESTRICTION' },
    ...generatePresenceTickets(extraTickets),
  ];
  return { venueId: PRESENCE_DEMO_VENUE_ID, gates: Object.values(PRESENCE_DEMO_GATES), events, tickets };
}

/** `count` more valid tickets for benchmarks. Tokens start at 730000000000, clear of the demo tokens. */
export function generatePresenceTickets(
  count: number,
  eventId: string = PRESENCE_DEMO_LIVE_EVENT_ID,
): PresenceSandboxTicket[] {
  const tickets = new Array<PresenceSandboxTicket>(count);
  for (let i = 0; i < count; i++) {
    const section = 100 + (i % 40);
    const row = 1 + (Math.floor(i / 40) % 30);
    tickets[i] = { token: String(730_000_000_000 + i), eventId, place: `${section}:${row}:${1 + (i % 25)}` };
  }
  return tickets;
}
