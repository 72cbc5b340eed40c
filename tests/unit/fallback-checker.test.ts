import { afterEach, describe, expect, it, vi } from 'vitest';
import { FallbackChecker, type FallbackOptions } from '../../electron/core/decision/fallback-checker.js';
import { LocalCheckProvider } from '../../electron/core/decision/local-check-provider.js';
import { openDatabase } from '../../electron/core/journal/database.js';
import { LocalDecider } from '../../electron/core/offline/local-decider.js';
import { ReferenceStore } from '../../electron/core/offline/reference-store.js';
import {
  ProviderProtocolError,
  ProviderUnavailableError,
  type TicketCheckProvider,
} from '../../electron/core/providers/provider.js';
import { ScriptedProvider, admit, never } from '../support/scripted-provider.js';

const scan = (receivedAt = Date.now()) => ({
  scanId: 'n1',
  token: 'T',
  inputType: 'Barcode' as const,
  source: 'wedge',
  receivedAt,
});

/** A checker over a real (empty) local store: offline it answers "see staff" (no reference data). */
function checker(online: TicketCheckProvider, overrides: Partial<FallbackOptions> = {}) {
  const db = openDatabase(':memory:');
  const local = new LocalCheckProvider(new LocalDecider(db, new ReferenceStore(db)), online.name, 'entry');
  return new FallbackChecker({
    online,
    local,
    budgetMs: 3000,
    lateAnswerWindowMs: 0,
    thresholds: { faultsInARow: 3, slowAverageMs: 2000, averageWindow: 3, probeIntervalMs: 60_000 },
    probe: async () => {},
    now: Date.now,
    ...overrides,
  });
}

afterEach(() => vi.useRealTimers());

describe('FallbackChecker', () => {
  it('returns the provider answer with its request ids, online', async () => {
    const p = new ScriptedProvider(async (_s, ctx) => {
      ctx.onRequestId('req-1');
      return admit();
    });
    const { decision, requestIds } = await checker(p).check(scan());
    expect(decision).toMatchObject({ outcome: 'admit', mode: 'online', reasonCode: 'OK' });
    expect(requestIds).toEqual(['req-1']);
  });

  it('decides locally at the deadline even if the provider ignores its signal, and aborts the call', async () => {
    vi.useFakeTimers();
    const p = new ScriptedProvider(never);
    const pending = checker(p).check(scan());
    await vi.advanceTimersByTimeAsync(2999);
    expect(p.signals[0]!.aborted).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    const { decision } = await pending;
    expect(decision).toMatchObject({ outcome: 'see-staff', mode: 'timeout', rule: 'reference:missing' });
    expect(p.signals[0]!.aborted).toBe(true);
  });

  it('counts the budget from the read: a scan read 2 s ago gets 1 s', async () => {
    vi.useFakeTimers();
    const p = new ScriptedProvider(never);
    const pending = checker(p).check(scan(Date.now() - 2000));
    await vi.advanceTimersByTimeAsync(999);
    expect(p.signals[0]!.aborted).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    expect((await pending).decision.mode).toBe('timeout');
  });

  it('turns an answer it cannot understand into STOP with a reason, and counts it as a fault', async () => {
    const p = new ScriptedProvider(async () => {
      throw new ProviderProtocolError('response is not JSON');
    });
    const c = checker(p, {
      thresholds: { faultsInARow: 2, slowAverageMs: 2000, averageWindow: 3, probeIntervalMs: 60_000 },
    });
    const { decision } = await c.check(scan());
    expect(decision).toMatchObject({ outcome: 'stop', mode: 'online', reasonCode: 'BAD_PROVIDER_RESPONSE' });
    expect(decision.rawStatus).toContain('not JSON');
    expect(c.connectivity.mode).toBe('online');
    await c.check(scan());
    expect(c.connectivity).toMatchObject({ mode: 'offline', reason: '2 faults in a row (malformed answer)' });
    c.stop();
  });

  it('falls back to the local provider when the online one is unavailable', async () => {
    const p = new ScriptedProvider(async () => {
      throw new ProviderUnavailableError('HTTP 503', 503);
    });
    const { decision } = await checker(p).check(scan());
    expect(decision).toMatchObject({ outcome: 'see-staff', mode: 'offline', rawStatus: 'HTTP 503' });
  });

  it('known offline, asks the local provider at once and never the online one', async () => {
    const p = new ScriptedProvider(async () => admit());
    const c = checker(p);
    c.startOffline('test');
    const { decision } = await c.check(scan());
    expect(decision.mode).toBe('offline');
    expect(p.seen).toHaveLength(0);
    c.stop();
  });

  it('measures the provider answer time from the call, not from the read', async () => {
    vi.useFakeTimers();
    const p = new ScriptedProvider(async () => admit());
    const c = checker(p, {
      budgetMs: 10_000,
      thresholds: { faultsInARow: 3, slowAverageMs: 500, averageWindow: 2, probeIntervalMs: 60_000 },
    });
    // Reads that waited 5 s in the kiosk's own queue, answered at once: the API is not slow.
    await c.check(scan(Date.now() - 5000));
    await c.check(scan(Date.now() - 5000));
    expect(c.connectivity.mode).toBe('online');
    c.stop();
  });

  it('aborts the provider call once decided, so nothing outlives its scan', async () => {
    const p = new ScriptedProvider(async () => admit());
    await checker(p).check(scan());
    expect(p.signals[0]!.aborted).toBe(true);
  });
});

describe('FallbackChecker late answers', () => {
  it('decides at the budget, then reports an answer that arrives inside the late window', async () => {
    vi.useFakeTimers();
    const p = new ScriptedProvider(
      (_s, ctx) =>
        new Promise((resolve, reject) => {
          const t = setTimeout(() => resolve(admit()), 4000);
          ctx.signal.addEventListener('abort', () => {
            clearTimeout(t);
            reject(new Error('aborted'));
          });
        }),
    );
    const pending = checker(p, { lateAnswerWindowMs: 5000 }).check(scan());
    await vi.advanceTimersByTimeAsync(3000);
    const { decision, lateAnswer } = await pending;
    expect(decision.mode).toBe('timeout');
    expect(p.signals[0]!.aborted).toBe(false); // still listening for the late answer
    await vi.advanceTimersByTimeAsync(1000);
    await expect(lateAnswer).resolves.toMatchObject({ rawStatus: 'Admit' });
  });

  it('aborts the call when the late window ends without an answer', async () => {
    vi.useFakeTimers();
    const p = new ScriptedProvider(never);
    const pending = checker(p, { lateAnswerWindowMs: 2000 }).check(scan());
    await vi.advanceTimersByTimeAsync(3000);
    const { lateAnswer } = await pending;
    await vi.advanceTimersByTimeAsync(1999);
    expect(p.signals[0]!.aborted).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    expect(p.signals[0]!.aborted).toBe(true);
    await expect(lateAnswer).resolves.toBeUndefined();
  });
});
