import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { EntryV1Provider } from '../../electron/core/providers/entry-v1/index.js';
import { ProviderProtocolError, ProviderUnavailableError } from '../../electron/core/providers/provider.js';
import type { SandboxFaults } from '../../electron/sandbox/common/faults.js';
import {
  DEMO_LIVE_EVENT_ID,
  DEMO_TOKENS,
  startEntryV1Sandbox,
  type EntryV1Sandbox,
} from '../../electron/sandbox/entry-v1/index.js';
import { timed } from './support/provider-harness.js';
import { entryV1Rig } from './support/provider-rigs.js';

const { API_KEY, providerFor } = entryV1Rig;

/** Each capability with the sandbox route it calls; the fault knobs are aimed at that route only. */
const CAPABILITIES = [
  { name: 'syncReference', route: 'events', bearer: true, parsesBody: true },
  { name: 'venues', route: 'venues', bearer: false, parsesBody: true },
  // Ping has no documented 200 body, so a 2xx is enough and its body is not read.
  { name: 'heartbeat', route: 'ping', bearer: true, parsesBody: false },
  { name: 'lookup', route: 'ticketLookup', bearer: true, parsesBody: true },
  { name: 'uploadOffline', route: 'offlineUpload', bearer: false, parsesBody: true },
] as const;
type Capability = (typeof CAPABILITIES)[number];

let n = 0;
function call(provider: EntryV1Provider, name: Capability['name'], signal: AbortSignal): Promise<unknown> {
  switch (name) {
    case 'syncReference':
      return provider.syncReference(signal);
    case 'venues':
      return provider.venues(signal);
    case 'heartbeat':
      return provider.heartbeat({ deviceTime: Date.now(), pendingUploads: 0, mode: 'online' }, signal);
    case 'lookup':
      return provider.lookup(DEMO_TOKENS.valid[0], signal);
    case 'uploadOffline':
      n += 1;
      return provider.uploadOffline(
        [
          {
            scanId: `f${n}`,
            token: `37${String(n).padStart(12, '0')}`,
            inputType: 'Barcode',
            scannedAt: Date.now(),
            outcome: 'admit',
            direction: 'entry',
            eventId: DEMO_LIVE_EVENT_ID,
          },
        ],
        signal,
      );
  }
}

function abortAfter(ms: number): AbortSignal {
  const controller = new AbortController();
  setTimeout(() => controller.abort(new Error('budget exhausted')), ms);
  return controller.signal;
}

describe.each(CAPABILITIES)('Entry V1 $name under faults on $route', (cap) => {
  let sandbox: EntryV1Sandbox;
  let provider: EntryV1Provider;

  beforeEach(async () => {
    sandbox = await startEntryV1Sandbox({ apiKey: API_KEY });
    provider = providerFor(sandbox);
    await provider.configure(AbortSignal.timeout(5_000));
  });
  afterEach(() => sandbox.close());

  async function failure(faults: SandboxFaults, signal: AbortSignal = AbortSignal.timeout(5_000)) {
    sandbox.setFaults({ ...faults, faultPaths: [cap.route] });
    const outcome = await timed(call(provider, cap.name, signal));
    expect(outcome.result.ok, `${cap.name} should fail`).toBe(false);
    const error = (outcome.result as { error: unknown }).error as Error;
    expect(error.message).not.toContain(API_KEY);
    expect(error.message).not.toMatch(/eyJ[\w-]+\.[\w-]+/);
    return { error, ms: outcome.ms };
  }

  it('works without faults', async () => {
    await expect(call(provider, cap.name, AbortSignal.timeout(5_000))).resolves.not.toThrow();
  });

  it('hang: aborted promptly by the signal', async () => {
    const { error, ms } = await failure({ hang: true }, abortAfter(200));
    expect(error).toBeInstanceOf(ProviderUnavailableError);
    expect(error.message).toMatch(/aborted/);
    expect(ms).toBeLessThan(2_000);
  });

  it.each([500, 502, 503])('HTTP %i is unavailable', async (status) => {
    const { error } = await failure({ status });
    expect(error).toBeInstanceOf(ProviderUnavailableError);
    expect((error as ProviderUnavailableError).httpStatus).toBe(status);
  });

  it('a 401 storm is unavailable, after at most one renewal', async () => {
    const sessionsBefore = sandbox.state.sessionsCreated;
    const { error } = await failure({ unauthorizedCount: 20 });
    expect(error).toBeInstanceOf(ProviderUnavailableError);
    expect((error as ProviderUnavailableError).httpStatus).toBe(401);
    // Bearer calls renew once and retry once; API-key calls have nothing to renew.
    expect(sandbox.state.sessionsCreated - sessionsBefore).toBe(cap.bearer ? 1 : 0);
    expect(sandbox.state.unauthorizedSent).toBe(cap.bearer ? 2 : 1);
  });

  // Registered per capability: a call that reads its answer must refuse a bad one; one that only needs
  // the 2xx (Ping) must not fail on a body it never reads.
  if (cap.parsesBody) {
    it('malformed JSON is a protocol error', async () => {
      const { error } = await failure({ malformed: true });
      expect(error).toBeInstanceOf(ProviderProtocolError);
      expect(error.message).toMatch(/malformed JSON/);
    });

    it('wrong field types are a protocol error', async () => {
      const { error } = await failure({ wrongTypes: true });
      expect(error).toBeInstanceOf(ProviderProtocolError);
      expect(error.message).toMatch(/unexpected response/);
    });
  } else {
    it('a malformed or wrongly typed 200 body is not read, so the call succeeds', async () => {
      for (const fault of [{ malformed: true }, { wrongTypes: true }]) {
        sandbox.setFaults({ ...fault, faultPaths: [cap.route] });
        await expect(call(provider, cap.name, AbortSignal.timeout(5_000))).resolves.toBeUndefined();
      }
    });
  }

  it('a huge body is cut off', async () => {
    // Above the 8 MiB reference-data bound, so it is refused on every route.
    const { error, ms } = await failure({ hugeBody: 10 * 1024 * 1024 });
    expect(error).toBeInstanceOf(ProviderProtocolError);
    expect(error.message).toMatch(/response too large/);
    expect(ms).toBeLessThan(2_000);
  });

  it('slow drip + abort: cut promptly', async () => {
    // Headers arrive at once, then a chunk a second: even Ping's two-byte body is still unread at 300 ms.
    const { error, ms } = await failure({ dripMs: 1_000 }, abortAfter(300));
    expect(error).toBeInstanceOf(ProviderUnavailableError);
    expect(error.message).toMatch(/aborted/);
    expect(ms).toBeLessThan(2_000);
  });
});
