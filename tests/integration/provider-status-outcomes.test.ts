/**
 * Each provider's status → outcome rules, as behaviour: the sandbox answers every status its API
 * documents, the provider decides, and the outcome is what the document says the gate must do. (The
 * former unit tests compared the tables with copies of themselves, which no behaviour bug could fail.)
 * A status the document does not list never admits: answers are substituted through the real transport.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { HttpTransport } from '../../electron/core/providers/http/http-transport.js';
import { nodeHttpTransport } from '../../electron/core/providers/http/node-http-transport.js';
import { ProviderProtocolError, type ProviderDecision } from '../../electron/core/providers/provider.js';
import { DEMO_TOKENS as ENTRY } from '../../electron/sandbox/entry-v1/index.js';
import {
  PRESENCE_DEMO_LIVE_EVENT_ID,
  presenceDemoFixture,
  type PresenceSandboxTicket,
} from '../../electron/sandbox/presence/index.js';
import {
  DEMO_TOKENS as VIVENU,
  TICKET_STATUSES,
  type SandboxTicket,
} from '../../electron/sandbox/vivenu/index.js';
import { TestClock, contextWith, rejectionOf, scanOf } from './support/provider-harness.js';
import { entryV1Rig, presenceRig, vivenuRig } from './support/provider-rigs.js';

const open: { close(): Promise<void> }[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((s) => s.close()));
});

/** The real transport, with the answer to the decision call replaced by `body` (HTTP 200). */
function answering(label: string, body: unknown): HttpTransport {
  return (req) =>
    req.label === label
      ? Promise.resolve({ status: 200, text: JSON.stringify(body) })
      : nodeHttpTransport(req);
}

const outcomeOf = (d: ProviderDecision) => [d.rawStatus, d.outcome];

describe('Entry V1 status → outcome, through the provider', () => {
  it('Admit admits; every Stop stops, with the server reason kept', async () => {
    const sandbox = await entryV1Rig.startSandbox();
    open.push(sandbox);
    const provider = entryV1Rig.providerFor(sandbox);
    const [t1] = ENTRY.valid;
    const decide = async (token: string) => provider.validate(scanOf(token), contextWith());
    expect(outcomeOf(await decide(t1))).toEqual(['Admit', 'admit']);
    for (const [token, reasonCode] of [
      [t1, 'ALREADY_ENTERED'],
      [ENTRY.voided, 'VOIDED'],
      [ENTRY.outsideWindow, 'OUTSIDE_SCAN_WINDOW'],
      [ENTRY.unknown, 'NOT_FOUND'],
    ] as const) {
      const d = await decide(token);
      expect([...outcomeOf(d), d.reasonCode]).toEqual(['Stop', 'stop', reasonCode]);
    }
  });

  it.each(['Maybe', 'admit', 'ADMIT', 'toString', '__proto__'])(
    'status %j is a protocol error',
    async (status) => {
      const sandbox = await entryV1Rig.startSandbox();
      open.push(sandbox);
      const provider = entryV1Rig.providerFor(
        sandbox,
        {},
        {
          transport: answering('Entry V1 scan', { status, reasonCode: 'OK', reasonMessage: 'Good Ticket' }),
        },
      );
      expect(await rejectionOf(provider.validate(scanOf(ENTRY.valid[0]), contextWith()))).toBeInstanceOf(
        ProviderProtocolError,
      );
    },
  );
});

/** The "Possible Statuses" of the Presence ticket endpoints, as the document lists them. */
const PRESENCE_STATUSES = [
  'OKAY',
  'EXIT',
  'INTERNAL_SCAN_EXIT',
  'DUPLICATE',
  'EXIT_NOT_PERMITTED',
  'INTERNAL_SCAN_ALREADY_ENTERED',
  'INTERNAL_SCAN_EXIT_NOT_PERMITTED',
  'NOT_FOUND',
  'BAD_REQUEST',
  'ALREADY_ENTERED',
  'INVALID_TICKET',
  'START_RESTRICTION',
  'END_RESTRICTION',
  'SECTION_RESTRICTION',
  'EVENT_RESTRICTION',
  'ACCESS_GROUP_RESTRICTION',
  'XNUM_RESTRICTION',
  'MARK_RESTRICTION',
  'TOO_EARLY',
  'TOO_LATE',
  'BAD_TOKEN',
  'OPEN_SEAT',
  'TRANSFER',
  'GENERAL_ERROR',
] as const;
/** The document: "If the request returns anything other than an OKAY status … not allowed". */
const ADMITS_ON = { entry: ['OKAY'], exit: ['EXIT', 'INTERNAL_SCAN_EXIT'] };
/** Answers the patron cannot act on (a request or server error, a mark, an open seat): staff decide. */
const TO_STAFF = ['BAD_REQUEST', 'GENERAL_ERROR', 'MARK_RESTRICTION', 'OPEN_SEAT'];

