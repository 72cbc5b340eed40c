import { nodeHttpTransport } from '../../electron/core/providers/http/node-http-transport.js';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ProviderUnavailableError } from '../../electron/core/providers/provider.js';
import {
  DEMO_TOKENS,
  startEntryV1Sandbox,
  type EntryV1Sandbox,
} from '../../electron/sandbox/entry-v1/index.js';
import { contextWith, scanOf } from './support/provider-harness.js';
import { entryV1Rig } from './support/provider-rigs.js';

const { API_KEY, providerFor } = entryV1Rig;

const [T1, T2, T3] = DEMO_TOKENS.valid as readonly string[];

describe('Entry V1 session renewal', () => {
  let sandbox: EntryV1Sandbox;
  let nowMs: number;
  const clock = () => nowMs;

  beforeEach(async () => {
    nowMs = Date.now();
    // Client and sandbox share one injected clock, so expiry can be reached without waiting.
    sandbox = await startEntryV1Sandbox({ apiKey: API_KEY, jwtTtlSeconds: 600, clock });
  });
  afterEach(() => sandbox.close());

  it('renews before exp (within the margin) without ever being refused', async () => {
    const provider = providerFor(sandbox, { renewMarginSeconds: 60 }, { now: clock });
    await provider.configure(AbortSignal.timeout(5_000));
    expect(sandbox.state.sessionsCreated).toBe(1);

    nowMs += 500_000; // 100 s before exp: outside the 60 s margin, keeps the token.
    expect((await provider.validate(scanOf(T1!), contextWith())).outcome).toBe('admit');
    expect(sandbox.state.sessionsCreated).toBe(1);

    nowMs += 45_000; // 55 s before exp: inside the margin, renews first.
    const ctx = contextWith();
    const { requestIds } = ctx;
    expect((await provider.validate(scanOf(T2!), ctx)).outcome).toBe('admit');
    expect(sandbox.state.sessionsCreated).toBe(2);
    expect(requestIds).toHaveLength(2); // session + scan, each with its own PAC-Request-Id
    expect(new Set(requestIds).size).toBe(2);

    nowMs += 3_600_000; // Long past exp: renews rather than sending a dead token.
    expect((await provider.validate(scanOf(T3!), contextWith())).outcome).toBe('admit');
    expect(sandbox.state.sessionsCreated).toBe(3);
    expect(sandbox.state.unauthorizedSent).toBe(0);
  });

  it('without proactive renewal an expired token is refused once, then renewed and retried', async () => {
    // The client clock lags the server's, so the client believes its token is still valid and sends it.
    let clientNow = nowMs;
    const provider = providerFor(sandbox, { renewMarginSeconds: 0 }, { now: () => clientNow });
    await provider.configure(AbortSignal.timeout(5_000));
    nowMs += 700_000;
    clientNow += 100_000;
    const ctx = contextWith();
    const { requestIds } = ctx;
    expect((await provider.validate(scanOf(T1!), ctx)).outcome).toBe('admit');
    expect(sandbox.state.unauthorizedSent).toBe(1);
    expect(sandbox.state.sessionsCreated).toBe(2);
    expect(requestIds).toHaveLength(3); // refused scan, session, retried scan
  });

  it('renews once on a 401 and the retried scan succeeds', async () => {
    const provider = providerFor(sandbox, {}, { now: clock });
    await provider.configure(AbortSignal.timeout(5_000));
    sandbox.setFaults({ unauthorizedCount: 1 });
    const ctx = contextWith();
    const { requestIds } = ctx;
    const decision = await provider.validate(scanOf(T1!), ctx);
    expect(decision.outcome).toBe('admit');
    expect(sandbox.state).toMatchObject({ unauthorizedSent: 1, sessionsCreated: 2, scansValidated: 1 });
    expect(new Set(requestIds).size).toBe(3);
  });

  it('a permanent 401 ends as unavailable after exactly one renewal (no loop)', async () => {
    const provider = providerFor(sandbox, {}, { now: clock });
    await provider.configure(AbortSignal.timeout(5_000));
    sandbox.setFaults({ unauthorizedCount: 1_000 });
    const err = await provider.validate(scanOf(T1!), contextWith()).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ProviderUnavailableError);
    expect((err as ProviderUnavailableError).httpStatus).toBe(401);
    expect(sandbox.state).toMatchObject({ unauthorizedSent: 2, sessionsCreated: 2, scansValidated: 0 });
    // The next scan tries again (one renewal per scan), still bounded.
    await provider.validate(scanOf(T1!), contextWith()).catch(() => undefined);
    expect(sandbox.state.unauthorizedSent).toBe(4);
  });

  it('does not renew after a 401 when the scan was already aborted', async () => {
    const controller = new AbortController();
    let callsAfterAbort = 0;
    const provider = providerFor(
      sandbox,
      {},
      {
        now: clock,
        // Abort the scan right after a complete 401 arrives, as the decision budget would.
        transport: async (req) => {
          if (controller.signal.aborted) callsAfterAbort += 1;
          const answer = await nodeHttpTransport(req);
          if (answer.status === 401) controller.abort(new Error('budget'));
          return answer;
        },
      },
    );
    await provider.configure(AbortSignal.timeout(5_000));
    sandbox.setFaults({ unauthorizedCount: 5 });
    const ctx = contextWith(controller.signal);
    const { requestIds } = ctx;
    const err = await provider.validate(scanOf(T1!), ctx).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ProviderUnavailableError);
    expect(callsAfterAbort).toBe(0);
    expect(requestIds).toHaveLength(1);
    expect(sandbox.state).toMatchObject({ sessionsCreated: 1, unauthorizedSent: 1 });
  });

  it('keeps scanning with the old token when an early renewal fails', async () => {
    const provider = providerFor(sandbox, { renewMarginSeconds: 60 }, { now: clock });
    await provider.configure(AbortSignal.timeout(5_000));
    nowMs += 550_000; // inside the margin, token still valid
    sandbox.setFaults({ status: 503, faultPaths: ['session'] });
    expect((await provider.validate(scanOf(T1!), contextWith())).outcome).toBe('admit');
    expect(sandbox.state.sessionsCreated).toBe(1);
  });
});
