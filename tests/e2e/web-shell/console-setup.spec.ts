import { test, expect } from '@playwright/test';
import { demoKits, DEMO_KINDS } from '../../../electron/sandbox/demo-kits.js';
import { PatronScreen } from '../pages/PatronScreen.js';
import { AdminScreen } from '../pages/AdminScreen.js';
import { expectNoSeriousA11yViolations } from '../support/axe.js';
import { holdCorner, launchNotConfigured, providerFormValues, shot } from '../support/console-support.js';

/**
 * The "done when": a fresh kiosk goes from "not configured" to scanning against each provider's
 * sandbox with the screen alone — the hidden corner, the PIN keypad, the settings form, "Test
 * connection", save, restart — and the next scan admits.
 */
for (const kind of DEMO_KINDS) {
  test(`first start → set PIN → configure ${kind} → a scan admits`, async ({ page }, info) => {
    test.setTimeout(60_000);
    const kit = await demoKits[kind]!.start();
    const kiosk = await launchNotConfigured();
    try {
      await page.goto(kiosk.launchUrl);
      const patron = new PatronScreen(page);
      await patron.expectScreen('out-of-service', 15_000);
      await expect(page.getByTestId('code')).toContainText('NOT-CONFIGURED');
      if (kind === 'entry-v1') await shot(page, info, 'not-configured');

      await holdCorner(page);
      const admin = new AdminScreen(page);
      expect(await admin.keypadState()).toBe('set-pin');
      if (kind === 'entry-v1') {
        await shot(page, info, 'set-pin');
        await expectNoSeriousA11yViolations(page, info, 'keypad');
      }
      await admin.logIn();
      await admin.tab('settings');
      await admin.field('provider.kind').selectOption(kind);
      await admin.fill(providerFormValues(kit.settings));
      const tested = await admin.testConnection();
      expect(tested, tested.message).toMatchObject({ ok: true });
      if (kind === 'entry-v1') {
        await admin.field('provider.kind').scrollIntoViewIfNeeded();
        await shot(page, info, 'settings');
        await expectNoSeriousA11yViolations(page, info, 'settings');
      }
      expect(await admin.save()).toBe('restart');
      await admin.restart();
      await admin.logOut();

      await patron.waitReady(20_000);
      await kiosk.submitScan(kit.tokens.valid[0]!);
      await patron.expectScreen('admit');
      await shot(page, info, `admit-${kind}`);
    } finally {
      await kiosk.stop();
      kiosk.remove();
      await kit.sandbox.close();
    }
  });
}
