import type { DemoKit } from '../demo-kit.js';
import { DEMO_PASS_IDS, DEMO_TEMPLATE_ID, demoPasses, generatePasses } from './fixtures.js';
import { startWalletThatSandbox } from './server.js';

const DEMO_API_KEY = 'walletthat-demo-key';

/**
 * WalletThat demo kit. Demo barcodes are the pass-ids. A valid pass STOPs on its second scan only once
 * `afterAdmit` (UpdatePassData "redeemed") has run after the first.
 */
export const walletthatDemoKit: DemoKit = {
  kind: 'walletthat',
  async start(opts = {}) {
    const now = Date.now();
    const extra = generatePasses(opts.extraTickets ?? 0, now);
    const sandbox = await startWalletThatSandbox({
      ...(opts.port !== undefined && { port: opts.port }),
      apiKey: DEMO_API_KEY,
      passes: [...demoPasses(now), ...extra],
    });
    return {
      sandbox,
      settings: { endpointUrl: sandbox.endpointUrl, apiKey: DEMO_API_KEY, passTemplateId: DEMO_TEMPLATE_ID },
      tokens: {
        valid: [...DEMO_PASS_IDS.valid],
        unknown: DEMO_PASS_IDS.unknown,
        others: [
          { token: DEMO_PASS_IDS.redeemed, expect: 'stop: already used (pass-status redeemed)' },
          { token: DEMO_PASS_IDS.voided, expect: 'stop: voided (pass-status voided)' },
          { token: DEMO_PASS_IDS.expired, expect: 'stop: expired (expiration-timestamp passed)' },
        ],
      },
      extraTokens: extra.map((p) => p.passId),
    };
  },
};
