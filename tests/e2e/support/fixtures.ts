import { test as base } from '@playwright/test';
import {
  startEntryV1Sandbox,
  demoFixture,
  type EntryV1Sandbox,
} from '../../../electron/sandbox/entry-v1/index.js';
import { launchKiosk, type KioskProcess } from './kiosk-process.js';
import { PatronScreen } from '../pages/PatronScreen.js';

export const E2E_API_KEY = 'e2e-api-key-7f3a9c';
export const E2E_BUDGET_MS = 1500;

/** A kiosk config pointing at a sandbox the test controls. Each test gets its own data dir and config. */
export function kioskConfig(sandboxUrl: string, overrides: Record<string, unknown> = {}) {
  return {
    deviceName: 'E2E kiosk',
    decisionBudgetMs: E2E_BUDGET_MS,
    rereadWindowMs: 0,
    resultHoldMs: 20_000,
    sounds: true,
    // Playwright's keystrokes are slower and more irregular than a scanner's on a loaded 2-core machine.
    wedge: { maxGapMs: 250 },
    // These suites check the online path and the fallback at the budget; offline decisions (local data)
    // have their own suite, so here a fault means "see staff".
    offline: { policy: 'stop-all' },
    provider: {
      kind: 'entry-v1',
      baseUrl: sandboxUrl,
      apiKey: E2E_API_KEY,
      dataAccountId: '390',
      venueCode: 'TS',
      serialNumber: 'E2E-0001',
      make: 'Gatepost',
      model: 'Pedestal',
    },
    ...overrides,
  };
}

interface Fixtures {
  sandbox: EntryV1Sandbox;
  kioskOverrides: Record<string, unknown>;
  kiosk: KioskProcess;
  patron: PatronScreen;
}

export const test = base.extend<Fixtures>({
  // eslint-disable-next-line no-empty-pattern
  sandbox: async ({}, use) => {
    const sandbox = await startEntryV1Sandbox({ apiKey: E2E_API_KEY, ...demoFixture() });
    await use(sandbox);
    await sandbox.close();
  },
  kioskOverrides: [{}, { option: true }],
  kiosk: async ({ sandbox, kioskOverrides }, use) => {
    const kiosk = await launchKiosk(kioskConfig(sandbox.url, kioskOverrides));
    await use(kiosk);
    await kiosk.stop();
  },
  patron: async ({ page, kiosk }, use) => {
    await page.goto(kiosk.launchUrl);
    const patron = new PatronScreen(page);
    await patron.waitReady();
    await use(patron);
  },
});

export { expect } from '@playwright/test';
