import { describe, expect, it } from 'vitest';
import {
  benchPassId,
  DEMO_PASS_IDS,
  demoPasses,
  demoTemplate,
  generatePasses,
  PassStore,
} from '../../electron/sandbox/walletthat/index.js';

describe('WalletThat sandbox pass store', () => {
  it('demo fixture: 3 active passes, one redeemed, one voided, one expired by time; unknown is absent', () => {
    const now = Date.now();
    const store = new PassStore([demoTemplate()], demoPasses(now));
    for (const id of DEMO_PASS_IDS.valid) expect(store.get(id)?.status).toBe('active');
    expect(store.get(DEMO_PASS_IDS.redeemed)?.status).toBe('redeemed');
    expect(store.get(DEMO_PASS_IDS.voided)?.status).toBe('voided');
    expect(Date.parse(store.get(DEMO_PASS_IDS.expired)!.expirationTimestamp!)).toBeLessThan(now);
    expect(Date.parse(store.get(DEMO_PASS_IDS.valid[0])!.expirationTimestamp!)).toBeGreaterThan(now);
    expect(store.get(DEMO_PASS_IDS.unknown)).toBeUndefined();
  });

  it('setStatus reports changes only; reset restores the fixture', () => {
    const store = new PassStore([demoTemplate()], demoPasses());
    const [p1] = DEMO_PASS_IDS.valid;
    expect(store.setStatus(p1, 'redeemed')).toBe(true);
    expect(store.setStatus(p1, 'redeemed')).toBe(false);
    store.resetStatuses();
    expect(store.get(p1)?.status).toBe('active');
  });

  it('get returns a copy, so callers cannot change the store by accident', () => {
    const store = new PassStore([demoTemplate()], demoPasses());
    const [p1] = DEMO_PASS_IDS.valid;
    store.get(p1)!.status = 'voided';
    expect(store.get(p1)?.status).toBe('active');
  });

  it('stays fast with 20,000 generated passes (Map lookups)', () => {
    const start = performance.now();
    const store = new PassStore([demoTemplate()], [...demoPasses(), ...generatePasses(20_000)]);
    let missing = 0;
    for (let i = 0; i < 20_000; i++) if (store.get(benchPassId(i))?.status !== 'active') missing += 1;
    expect(missing).toBe(0);
    expect(store.passCount).toBe(20_006);
    expect(new Set(generatePasses(10_000).map((p) => p.passId)).size).toBe(10_000);
    expect(performance.now() - start).toBeLessThan(2_000);
  });
});
