import { test, expect } from '@playwright/test';
import { PatronScreen } from '../pages/PatronScreen.js';
import { AdminScreen, TEST_PIN } from '../pages/AdminScreen.js';
import { expectNoSeriousA11yViolations } from '../support/axe.js';
import { holdCorner, launchNotConfigured, shot } from '../support/console-support.js';
import { launchKiosk } from '../support/kiosk-process.js';

test('wrong PINs lock the keypad with a growing delay, and the lock survives a restart', async ({
  page,
}, info) => {
  test.setTimeout(60_000);
  const first = await launchNotConfigured({ keepDataDir: true });
  let second;
  try {
    const admin = new AdminScreen(page);
    await admin.open(first.launchUrl);
    await admin.logOut();

    await holdCorner(page);
    expect(await admin.keypadState()).toBe('login');
    await admin.enterPin('1111');
    await expect(admin.pinMessage()).toContainText('1');
    await admin.enterPin('2222');
    await admin.enterPin('3333');
    await expect(admin.pinMessage()).toContainText(/Locked/);
    await expect(page.getByTestId('key-ok')).toBeDisabled();
    await expect(page.getByTestId('key-1')).toBeDisabled();
    await shot(page, info, 'locked');

    await first.stop();
    second = await launchKiosk(undefined, { dataDir: first.dataDir, env: { GATEPOST_DEMO: 'off' } });
    await page.goto(`${second.launchUrl}&view=admin`);
    expect(await admin.keypadState()).toBe('login');
    await expect(admin.pinMessage()).toContainText(/Locked/);
    await expect(page.getByTestId('key-1')).toBeDisabled();
    // The core refuses even the right PIN while locked, whatever the screen shows.
    const refused = await second.call('admin.login', { pin: TEST_PIN });
    expect(refused).toMatchObject({
      ok: true,
      value: { granted: false, reason: 'locked', failedAttempts: 3 },
    });
  } finally {
    await first.stop();
    await second?.stop();
    first.remove();
  }
});

test('the admin API refuses a patron-screen call: no session, or a made-up one', async ({ page }) => {
  const kiosk = await launchNotConfigured();
  try {
    // The patron screen's socket (the launch token) but no admin session.
    expect(await kiosk.call('admin.status', {})).toEqual({
      ok: false,
      error: 'invalid arguments for admin.status',
    });
    for (const [channel, args] of [
      ['admin.status', {}],
      ['admin.settings.get', {}],
      ['admin.settings.save', { config: { provider: { kind: 'entry-v1' } } }],
      ['admin.devices.test', { action: 'pulse-entry' }],
      ['admin.export.config', {}],
      ['admin.restart', {}],
    ] as const) {
      const result = await kiosk.call(channel, { ...args, session: 'patron-screen-guess-0000' });
      expect(result, channel).toEqual({ ok: false, error: 'admin session required (log in with the PIN)' });
    }
    // A technician logged in elsewhere does not open the API to the patron screen.
    const admin = new AdminScreen(page);
    await admin.open(kiosk.launchUrl);
    expect(await kiosk.call('admin.settings.get', { session: 'patron-screen-guess-0000' })).toMatchObject({
      ok: false,
    });
    // Only the keypad's channels are open, and they give nothing away.
    expect(await kiosk.call('admin.pin.state', {})).toMatchObject({ ok: true, value: { pinSet: true } });
    expect(await kiosk.call('admin.pin.set', { pin: '9999' })).toMatchObject({ ok: false });
  } finally {
    await kiosk.stop();
    kiosk.remove();
  }
});

test('an admin badge scanned at the patron screen opens the keypad and is never journaled', async ({
  browser,
}, info) => {
  test.setTimeout(60_000);
  const kiosk = await launchKiosk(undefined, {});
  const context = await browser.newContext({ viewport: { width: 720, height: 1280 } });
  try {
    const page = await context.newPage();
    const admin = new AdminScreen(page);
    await admin.open(kiosk.launchUrl);
    await admin.tab('access');
    await expectNoSeriousA11yViolations(page, info, 'access');
    await page.getByTestId('badge-label').fill('Night tech');
    await page.getByTestId('add-badge').click();
    await expect(page.getByTestId('access-message')).toContainText(/Waiting/);
    await kiosk.submitScan('BADGE-7731-XY');
    await expect(page.getByTestId('access-message')).toContainText('badge "Night tech" added');
    await expect(page.getByTestId('badges')).toContainText('Night tech');
    await admin.logOut();

    const patron = new PatronScreen(page);
    await patron.waitReady();
    await kiosk.submitScan('BADGE-7731-XY');
    expect(await admin.keypadState()).toBe('login');
    await shot(page, info, 'badge-keypad');
    expect(kiosk.journal().map((r) => r.token)).not.toContain('BADGE-7731-XY');
  } finally {
    await context.close();
    await kiosk.stop();
    kiosk.remove();
  }
});
