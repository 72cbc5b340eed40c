import { describe, expect, it } from 'vitest';
import { PasscreatorProvider } from '../../electron/core/providers/passcreator/index.js';
import { passcreatorDemoKit } from '../../electron/sandbox/passcreator/demo-kit.js';
import { DEMO_TOKENS } from '../../electron/sandbox/passcreator/index.js';
import { contextWith, scanOf } from './support/provider-harness.js';

describe('Passcreator demo kit end to end', () => {
  it('each valid token admits once then STOPs; voided and unknown STOP; extra tokens admit', async () => {
    const kit = await passcreatorDemoKit.start({ extraTickets: 2 });
    try {
      const provider = new PasscreatorProvider(kit.settings as never);
      await provider.configure(AbortSignal.timeout(5_000));
      const outcome = async (token: string) =>
        (await provider.validate(scanOf(token), contextWith())).reasonCode;
      for (const token of kit.tokens.valid) {
        expect(await outcome(token)).toBe('VOIDED_NOW');
        expect(await outcome(token)).toBe('ALREADY_USED');
      }
      expect(await outcome(kit.tokens.unknown)).toBe('NOT_FOUND');
      expect(await outcome(DEMO_TOKENS.voided)).toBe('ALREADY_USED');
      expect(await outcome(DEMO_TOKENS.vip)).toBe('VOIDED_NOW');
      for (const token of kit.extraTokens) expect(await outcome(token)).toBe('VOIDED_NOW');
      // userProvidedId names pass 3, already used above.
      expect(await outcome(DEMO_TOKENS.userProvidedId)).toBe('ALREADY_USED');
    } finally {
      await kit.sandbox.close();
    }
  });
});
