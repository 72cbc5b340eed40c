import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  ProviderNotConfiguredError,
  ProviderUnavailableError,
  capabilitiesOf,
} from '../../electron/core/providers/provider.js';
import {
  DEMO_EVENT_ID as EVENT,
  DEMO_TOKENS,
  type VivenuSandbox,
} from '../../electron/sandbox/vivenu/index.js';
import { contextWith, rawRequest, recordingTransport, scanOf } from './support/provider-harness.js';
import { vivenuRig, VIVENU_ACCESS_TOKEN as ACCESS_TOKEN } from './support/provider-rigs.js';

const { API_KEY, providerFor, startSandbox } = vivenuRig;

const [T1, T2, T3] = DEMO_TOKENS.valid as unknown as [string, string, string];

describe('vivenu online decisions', () => {
  let sandbox: VivenuSandbox;
  beforeEach(async () => {
    sandbox = await startSandbox();
  });
  afterEach(() => sandbox.close());

  it('offers the capabilities it implements', () => {
    expect(capabilitiesOf(providerFor(sandbox)).sort()).toEqual(
      ['lookup', 'syncReference', 'uploadOffline'].sort(),
    );
  });

  it('configure checks each event with the access token; an unknown event is "not configured"', async () => {
    const { transport, requests } = recordingTransport();
    await providerFor(sandbox, {}, { transport }).configure(AbortSignal.timeout(5_000));
    expect(requests).toHaveLength(1);
    expect(requests[0]?.url).toBe(`${sandbox.url}/api/accessusers/tickets/v2/${EVENT}?top=1`);
    expect(requests[0]?.headers.token).toBe(ACCESS_TOKEN);

    const wrongEvent = providerFor(sandbox, { eventIds: [EVENT, 'no-such-event'] });
    await expect(wrongEvent.configure(AbortSignal.timeout(5_000))).rejects.toBeInstanceOf(
      ProviderNotConfiguredError,
    );
    const wrongToken = providerFor(sandbox, { accessToken: 'revoked' });
    const err = await wrongToken.configure(AbortSignal.timeout(5_000)).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ProviderUnavailableError);
    expect((err as ProviderUnavailableError).httpStatus).toBe(401);
  });

  it('admits a valid ticket with seat and ticket info, sending only the token header', async () => {
    const { transport, requests } = recordingTransport();
    const provider = providerFor(sandbox, {}, { transport });
    const decision = await provider.validate(scanOf(T1), contextWith());
    expect(decision).toMatchObject({
      outcome: 'admit',
      rawStatus: 'GRANTED',
      reasonCode: 'OK',
      eventId: EVENT,
      ticketId: '6650d3a1c0ffee0000000101',
      seat: { section: '101', row: 'A', seat: '1', text: 'Seated' },
    });
    const [req] = requests;
    expect(req?.method).toBe('POST');
    expect(req?.url).toBe(`${sandbox.url}/api/accessusers/tickets/${T1}/scan`);
    expect(req?.headers.token).toBe(ACCESS_TOKEN);
    expect(req?.headers.Authorization).toBeUndefined();
    expect(sandbox.tickets.get(T1)?.checkedIn).toBe(true);
  });

  it('a re-scan is denied with the reason vivenu gives', async () => {
    const provider = providerFor(sandbox);
    expect((await provider.validate(scanOf(T2), contextWith())).outcome).toBe('admit');
    expect(await provider.validate(scanOf(T2), contextWith())).toMatchObject({
      outcome: 'stop',
      rawStatus: 'DENIED',
      reasonCode: 'ALREADY_CHECKED_IN',
      reasonText: 'Ticket already used',
    });
  });

  it.each([
    [DEMO_TOKENS.alreadyCheckedIn, 'ALREADY_CHECKED_IN', 'Ticket already used', 'stop'],
    [DEMO_TOKENS.invalid, 'INVALID', 'Ticket is not valid', 'stop'],
    [DEMO_TOKENS.detailsRequired, 'DETAILSREQUIRED', 'Ticket details are missing', 'see-staff'],
  ])('%s is denied: %s', async (token, reasonCode, reasonText, outcome) => {
    const decision = await providerFor(sandbox).validate(scanOf(token), contextWith());
    expect(decision).toMatchObject({ outcome, rawStatus: 'DENIED', reasonCode, reasonText });
  });

  it('an unknown barcode (HTTP 404) is a STOP, not a fault; odd characters are escaped', async () => {
    const provider = providerFor(sandbox);
    expect(await provider.validate(scanOf(DEMO_TOKENS.unknown), contextWith())).toMatchObject({
      outcome: 'stop',
      rawStatus: 'NOT_FOUND',
      reasonCode: 'NOT_FOUND',
      reasonText: 'Ticket not found',
    });
    const { transport, requests } = recordingTransport();
    const odd = providerFor(sandbox, {}, { transport });
    expect((await odd.validate(scanOf('A/B?c=1#x'), contextWith())).outcome).toBe('stop');
    expect(requests[0]?.url).toBe(`${sandbox.url}/api/accessusers/tickets/A%2FB%3Fc%3D1%23x/scan`);
  });

  it('one admit makes one scan record, created by the access-user scan; the kiosk posts nothing to Portier', async () => {
    const { transport, requests } = recordingTransport();
    const provider = providerFor(sandbox, {}, { transport });
    const before = sandbox.scans().length;
    const scan = scanOf(T3);
    expect((await provider.validate(scan, contextWith())).outcome).toBe('admit');
    expect(requests.map((r) => `${r.method} ${r.target.pathname}`)).toEqual([
      `POST /api/accessusers/tickets/${T3}/scan`,
    ]);
    expect(sandbox.state.recordRequests).toBe(0);
    expect(sandbox.scans()).toHaveLength(before + 1);
    expect(sandbox.scans().filter((s) => s.barcode === T3)).toEqual([
      expect.objectContaining({
        ticketId: '6650d3a1c0ffee0000000103',
        eventId: EVENT,
        type: 'checkin',
        scanResult: 'approved',
        deviceId: 'sandbox-access-user',
      }),
    ]);
  });

  it('a refusal moves no ticket state; vivenu keeps it only as a declined record', async () => {
    const provider = providerFor(sandbox);
    const stateBefore = sandbox.ticketState(DEMO_TOKENS.invalid);
    expect((await provider.validate(scanOf(DEMO_TOKENS.invalid), contextWith())).outcome).toBe('stop');
    expect(sandbox.ticketState(DEMO_TOKENS.invalid)).toEqual(stateBefore);
    expect(sandbox.scans().filter((s) => s.barcode === DEMO_TOKENS.invalid)).toEqual([
      expect.objectContaining({ type: 'checkin', scanResult: 'declined' }),
    ]);
    expect(sandbox.state.recordRequests).toBe(0);
  });

  it("another device's Portier record (the seed's Create-a-Scan array) moves the sandbox's ticket state", async () => {
    const ticket = sandbox.tickets.get(T2)!.ticket;
    const recorded = await rawRequest(`${sandbox.url}/api/scans`, {
      headers: { Authorization: `Bearer ${API_KEY}` },
      body: [
        {
          ticketId: ticket._id,
          eventId: EVENT,
          barcode: T2,
          ticketTypeId: ticket.ticketTypeId,
          type: 'checkin',
          scanResult: 'approved',
          deviceId: 'gate-north-2',
        },
      ],
    });
    expect(recorded.status).toBe(200);
    expect(sandbox.ticketState(T2)).toEqual({ status: 'VALID', checkedIn: true });
    expect(await providerFor(sandbox).validate(scanOf(T2), contextWith())).toMatchObject({
      outcome: 'stop',
      reasonCode: 'ALREADY_CHECKED_IN',
    });
  });

  it('lookup shows the ticket and its Portier history; an unknown one is not found', async () => {
    const provider = providerFor(sandbox);
    await provider.validate(scanOf(T1), contextWith());
    expect(await provider.lookup(T1, AbortSignal.timeout(5_000))).toEqual({
      token: T1,
      found: true,
      eventId: EVENT,
      status: 'VALID',
      holderName: 'Ada Lovelace',
      seat: { section: '101', row: 'A', seat: '1', text: 'Seated' },
      history: [{ at: expect.any(String), outcome: 'checkin approved', where: 'sandbox-access-user' }],
    });
    expect(await provider.lookup(DEMO_TOKENS.unknown, AbortSignal.timeout(5_000))).toEqual({
      token: DEMO_TOKENS.unknown,
      found: false,
    });
    // Another device's earlier check-in is part of the history.
    const early = await provider.lookup(DEMO_TOKENS.alreadyCheckedIn, AbortSignal.timeout(5_000));
    expect(early.history).toEqual([
      expect.objectContaining({ outcome: 'checkin approved', where: 'gate-north-2' }),
    ]);
  });

  it('lookup tries each configured event and passes eventId', async () => {
    const { transport, requests } = recordingTransport();
    const provider = providerFor(
      sandbox,
      { eventIds: ['other-event', EVENT], apiKey: undefined },
      { transport },
    );
    expect((await provider.lookup(T2, AbortSignal.timeout(5_000))).found).toBe(true);
    expect(requests.map((r) => r.url)).toEqual([
      `${sandbox.url}/api/accessusers/tickets/${T2}?eventId=other-event`,
      `${sandbox.url}/api/accessusers/tickets/${T2}?eventId=${EVENT}`,
    ]);
  });

  it('a closed provider refuses to call', async () => {
    const provider = providerFor(sandbox);
    await provider.close();
    await expect(provider.validate(scanOf(T1), contextWith())).rejects.toBeInstanceOf(
      ProviderUnavailableError,
    );
    expect(sandbox.state.accessScans).toBe(0);
  });
});