describe('Presence status → outcome, through the provider', () => {
  it.each(['entry', 'exit'] as const)('every documented status on an %s lane', async (lane) => {
    const clock = new TestClock();
    const fixture = presenceDemoFixture(clock.ms);
    const token = (status: string) => `PRS-${status}`;
    fixture.tickets.push(
      ...PRESENCE_STATUSES.map((status): PresenceSandboxTicket => ({
        token: token(status),
        eventId: PRESENCE_DEMO_LIVE_EVENT_ID,
        fixedStatus: status,
      })),
    );
    const sandbox = await presenceRig.startSandbox({ clock, fixture });
    open.push(sandbox);
    const provider = await presenceRig.configuredProvider(sandbox, { gateMode: lane });
    const decided: [string, string, boolean][] = [];
    for (const status of PRESENCE_STATUSES) {
      const d = await provider.validate(scanOf(token(status), { clock }), contextWith());
      decided.push([d.rawStatus, d.outcome, d.serverReread === true]);
      // The patron reads the kiosk's own words, never the server's free text (e.g. `'Welcome IN`).
      expect(d.reasonText).toMatch(/^[A-Z][a-z ,]+$/);
    }
    expect(decided).toEqual(
      PRESENCE_STATUSES.map((status) => [
        status,
        ADMITS_ON[lane].includes(status) ? 'admit' : TO_STAFF.includes(status) ? 'see-staff' : 'stop',
        status === 'DUPLICATE',
      ]),
    );
  });

  it.each(['okay', 'INTERNAL_SCAN', 'toString', ''])('status %j is a protocol error', async (status) => {
    const clock = new TestClock();
    const sandbox = await presenceRig.startSandbox({ clock });
    open.push(sandbox);
    const provider = await presenceRig.configuredProvider(
      sandbox,
      {},
      {
        transport: answering('Presence enter', {
          result: { status, message: 'x' },
          message: { tickets: [] },
        }),
      },
    );
    expect(
      await rejectionOf(provider.validate(scanOf('721744537951', { clock }), contextWith())),
    ).toBeInstanceOf(ProviderProtocolError);
  });
});

describe('vivenu status → outcome, through the provider', () => {
  it('GRANTED admits; DENIED takes its ticket-status reason: missing details and blank stock see staff', async () => {
    const sandbox = await vivenuRig.startSandbox();
    open.push(sandbox);
    const [t1] = VIVENU.valid;
    const base = sandbox.tickets.get(t1)!.ticket;
    const byStatus = (status: SandboxTicket['status']): SandboxTicket => ({
      ...base,
      _id: `6650d3a1c0ffee0000000f${TICKET_STATUSES.indexOf(status)}0`,
      barcode: `VIVSTATUS-${status}`,
      status,
    });
    sandbox.tickets.addTickets(TICKET_STATUSES.map(byStatus), Date.now());
    const provider = vivenuRig.providerFor(sandbox);
    const decided: unknown[] = [];
    for (const status of TICKET_STATUSES) {
      const d = await provider.validate(scanOf(`VIVSTATUS-${status}`), contextWith());
      decided.push([status, d.rawStatus, d.reasonCode, d.outcome]);
    }
    expect(decided).toEqual([
      ['VALID', 'GRANTED', 'OK', 'admit'],
      ['INVALID', 'DENIED', 'INVALID', 'stop'],
      ['RESERVED', 'DENIED', 'RESERVED', 'stop'],
      ['DETAILSREQUIRED', 'DENIED', 'DETAILSREQUIRED', 'see-staff'],
      ['BLANK', 'DENIED', 'BLANK', 'see-staff'],
    ]);
    const again = await provider.validate(scanOf('VIVSTATUS-VALID'), contextWith());
    expect([again.rawStatus, again.reasonCode, again.outcome]).toEqual([
      'DENIED',
      'ALREADY_CHECKED_IN',
      'stop',
    ]);
    const unknown = await provider.validate(scanOf(VIVENU.unknown), contextWith());
    expect([unknown.rawStatus, unknown.outcome]).toEqual(['NOT_FOUND', 'stop']);
    expect(sandbox.ticketState(`VIVSTATUS-DETAILSREQUIRED`)).toEqual({
      status: 'DETAILSREQUIRED',
      checkedIn: false,
    });
  });

  it('a DENIED with a reason vivenu never documented stops, with a generic text and the raw code kept', async () => {
    const sandbox = await vivenuRig.startSandbox();
    open.push(sandbox);
    const ticket = { ...sandbox.tickets.get(VIVENU.valid[0])!.ticket };
    for (const reason of ['SOLD_OUT_AREA', 'VALID', 'toString', undefined]) {
      const provider = vivenuRig.providerFor(
        sandbox,
        {},
        {
          transport: answering('vivenu accessScan', { access: 'DENIED', reason, ticket }),
        },
      );
      const d = await provider.validate(scanOf(VIVENU.valid[0]), contextWith());
      expect([d.outcome, d.reasonCode, d.reasonText]).toEqual(['stop', reason ?? 'DENIED', 'Entry denied']);
    }
  });

  it.each(['VALID', 'CHECKED_IN', 'NOT_FOUND', 'granted', 'YES'])(
    'access %j is a protocol error',
    async (access) => {
      const sandbox = await vivenuRig.startSandbox();
      open.push(sandbox);
      const ticket = { ...sandbox.tickets.get(VIVENU.valid[0])!.ticket };
      const provider = vivenuRig.providerFor(
        sandbox,
        {},
        {
          transport: answering('vivenu accessScan', { access, ticket }),
        },
      );
      expect(await rejectionOf(provider.validate(scanOf(VIVENU.valid[0]), contextWith()))).toBeInstanceOf(
        ProviderProtocolError,
      );
    },
  );
});

// Passcreator's four scanStatus values and WalletThat's pass statuses and error codes are decided through
// their providers against their sandboxes in passcreator-scan.test.ts and walletthat-scan.test.ts.
