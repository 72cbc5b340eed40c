import { afterEach, describe, expect, it, vi } from 'vitest';
import { decideWithinBudget } from '../../electron/core/decision/decide-within-budget.js';
import { ProviderProtocolError, ProviderUnavailableError } from '../../electron/core/providers/provider.js';
import { ScriptedProvider, admit, never } from '../support/scripted-provider.js';

const scan = { scanId: 'n1', token: 'T', inputType: 'Barcode' as const, source: 'wedge', receivedAt: 0 };

afterEach(() => vi.useRealTimers());

describe('decideWithinBudget', () => {
  it('returns the provider answer with its request ids, online', async () => {
    const p = new ScriptedProvider(async (_s, ctx) => {
      ctx.onRequestId('req-1');
      return admit();
    });
    const { decision, requestIds } = await decideWithinBudget(p, scan, 3000);
    expect(decision).toMatchObject({ outcome: 'admit', mode: 'online', reasonCode: 'OK' });
    expect(requestIds).toEqual(['req-1']);
  });

  it('decides "see staff" at the deadline even if the provider ignores its signal, and aborts the call', async () => {
    vi.useFakeTimers();
    const p = new ScriptedProvider(never);
    const pending = decideWithinBudget(p, scan, 3000);
    await vi.advanceTimersByTimeAsync(2999);
    expect(p.signals[0]!.aborted).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    const { decision } = await pending;
    expect(decision).toMatchObject({ outcome: 'see-staff', mode: 'timeout', reasonCode: 'TIMEOUT' });
    expect(p.signals[0]!.aborted).toBe(true);
  });

  it('turns an answer it cannot understand into STOP with a reason', async () => {
    const p = new ScriptedProvider(async () => {
      throw new ProviderProtocolError('response is not JSON');
    });
    const { decision } = await decideWithinBudget(p, scan, 3000);
    expect(decision).toMatchObject({ outcome: 'stop', reasonCode: 'BAD_PROVIDER_RESPONSE' });
    expect(decision.rawStatus).toContain('not JSON');
  });

  it('falls back to the offline policy when the provider is unavailable', async () => {
    const p = new ScriptedProvider(async () => {
      throw new ProviderUnavailableError('HTTP 503', 503);
    });
    const { decision } = await decideWithinBudget(p, scan, 3000);
    expect(decision).toMatchObject({
      outcome: 'see-staff',
      mode: 'offline',
      reasonCode: 'PROVIDER_UNAVAILABLE',
    });
  });

  it('aborts the provider call once decided, so nothing outlives its scan', async () => {
    const p = new ScriptedProvider(async () => admit());
    await decideWithinBudget(p, scan, 3000);
    expect(p.signals[0]!.aborted).toBe(true);
  });
});

describe('decideWithinBudget late answers', () => {
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
    const late: string[] = [];
    const pending = decideWithinBudget(p, scan, 3000, {
      lateWindowMs: 5000,
      onLateAnswer: (d) => late.push(d.rawStatus),
    });
    await vi.advanceTimersByTimeAsync(3000);
    const { decision, fellBack } = await pending;
    expect(decision.mode).toBe('timeout');
    expect(fellBack).toBe(true);
    expect(p.signals[0]!.aborted).toBe(false); // still listening for the late answer
    await vi.advanceTimersByTimeAsync(1000);
    expect(late).toEqual(['Admit']);
  });

  it('aborts the call when the late window ends without an answer', async () => {
    vi.useFakeTimers();
    const p = new ScriptedProvider(never);
    const late: unknown[] = [];
    const pending = decideWithinBudget(p, scan, 3000, {
      lateWindowMs: 2000,
      onLateAnswer: (d) => late.push(d),
    });
    await vi.advanceTimersByTimeAsync(3000);
    await pending;
    await vi.advanceTimersByTimeAsync(1999);
    expect(p.signals[0]!.aborted).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    expect(p.signals[0]!.aborted).toBe(true);
    expect(late).toEqual([]);
  });
});
