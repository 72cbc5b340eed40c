import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { nodeHttpTransport } from '../../electron/core/providers/http/node-http-transport.js';
import type { HttpRequest } from '../../electron/core/providers/http/http-transport.js';
import {
  DEMO_TOKENS,
  SEED_VOID_CONFIGURATION_ID,
  type PasscreatorSandbox,
} from '../../electron/sandbox/passcreator/index.js';
import { contextWith, scanOf } from './support/provider-harness.js';
import { passcreatorRig } from './support/provider-rigs.js';

const { configuredProvider, startSandbox } = passcreatorRig;

const [T1, T2, T3] = DEMO_TOKENS.valid as unknown as [string, string, string];

describe('Passcreator reference data and lookup (paginated scan list)', () => {
  let sandbox: PasscreatorSandbox;
  beforeEach(async () => {
    sandbox = await startSandbox();
  });
  afterEach(() => sandbox.close());

  /** T1 admitted, T2 admitted, T1 refused, unknown refused, T3 admitted: five App Scans. */
  async function scanSome(provider: Awaited<ReturnType<typeof configuredProvider>>) {
    for (const token of [T1, T2, T1, DEMO_TOKENS.unknown, T3]) {
      await provider.validate(scanOf(token), contextWith());
    }
    expect(sandbox.appScans()).toHaveLength(5);
  }

  it('syncReference walks every page (start/pageSize/next) and reports each barcode once', async () => {
    const seen: HttpRequest[] = [];
    const provider = await configuredProvider(
      sandbox,
      { listPageSize: 2 },
      { transport: (req) => (seen.push(req), nodeHttpTransport(req)) },
    );
    await scanSome(provider);
    seen.length = 0;
    const ref = await provider.syncReference(AbortSignal.timeout(5_000));
    const starts = seen
      .filter((r) => r.url.includes('/api/appscan/list/'))
      .map(
        (r) => new URL(r.url).searchParams.get('start') + '/' + new URL(r.url).searchParams.get('pageSize'),
      );
    expect(starts).toEqual(['0/2', '2/2', '4/2']);
    expect(ref.events).toEqual([
      { eventId: SEED_VOID_CONFIGURATION_ID, name: 'Second example configuration' },
    ]);
    const byToken = Object.fromEntries((ref.tickets ?? []).map((t) => [t.token, t]));
    // The unknown barcode is not a ticket.
    expect(Object.keys(byToken).sort()).toEqual([T1, T2, T3].sort());
    expect(byToken[T1]).toMatchObject({
      status: 'voided',
      ticketId: sandbox.passes.findById(T1)!.uid,
      eventId: SEED_VOID_CONFIGURATION_ID,
    });
  });

  it('syncReference stops at maxSyncPages and warns', async () => {
    const warnings: string[] = [];
    const provider = await configuredProvider(
      sandbox,
      { listPageSize: 1, maxSyncPages: 2 },
      { logger: { debug: () => undefined, warn: (_f, msg) => warnings.push(msg) } },
    );
    await scanSome(provider);
    const ref = await provider.syncReference(AbortSignal.timeout(5_000));
    expect(ref.tickets!.length).toBeLessThanOrEqual(2);
    expect(warnings.join()).toMatch(/maxSyncPages/);
  });

  it('an empty list is one request and no tickets', async () => {
    const provider = await configuredProvider(sandbox);
    const before = sandbox.state.requests;
    expect((await provider.syncReference(AbortSignal.timeout(5_000))).tickets).toEqual([]);
    expect(sandbox.state.requests - before).toBe(1);
  });

  it('lookup shows the pass, its state and its scan history, and records nothing', async () => {
    const provider = await configuredProvider(sandbox, { listPageSize: 2 });
    await scanSome(provider);
    const stored = sandbox.state.appScansStored;
    const found = await provider.lookup(T1, AbortSignal.timeout(5_000));
    expect(found).toMatchObject({
      token: T1,
      found: true,
      status: 'voided',
      eventName: 'Event Ticket',
      eventId: SEED_VOID_CONFIGURATION_ID,
    });
    expect(found.history?.map((h) => h.outcome)).toEqual(['VOIDED_NOW', 'ALREADY_USED']);
    expect(found.history?.[0]?.where).toBe('Room 1');
    expect(await provider.lookup(T2, AbortSignal.timeout(5_000))).toMatchObject({ found: true });
    expect(await provider.lookup(DEMO_TOKENS.unknown, AbortSignal.timeout(5_000))).toEqual({
      token: DEMO_TOKENS.unknown,
      found: false,
    });
    expect(sandbox.state.appScansStored).toBe(stored);
  });

  it('an unscanned valid pass looks up as valid with no history', async () => {
    const provider = await configuredProvider(sandbox);
    expect(await provider.lookup(T2, AbortSignal.timeout(5_000))).toMatchObject({
      found: true,
      status: 'valid',
      history: [],
    });
    expect(sandbox.passes.findById(T2)!.voided).toBe(false);
  });

  it('the scan list in the sandbox honours createdSince and clamps pageSize to 100', async () => {
    const provider = await configuredProvider(sandbox);
    await provider.validate(scanOf(T1, { receivedAt: Date.UTC(2025, 0, 1, 10, 0, 0) }), contextWith());
    await provider.validate(scanOf(T2, { receivedAt: Date.UTC(2025, 0, 1, 12, 0, 0) }), contextWith());
    const get = async (q: string) =>
      (await (
        await fetch(`${sandbox.url}/api/appscan/list/${SEED_VOID_CONFIGURATION_ID}?${q}`, {
          headers: { Authorization: 'pc-test-key-5f1e9a7c3b' },
        })
      ).json()) as { total: number; query: { pageSize: number; next?: string }; results: unknown[] };
    expect((await get('createdSince=2025-01-01%2011:00')).total).toBe(1);
    const page = await get('start=0&pageSize=500');
    expect(page.query.pageSize).toBe(100);
    expect(page.query.next).toBeUndefined();
  });
});
