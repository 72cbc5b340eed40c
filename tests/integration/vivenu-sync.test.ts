import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ProviderProtocolError } from '../../electron/core/providers/provider.js';
import {
  DEMO_EVENT_ID as EVENT,
  DEMO_TOKENS,
  type VivenuSandbox,
} from '../../electron/sandbox/vivenu/index.js';
import { TestClock, contextWith, recordingTransport, scanOf } from './support/provider-harness.js';
import { vivenuRig } from './support/provider-rigs.js';

const { providerFor, startSandbox } = vivenuRig;

const [T1, T2] = DEMO_TOKENS.valid as unknown as [string, string];

describe('vivenu reference sync', () => {
  let sandbox: VivenuSandbox;
  let clock = new TestClock(Date.parse('2030-01-23T20:00:00Z'));
  beforeEach(async () => {
    clock = new TestClock(Date.parse('2030-01-23T20:00:00Z'));
    sandbox = await startSandbox({ extraTickets: 5, clock });
  });
  afterEach(() => sandbox.close());

  it('downloads every page of tickets and marks those Portier says are inside', async () => {
    const { transport, requests } = recordingTransport();
    const provider = providerFor(sandbox, { pageSize: 2 }, { transport, now: clock.now });
    const ref = await provider.syncReference(AbortSignal.timeout(5_000));
    expect(ref.events).toEqual([{ eventId: EVENT, name: EVENT }]);
    expect(ref.tickets).toHaveLength(11);
    expect(new Set(ref.tickets?.map((t) => t.token)).size).toBe(11);
    const byToken = new Map(ref.tickets?.map((t) => [t.token, t]));
    expect(byToken.get(T1)).toEqual({
      token: T1,
      eventId: EVENT,
      ticketId: '6650d3a1c0ffee0000000101',
      status: 'VALID',
      seat: { section: '101', row: 'A', seat: '1', text: 'Seated' },
    });
    expect(byToken.get(DEMO_TOKENS.alreadyCheckedIn)?.status).toBe('CHECKED_IN');
    expect(byToken.get(DEMO_TOKENS.invalid)?.status).toBe('INVALID');
    expect(byToken.get(DEMO_TOKENS.detailsRequired)?.status).toBe('DETAILSREQUIRED');

    const downloads = requests.filter((r) => r.url.includes('/tickets/v2/'));
    expect(downloads).toHaveLength(6);
    expect(downloads.map((r) => new URL(r.url).searchParams.get('skip'))).toEqual([
      '0',
      '2',
      '4',
      '6',
      '8',
      '10',
    ]);
    expect(downloads.every((r) => r.headers.token && !r.headers.Authorization)).toBe(true);
    const scanLists = requests.filter((r) => new URL(r.url).pathname === '/api/scans');
    expect(scanLists.length).toBeGreaterThan(0);
    expect(scanLists.every((r) => r.method === 'GET' && r.headers.Authorization?.startsWith('Bearer '))).toBe(
      true,
    );
  });

  it("sees another device's check-in on the next sync", async () => {
    // Another gate's access-user scan is recorded by vivenu itself, so Portier lists it.
    const otherGate = providerFor(sandbox);
    expect((await otherGate.validate(scanOf(T2), contextWith())).outcome).toBe('admit');

    const provider = providerFor(sandbox, {}, { now: clock.now });
    const ref = await provider.syncReference(AbortSignal.timeout(5_000));
    expect(ref.tickets?.find((t) => t.token === T2)?.status).toBe('CHECKED_IN');
    expect(ref.tickets?.find((t) => t.token === T1)?.status).toBe('VALID');
  });

  it('pages the scans list too', async () => {
    const provider = providerFor(sandbox, { pageSize: 1 });
    for (const token of [T1, T2]) {
      await provider.validate(scanOf(token), contextWith());
    }
    const ref = await provider.syncReference(AbortSignal.timeout(5_000));
    const inside = ref.tickets?.filter((t) => t.status === 'CHECKED_IN').map((t) => t.token);
    expect(inside?.sort()).toEqual([T1, T2, DEMO_TOKENS.alreadyCheckedIn].sort());
  });

  it('later syncs ask for the changes since the last one (from/until) and merge them', async () => {
    const { transport, requests } = recordingTransport();
    const provider = providerFor(sandbox, { syncOverlapSeconds: 60 }, { transport, now: clock.now });
    await provider.syncReference(AbortSignal.timeout(5_000));
    const firstStart = clock.ms;

    clock.advance(10 * 60_000);
    sandbox.tickets.setStatus(T1, 'INVALID', clock.ms - 1_000);
    requests.length = 0;
    const ref = await provider.syncReference(AbortSignal.timeout(5_000));
    const download = new URL(String(requests.find((r) => r.url.includes('/tickets/v2/'))?.url));
    expect(download.searchParams.get('from')).toBe(new Date(firstStart - 60_000).toISOString());
    expect(download.searchParams.get('until')).toBe(new Date(clock.ms).toISOString());
    expect(sandbox.state.ticketPages).toBe(2);
    // Only the changed ticket came down, yet the reference data still holds all of them.
    expect(ref.tickets).toHaveLength(11);
    expect(ref.tickets?.find((t) => t.token === T1)?.status).toBe('INVALID');
  });

  it('without an API key it downloads tickets only', async () => {
    const { transport, requests } = recordingTransport();
    const provider = providerFor(sandbox, { apiKey: undefined }, { transport });
    const ref = await provider.syncReference(AbortSignal.timeout(5_000));
    expect(requests.every((r) => r.url.includes('/accessusers/'))).toBe(true);
    // Nothing says who is inside, so the raw status stands.
    expect(ref.tickets?.find((t) => t.token === DEMO_TOKENS.alreadyCheckedIn)?.status).toBe('VALID');
  });

  it('a list that never ends is a protocol error, not a loop', async () => {
    const provider = providerFor(
      sandbox,
      { maxPages: 3 },
      {
        transport: async () => ({
          status: 200,
          text: JSON.stringify({
            rows: [{ _id: 'x', barcode: `B${Math.random()}`, eventId: EVENT, status: 'VALID' }],
            total: 1e9,
          }),
        }),
      },
    );
    const err = await provider.syncReference(AbortSignal.timeout(5_000)).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ProviderProtocolError);
    expect((err as Error).message).toMatch(/more than 3 pages/);
  });

  it('a failed download keeps the previous reference data whole', async () => {
    const provider = providerFor(sandbox, { pageSize: 2 }, { now: clock.now });
    await provider.syncReference(AbortSignal.timeout(5_000));
    sandbox.setFaults({ status: 503, faultPaths: ['listScans'] });
    await expect(provider.syncReference(AbortSignal.timeout(5_000))).rejects.toThrow(/HTTP 503/);
    sandbox.resetFaults();
    expect((await provider.syncReference(AbortSignal.timeout(5_000))).tickets).toHaveLength(11);
  });
});
