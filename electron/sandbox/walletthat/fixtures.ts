import type { SandboxPass, SandboxTemplate } from './types.js';

const DAY_MS = 86_400_000;

/** 32 characters, like the seed's template ids. */
export const DEMO_TEMPLATE_ID = '7f3a9c21d4e84b6f9a0c5e1d2b3f4a56';

/** Pass-ids of the demo fixture; the demo barcodes carry them as is. */
export const DEMO_PASS_IDS = {
  valid: ['GPDEMO0001', 'GPDEMO0002', 'GPDEMO0003'],
  redeemed: 'GPDEMO0007',
  voided: 'GPDEMO0008',
  /** `pass-status` still "active", but `expiration-timestamp` has passed. */
  expired: 'GPDEMO0009',
  unknown: 'GPDEMO9999',
} as const;

/** ISO UTC without milliseconds, the seed's `expiration-timestamp` form. */
export function utcTimestamp(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

export function demoTemplate(): SandboxTemplate {
  return {
    passTemplateId: DEMO_TEMPLATE_ID,
    eventName: 'Gatepost Demo Night',
    venueName: 'Sandbox Arena',
    venueAddress: '1 Loopback Way',
    eventStartTime: 'Dec 20, 2030, 7:00 PM',
    eventEndTime: 'Dec 20, 2030, 11:00 PM',
  };
}

/** Demo passes; expiry times are computed from `now` so the valid ones stay valid for a long demo day. */
export function demoPasses(now: number = Date.now()): SandboxPass[] {
  const later = utcTimestamp(now + 2 * DAY_MS);
  const base = { passTemplateId: DEMO_TEMPLATE_ID, ticketType: 'Electronic', expirationTimestamp: later };
  const [p1, p2, p3] = DEMO_PASS_IDS.valid;
  return [
    {
      ...base,
      passId: p1,
      barcodeValue: p1,
      status: 'active',
      ticketHolder: 'Ada Lovelace',
      ticketNumber: '1001',
      gate: 'door 1',
      section: 'C',
      row: 'A',
      seat: '1',
    },
    {
      ...base,
      passId: p2,
      barcodeValue: p2,
      status: 'active',
      ticketHolder: 'Grace Hopper',
      ticketNumber: '1002',
      gate: 'door 1',
      section: 'C',
      row: 'A',
      seat: '2',
    },
    {
      ...base,
      passId: p3,
      barcodeValue: p3,
      status: 'active',
      ticketHolder: 'Alan Turing',
      ticketNumber: '1003',
      gate: 'door 2',
      section: 'F',
      row: 'K',
      seat: '14',
    },
    {
      ...base,
      passId: DEMO_PASS_IDS.redeemed,
      barcodeValue: DEMO_PASS_IDS.redeemed,
      status: 'redeemed',
      ticketHolder: 'Early Bird',
      ticketNumber: '1007',
      gate: 'door 1',
      section: 'C',
      row: 'B',
      seat: '7',
    },
    {
      ...base,
      passId: DEMO_PASS_IDS.voided,
      barcodeValue: DEMO_PASS_IDS.voided,
      status: 'voided',
      ticketHolder: 'Void Ed',
      ticketNumber: '1008',
      gate: 'door 1',
      section: 'C',
      row: 'B',
      seat: '8',
    },
    {
      ...base,
      passId: DEMO_PASS_IDS.expired,
      barcodeValue: DEMO_PASS_IDS.expired,
      status: 'active',
      ticketHolder: 'Late Comer',
      ticketNumber: '1009',
      expirationTimestamp: utcTimestamp(now - DAY_MS),
      gate: 'door 2',
      section: 'F',
      row: 'L',
      seat: '9',
    },
  ];
}

/** Pass-id of the `i`th generated benchmark pass; clear of the demo ids. */
export function benchPassId(i: number): string {
  return `GPBENCH${String(i).padStart(7, '0')}`;
}

/** `count` more active passes for benchmarks (fast at 10,000+: plain loop, no per-pass parsing). */
export function generatePasses(count: number, now: number = Date.now()): SandboxPass[] {
  const expirationTimestamp = utcTimestamp(now + 2 * DAY_MS);
  const passes = new Array<SandboxPass>(count);
  for (let i = 0; i < count; i++) {
    const passId = benchPassId(i);
    passes[i] = {
      passId,
      barcodeValue: passId,
      passTemplateId: DEMO_TEMPLATE_ID,
      status: 'active',
      expirationTimestamp,
      ticketHolder: `Bench Patron ${i}`,
      ticketType: 'Electronic',
      section: String(100 + (i % 40)),
      row: String(1 + (Math.floor(i / 40) % 30)),
      seat: String(1 + (i % 25)),
    };
  }
  return passes;
}
