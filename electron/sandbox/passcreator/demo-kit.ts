import type { DemoKit } from '../demo-kit.js';
import { DEMO_TOKENS, generatedToken, SEED_VOID_CONFIGURATION_ID } from './fixtures.js';
import { startPasscreatorSandbox } from './server.js';

export const PASSCREATOR_DEMO_API_KEY = 'sandbox-api-key';

/**
 * Passcreator demo kit: the sandbox with the demo passes, and settings for the seed's void-mode App
 * Configuration ("Room 1", scanMode 0), so each valid pass admits once and STOPs "already used" after.
 */
export const passcreatorDemoKit: DemoKit = {
  kind: 'passcreator',
  async start(opts = {}) {
    const extra = opts.extraTickets ?? 0;
    const sandbox = await startPasscreatorSandbox({
      apiKey: PASSCREATOR_DEMO_API_KEY,
      extraPasses: extra,
      ...(opts.port !== undefined && { port: opts.port }),
    });
    const extraTokens = new Array<string>(extra);
    for (let i = 0; i < extra; i++) extraTokens[i] = generatedToken(i);
    return {
      sandbox,
      settings: {
        baseUrl: sandbox.url,
        apiKey: PASSCREATOR_DEMO_API_KEY,
        appConfigurationId: SEED_VOID_CONFIGURATION_ID,
        deviceName: 'Gatepost demo kiosk',
        passLookup: 'checkbyid',
        timeZone: 'UTC',
      },
      tokens: {
        valid: [...DEMO_TOKENS.valid],
        unknown: DEMO_TOKENS.unknown,
        others: [
          { token: DEMO_TOKENS.voided, expect: 'stop: ALREADY_USED (pass already voided)' },
          { token: DEMO_TOKENS.userProvidedId, expect: 'admit once: pass 3 by its own ID (same pass)' },
          { token: DEMO_TOKENS.vip, expect: 'admit once: a VIP Lounge pass (valid here too)' },
        ],
      },
      extraTokens,
    };
  },
};
