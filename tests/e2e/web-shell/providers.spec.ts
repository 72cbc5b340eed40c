import { test as base, expect } from '@playwright/test';
import { demoKits } from '../../../electron/sandbox/demo-kits.js';
import type { DemoKit } from '../../../electron/sandbox/demo-kit.js';
import { launchKiosk, type KioskProcess } from '../support/kiosk-process.js';
import { PatronScreen } from '../pages/PatronScreen.js';
import { E2E_BUDGET_MS } from '../support/fixtures.js';

type Started = Awaited<ReturnType<DemoKit['start']>>;

/** Each provider, chosen in config, drives the kiosk end to end against its own sandbox. */
for (const [kind, kit] of Object.entries(demoKits)) {
  const test = base.extend<{ started: Started; kiosk: KioskProcess; patron: PatronScreen }>({
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

  test.describe(`provider ${kind}`, () => {
    test('admits a valid ticket, then stops it on re-entry', async ({ patron, started, kiosk }, info) => {
      const [token] = started.tokens.valid;
      await patron.scan(token!);
      await patron.expectScreen('admit');
      await info.attach(`${kind}-admit`, { body: await patron.page.screenshot(), contentType: 'image/png' });
      await patron.scan(token!);
      if (kind === 'presence') {
        // Presence answers DUPLICATE for the same ticket within 2 s: a re-read of the first scan, which
        // keeps its ADMIT, never a denial. After the 2 s window the re-entry is refused.
        await expect.poll(() => kiosk.journal().length).toBe(2);
        expect(kiosk.journal()[1]).toMatchObject({
          raw_status: 'DUPLICATE',
          reread_of: kiosk.journal()[0]!.scan_id,
        });
        expect(await patron.screen()).toBe('admit');
        await patron.page.waitForTimeout(2100);
        await patron.scan(token!);
      }
      await patron.expectScreen('stop');
      expect((await patron.reason()).length).toBeGreaterThan(3);
      await expect
        .poll(() =>
          kiosk
            .journal()
            .filter((r) => !r.reread_of)
            .map((r) => r.outcome),
        )
        .toEqual(['admit', 'stop']);
      expect(kiosk.journal()[0]).toMatchObject({ provider: kind, mode: 'online' });
    });

    test('stops an unknown ticket with the provider reason', async ({ patron, started }) => {
      await patron.scan(started.tokens.unknown);
      await patron.expectScreen('stop');
      expect((await patron.reason()).length).toBeGreaterThan(3);
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
