import { randomBytes } from 'node:crypto';
import type { DemoKit } from '../demo-kit.js';
import { DEMO_TOKENS, demoFixture } from './fixtures.js';
import { startEntryV1Sandbox } from './server.js';

/**
 * Entry V1 demo kit: the sandbox with the demo fixture (plus `extraTickets` generated valid tickets), a
 * fresh random API key, and settings for venue `TS`, data account `390` pointing at it.
 */
export const entryV1DemoKit: DemoKit = {
  kind: 'entry-v1',
  async start(opts = {}) {
    const extraTickets = opts.extraTickets ?? 0;
    const apiKey = randomBytes(16).toString('hex');
    const fixture = demoFixture(Date.now(), extraTickets);
    const sandbox = await startEntryV1Sandbox({
      apiKey,
      venueCode: 'TS',
      dataAccountId: '390',
      ...fixture,
      ...(opts.port !== undefined && { port: opts.port }),
    });
    // demoFixture puts the generated tickets last.
    const extraTokens = fixture.tickets.slice(fixture.tickets.length - extraTickets).map((t) => t.token);
    return {
      sandbox,
      settings: {
        baseUrl: sandbox.url,
        apiKey,
        dataAccountId: '390',
        venueCode: 'TS',
        serialNumber: 'DEMO-0001',
        make: 'Gatepost',
        model: 'Demo pedestal',
      },
      tokens: {
        valid: [...DEMO_TOKENS.valid],
        unknown: DEMO_TOKENS.unknown,
        others: [
          { token: DEMO_TOKENS.voided, expect: 'STOP: ticket voided (VOIDED)' },
          {
            token: DEMO_TOKENS.outsideWindow,
            expect: 'STOP: event scan window closed (OUTSIDE_SCAN_WINDOW)',
          },
        ],
      },
      extraTokens,
    };
  },
};
