import { randomBytes } from 'node:crypto';
import { startEntryV1Sandbox, demoFixture, DEMO_TOKENS } from '../sandbox/entry-v1/index.js';
import type { KioskConfigInput } from './config/kiosk-config.js';

export interface Demo {
  config: KioskConfigInput;
  sandboxUrl: string;
  describe(): string;
  close(): Promise<void>;
}

/**
 * Demo mode: with nothing configured, the kiosk runs against the built-in Entry V1 sandbox on loopback,
 * with demo tickets, so a tech (or a reviewer) can try it with a keyboard.
 */
export async function startDemo(): Promise<Demo> {
  const apiKey = randomBytes(16).toString('hex');
  const sandbox = await startEntryV1Sandbox({ apiKey, ...demoFixture() });
  const config: KioskConfigInput = {
    deviceName: 'Gatepost demo',
    wedge: { manualEntry: true },
    provider: {
      kind: 'entry-v1',
      baseUrl: sandbox.url,
      apiKey,
      dataAccountId: '390',
      venueCode: 'TS',
      serialNumber: 'DEMO-0001',
      make: 'Gatepost',
      model: 'Demo pedestal',
    },
  };
  return {
    config,
    sandboxUrl: sandbox.url,
    describe: () =>
      [
        '',
        'DEMO MODE — no config.json in the data dir; using the built-in Entry V1 sandbox at ' + sandbox.url,
        'Type a barcode and press Enter (or use a keyboard-wedge scanner):',
        ...DEMO_TOKENS.valid.map(
          (t) => `  ${t}  → ADMIT with seat info; scan it again → STOP "already entered"`,
        ),
        `  ${DEMO_TOKENS.voided}  → STOP (voided ticket)`,
        `  ${DEMO_TOKENS.outsideWindow}  → STOP (event scan window closed)`,
        `  ${DEMO_TOKENS.unknown}  → STOP (ticket not found)`,
        '',
      ].join('\n'),
    close: () => sandbox.close(),
  };
}
