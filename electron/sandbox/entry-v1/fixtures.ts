import { generateKeyPairSync } from 'node:crypto';
import type { SandboxEvent, SandboxFixture, SandboxTicket } from './types.js';

const HOUR_MS = 3_600_000;

export const DEMO_LIVE_EVENT_ID = '390:DEMO:LIVE';
export const DEMO_PAST_EVENT_ID = '390:DEMO:PAST';

/** Tokens of the demo fixture, named so tests and the demo screen can say what each one shows. */
export const DEMO_TOKENS = {
  valid: ['39000000000001', '39000000000002', '39000000000003'],
  voided: '39000000000008',
  outsideWindow: '39000000000009',
  unknown: '39999999999999',
} as const;

/** A fresh P-256 private key as PEM (PKCS#8): what a wallet-pass issuer's key looks like. */
function demoWalletKey(): string {
  return generateKeyPairSync('ec', { namedCurve: 'prime256v1' })
    .privateKey.export({ format: 'pem', type: 'pkcs8' })
    .toString();
}

/**
 * NFC wallet keys in the Get Events shape: real P-256 keys generated for this process (sandbox use only),
 * so a kiosk that loads them accepts them as it would a venue's.
 */
export const DEMO_NFC_KEYS = {
  apple: [{ ID: 'demo-apple-1', private_key: demoWalletKey(), passTypeId: 'pass.io.gatepost.demo' }],
  google: [{ ID: 'demo-google-1', private_key: demoWalletKey(), collectorId: '3388000000', version: '1' }],
};

/** `YYYY-MM-DDTHH:mm:ss` in local time: the API's offset-less date-time format. */
export function formatLocalDateTime(ms: number): string {
  const d = new Date(ms);
  const p = (n: number) => String(n).padStart(2, '0');
  return (
    `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}` +
    `T${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())}`
  );
}

/**
 * Demo tickets and events. Computed at call time so the live event's scan window covers `now` (wide
 * enough for a long demo day) and the past event's window has already closed.
 */
export function demoFixture(now: number = Date.now(), extraTickets = 0): SandboxFixture {
  const events: SandboxEvent[] = [
    {
      eventId: DEMO_LIVE_EVENT_ID,
      eventName: 'Gatepost Demo Night',
      startDateTime: formatLocalDateTime(now - 1 * HOUR_MS),
      endDateTime: formatLocalDateTime(now + 11 * HOUR_MS),
      scanStartDateTime: formatLocalDateTime(now - 6 * HOUR_MS),
      scanEndDateTime: formatLocalDateTime(now + 18 * HOUR_MS),
      barcodeMasks: ['39????????????'],
    },
    {
      eventId: DEMO_PAST_EVENT_ID,
      eventName: 'Yesterday Matinee',
      startDateTime: formatLocalDateTime(now - 28 * HOUR_MS),
      endDateTime: formatLocalDateTime(now - 25 * HOUR_MS),
      scanStartDateTime: formatLocalDateTime(now - 30 * HOUR_MS),
      scanEndDateTime: formatLocalDateTime(now - 24 * HOUR_MS),
      barcodeMasks: ['39????????????'],
    },
  ];
  const [t1, t2, t3] = DEMO_TOKENS.valid;
  const tickets: SandboxTicket[] = [
    {
      token: t1,
      eventId: DEMO_LIVE_EVENT_ID,
      patronId: '1001',
      firstName: 'Ada',
      lastName: 'Lovelace',
      seatInfo: { level: 'LOWER', section: '101', row: 'A', seat: '1' },
    },
    {
      token: t2,
      eventId: DEMO_LIVE_EVENT_ID,
      patronId: '1002',
      firstName: 'Grace',
      lastName: 'Hopper',
      seatInfo: { level: 'LOWER', section: '101', row: 'A', seat: '2' },
    },
    {
      token: t3,
      eventId: DEMO_LIVE_EVENT_ID,
      patronId: '1003',
      firstName: 'Alan',
      lastName: 'Turing',
      seatInfo: { level: 'UPPER', section: '305', row: 'K', seat: '14', altSeatLocationText: 'Box 7' },
    },
    {
      token: DEMO_TOKENS.voided,
      eventId: DEMO_LIVE_EVENT_ID,
      patronId: '1008',
      firstName: 'Void',
      lastName: 'Ed',
      seatInfo: { level: 'LOWER', section: '102', row: 'B', seat: '8' },
      voided: true,
    },
    {
      token: DEMO_TOKENS.outsideWindow,
      eventId: DEMO_PAST_EVENT_ID,
      patronId: '1009',
      firstName: 'Late',
      lastName: 'Comer',
      seatInfo: { level: 'LOWER', section: '110', row: 'C', seat: '9' },
    },
    ...generateTickets(extraTickets),
  ];
  return { tickets, events };
}

/**
 * `count` more valid tickets for benchmarks. Tokens start at 39100000000000, clear of the demo tokens.
 */
export function generateTickets(count: number, eventId: string = DEMO_LIVE_EVENT_ID): SandboxTicket[] {
  const tickets: SandboxTicket[] = new Array<SandboxTicket>(count);
  for (let i = 0; i < count; i++) {
    tickets[i] = {
      token: String(39_100_000_000_000 + i),
      eventId,
      patronId: String(200_000 + i),
      firstName: 'Bench',
      lastName: `Patron ${i}`,
      seatInfo: {
        level: 'GA',
        section: String(100 + (i % 40)),
        row: String(1 + (Math.floor(i / 40) % 30)),
        seat: String(1 + (i % 25)),
      },
    };
  }
  return tickets;
}
