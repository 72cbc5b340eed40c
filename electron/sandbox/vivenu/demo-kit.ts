import type { DemoKit } from '../demo-kit.js';
import { DEMO_EVENT_ID, DEMO_TOKENS, generateTickets } from './fixtures.js';
import { startVivenuSandbox } from './server.js';

const ACCESS_TOKEN = 'demo-access-token';
const API_KEY = 'key_demo';

/**
 * vivenu demo: the sandbox with the demo fixture; both base URLs point at it (it serves the access-user API
 * and Portier under one `/api`), and Create-a-Scan goes to `/scans/` (see SANDBOX_PATHS).
 */
export const vivenuDemoKit: DemoKit = {
  kind: 'vivenu',
  async start(opts = {}) {
    const extra = opts.extraTickets ?? 0;
    const sandbox = await startVivenuSandbox({
      ...(opts.port !== undefined && { port: opts.port }),
      accessToken: ACCESS_TOKEN,
      apiKey: API_KEY,
      extraTickets: extra,
    });
    return {
      sandbox,
      settings: {
        apiBaseUrl: `${sandbox.url}/api`,
        portierBaseUrl: `${sandbox.url}/api`,
        accessToken: ACCESS_TOKEN,
        apiKey: API_KEY,
        eventIds: [DEMO_EVENT_ID],
      },
      tokens: {
        valid: [...DEMO_TOKENS.valid],
        unknown: DEMO_TOKENS.unknown,
        others: [
          { token: DEMO_TOKENS.alreadyCheckedIn, expect: 'STOP: already checked in (another gate)' },
          { token: DEMO_TOKENS.invalid, expect: 'STOP: ticket invalid' },
          { token: DEMO_TOKENS.detailsRequired, expect: 'SEE STAFF: ticket details required' },
        ],
      },
      extraTokens: generateTickets(extra).map((t) => t.barcode),
    };
  },
};
