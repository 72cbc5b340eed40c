import { test as base, expect } from '@playwright/test';
import { demoKits } from '../../../electron/sandbox/demo-kits.js';
import type { DemoKit } from '../../../electron/sandbox/demo-kit.js';
import { launchKiosk, type KioskProcess } from '../support/kiosk-process.js';
import { PatronScreen } from '../pages/PatronScreen.js';
import { E2E_BUDGET_MS } from '../support/fixtures.js';

type Started = Awaited<ReturnType<DemoKit['start']>>;

/**
 * How long a provider's server treats the same ticket again as a repeat of the last scan rather than a new
 * entry attempt (Presence DUPLICATE: 2 s). The re-entry check waits it out; Presence's repeat is checked on
 * its own below.
 */
const SERVER_REPEAT_WINDOW_MS: Readonly<Record<string, number>> = { presence: 2_100 };

/** A test with this provider's sandbox (demo kit), a kiosk configured for it, and its patron screen. */
function kitTest(kind: string, kit: DemoKit) {
  return base.extend<{ started: Started; kiosk: KioskProcess; patron: PatronScreen }>({
    // eslint-disable-next-line no-empty-pattern
    started: async ({}, use) => {
      const started = await kit.start();
      await use(started);
      await started.sandbox.close();
    },
    kiosk: async ({ started }, use) => {
      const kiosk = await launchKiosk({
        decisionBudgetMs: E2E_BUDGET_MS,
        rereadWindowMs: 0,
        resultHoldMs: 20_000,
        wedge: { maxGapMs: 250 },
        offline: { policy: 'stop-all' },
        provider: { kind, ...started.settings },
      });
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
}

/** Each provider, chosen in config, drives the kiosk end to end against its own sandbox. */
for (const [kind, kit] of Object.entries(demoKits)) {
  const test = kitTest(kind, kit);

  test.describe(`provider ${kind}`, () => {
    test('admits a valid ticket, then stops it on re-entry', async ({ patron, started, kiosk }, info) => {
      const [token] = started.tokens.valid;
      await patron.scan(token!);
      await patron.expectScreen('admit');
      await info.attach(`${kind}-admit`, { body: await patron.page.screenshot(), contentType: 'image/png' });
      await patron.page.waitForTimeout(SERVER_REPEAT_WINDOW_MS[kind] ?? 0);
      await patron.scan(token!);
      await patron.expectScreen('stop');
      await expect.poll(() => kiosk.journal().length).toBe(2);
      const [admitted, refused] = kiosk.journal();
      expect(
        [admitted, refused].map((r) => [r!.token, r!.input_type, r!.outcome, r!.mode, r!.provider]),
      ).toEqual([
        [token, 'Barcode', 'admit', 'online', kind],
        [token, 'Barcode', 'stop', 'online', kind],
      ]);
      // The screen shows the refusal the journal holds, with the provider's reason.
      expect(await patron.scanId()).toBe(refused!.scan_id);
      expect(await patron.reason()).toBe(refused!.reason_text);
      expect(refused!.raw_status).toEqual(expect.any(String));
    });

    test('stops an unknown ticket with the provider reason', async ({ patron, started, kiosk }) => {
      await patron.scan(started.tokens.unknown);
      await patron.expectScreen('stop');
      await expect.poll(() => kiosk.journal().length).toBe(1);
      const [row] = kiosk.journal();
      expect(row).toMatchObject({
        token: started.tokens.unknown,
        input_type: 'Barcode',
        outcome: 'stop',
        mode: 'online',
        reason_code: expect.stringMatching(/NOT_FOUND/),
      });
      expect(await patron.reason()).toBe(row!.reason_text);
    });

    test('a hanging API gives "see staff" inside the budget; a malformed answer gives STOP; scanning goes on', async ({
      patron,
      started,
    }) => {
      started.sandbox.setFaults({ hang: true });
      const elapsed = patron.measureScanToScreen('see-staff', E2E_BUDGET_MS + 2000);
      await patron.scan(started.tokens.valid[0]!);
      expect(await elapsed).toBeLessThanOrEqual(E2E_BUDGET_MS + 250);

      started.sandbox.setFaults({ malformed: true });
      await patron.scan(started.tokens.valid[1]!);
      await patron.expectScreen('stop');

      started.sandbox.resetFaults();
      await patron.scan(started.tokens.valid[2]!);
      await patron.expectScreen('admit');
    });
  });
}

const presenceTest = kitTest('presence', demoKits.presence!);

presenceTest.describe('provider presence: a server repeat', () => {
  presenceTest(
    'DUPLICATE within 2 s is a re-read of the admit, never a denial',
    async ({ patron, started, kiosk }) => {
      const [token] = started.tokens.valid;
      await patron.scan(token!);
      await patron.expectScreen('admit');
      await patron.scan(token!);
      await expect.poll(() => kiosk.journal().length).toBe(2);
      const [first, repeat] = kiosk.journal();
      expect(repeat).toMatchObject({
        token,
        outcome: 'admit',
        raw_status: 'DUPLICATE',
        reread_of: first!.scan_id,
      });
      expect(await patron.screen()).toBe('admit');
      expect(await patron.scanId()).toBe(first!.scan_id);
    },
  );
});
