import { describe, expect, it } from 'vitest';
import { PresenceProvider, PresenceSettings } from '../../electron/core/providers/presence/index.js';
import { presenceDemoKit } from '../../electron/sandbox/presence/demo-kit.js';
import { TestClock, contextWith, scanOf } from './support/provider-harness.js';

describe('Presence demo kit', () => {
  it('starts a sandbox whose settings configure a provider; the demo tokens do what they say', async () => {
    const kit = await presenceDemoKit.start({ extraTickets: 10_000 });
    try {
      expect(presenceDemoKit.kind).toBe('presence');
      expect(() => PresenceSettings.parse(kit.settings)).not.toThrow();
      const provider = new PresenceProvider(PresenceSettings.parse(kit.settings));
      await provider.configure(AbortSignal.timeout(5_000));
      const clock = new TestClock(Date.now());
      const decide = (token: string) => provider.validate(scanOf(token, { clock }), contextWith());

      expect(kit.tokens.valid.length).toBeGreaterThanOrEqual(3);
      for (const token of kit.tokens.valid) {
        const decision = await decide(token);
        expect(decision.outcome).toBe('admit');
        expect(decision.seat).toBeDefined();
        // Scanned again right away: DUPLICATE, a server re-read that does not admit.
        expect(await decide(token)).toMatchObject({ outcome: 'stop', serverReread: true });
      }
      expect(await decide(kit.tokens.unknown)).toMatchObject({ outcome: 'stop', rawStatus: 'NOT_FOUND' });
      for (const { token, expect: expected } of kit.tokens.others) {
        const decision = await decide(token);
        const [, outcome, status] = /^(STOP|SEE STAFF) (\S+)/.exec(expected) ?? [];
        expect(decision.rawStatus).toBe(status);
        expect(decision.outcome).toBe(outcome === 'STOP' ? 'stop' : 'see-staff');
      }
      expect(kit.extraTokens).toHaveLength(10_000);
      expect(new Set(kit.extraTokens).size).toBe(10_000);
      for (const token of [kit.extraTokens[0], kit.extraTokens[9_999]]) {
        expect((await decide(token ?? '')).outcome).toBe('admit');
      }
    } finally {
      await kit.sandbox.close();
    }
  });
});
