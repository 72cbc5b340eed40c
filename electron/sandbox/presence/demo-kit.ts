import type { DemoKit } from '../demo-kit.js';
import { PRESENCE_DEMO_GATES, PRESENCE_DEMO_TOKENS, presenceDemoFixture } from './fixtures.js';
import { startPresenceSandbox } from './server.js';

const DEMO_API_KEY = 'sandbox-presence-key';

/** Presence sandbox with the demo venue, and an entry-lane kiosk's settings pointing at it. */
export const presenceDemoKit: DemoKit = {
  kind: 'presence',
  async start(opts = {}) {
    const extra = opts.extraTickets ?? 0;
    const fixture = presenceDemoFixture(Date.now(), extra);
    const sandbox = await startPresenceSandbox({
      apiKey: DEMO_API_KEY,
      fixture,
      ...(opts.port !== undefined && { port: opts.port }),
    });
    const T = PRESENCE_DEMO_TOKENS;
    return {
      sandbox,
      settings: {
        baseUrl: `${sandbox.url}/presence/v1`,
        apiKey: DEMO_API_KEY,
        venueId: fixture.venueId,
        deviceName: 'Gatepost Demo Kiosk',
        mac: '02:00:5E:00:53:01',
        ip: '127.0.0.1',
        gateName: PRESENCE_DEMO_GATES.entrance.gateName,
        serial: 'GP-DEMO-0001',
        model: 'Gatepost kiosk',
        gateMode: 'entry',
      },
      tokens: {
        valid: [...T.valid],
        unknown: T.unknown,
        others: [
          { token: T.invalid, expect: 'STOP INVALID_TICKET (cancelled ticket)' },
          { token: T.pastEvent, expect: "STOP NOT_FOUND (yesterday's event, scanning closed)" },
          { token: T.futureEvent, expect: "STOP NOT_FOUND (tomorrow's event, scanning not open)" },
          { token: T.sectionRestricted, expect: 'STOP SECTION_RESTRICTION (not valid at this gate)' },
          { token: T.marked, expect: 'SEE STAFF MARK_RESTRICTION (marked ticket)' },
        ],
      },
      // Generated tickets are appended after the fixed demo ones.
      extraTokens: fixture.tickets.slice(fixture.tickets.length - extra).map((t) => t.token),
    };
  },
};
