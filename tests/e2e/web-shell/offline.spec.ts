import { test as base, expect } from '@playwright/test';
import { entryV1DemoKit } from '../../../electron/sandbox/entry-v1/demo-kit.js';
import { launchKiosk, type KioskProcess } from '../support/kiosk-process.js';
import { PatronScreen } from '../pages/PatronScreen.js';
import { AdminScreen } from '../pages/AdminScreen.js';

type Started = Awaited<ReturnType<typeof entryV1DemoKit.start>>;

/** Every Entry V1 route answers 503: the API is down. */
const ALL_ROUTES_DOWN = {
  status: 503,
  faultPaths: ['session', 'sessionLite', 'events', 'venues', 'ping', 'scan', 'ticketLookup', 'offlineUpload'],
};

const test = base.extend<{ started: Started; kiosk: KioskProcess; patron: PatronScreen; admin: AdminScreen }>(
  {
    // eslint-disable-next-line no-empty-pattern
    started: async ({}, use) => {
      const started = await entryV1DemoKit.start();
      await use(started);
      await started.sandbox.close();
    },
    kiosk: async ({ started }, use) => {
      const kiosk = await launchKiosk({
        rereadWindowMs: 0,
        resultHoldMs: 20_000,
        heartbeatIntervalMs: 0,
        wedge: { maxGapMs: 250 },
        offline: { faultsInARow: 1, probeIntervalMs: 300, lateAnswerWindowMs: 0, uploadBackoffBaseMs: 50 },
        provider: { kind: 'entry-v1', ...started.settings },
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
    admin: async ({ context, kiosk }, use) => {
      const admin = new AdminScreen(await context.newPage());
      await admin.open(kiosk.launchUrl, { watch: true });
      await use(admin);
    },
  },
);

test('offline: marker shown, local ADMIT, and the pending count drains to 0 after reconnection', async ({
  patron,
  admin,
  started,
  kiosk,
}, info) => {
  await admin.expectReferenceSynced();
  await admin.expectMode('Online');

  started.sandbox.setFaults(ALL_ROUTES_DOWN);
  const [first, second] = started.tokens.valid;
  // The first scan finds the API down: decided locally at once, and the kiosk switches to offline.
  await patron.scan(first!);
  await patron.expectScreen('admit');
  await expect(patron.page.getByTestId('offline-banner')).toBeVisible();
  await info.attach('offline-admit', { body: await patron.page.screenshot(), contentType: 'image/png' });

  // Offline: the same ticket again is stopped by the local state, a new one admitted locally.
  await patron.scan(first!);
  await patron.expectScreen('stop');
  await patron.scan(second!);
  await patron.expectScreen('admit');

  await admin.expectMode('Offline');
  await expect.poll(() => admin.pendingUploads()).toBe(3);
  await info.attach('admin-offline', { body: await admin.page.screenshot(), contentType: 'image/png' });
  const rows = kiosk.journal();
  expect(rows.map((r) => [r.outcome, r.mode])).toEqual([
    ['admit', 'offline'],
    ['stop', 'offline'],
    ['admit', 'offline'],
  ]);
  expect(rows[1]).toMatchObject({ rule: 'state:already-inside' });

  // The API comes back: the probe switches to online and the queue drains to the sandbox.
  started.sandbox.resetFaults();
  await admin.expectMode('Online');
  await expect.poll(() => admin.pendingUploads(), { timeout: 15_000 }).toBe(0);
  await expect(patron.page.getByTestId('offline-banner')).toBeHidden();
  await info.attach('admin-drained', { body: await admin.page.screenshot(), contentType: 'image/png' });
  const sandbox = started.sandbox as unknown as { offlineScans(): { token: string }[] };
  expect(
    sandbox
      .offlineScans()
      .map((s) => s.token)
      .sort(),
  ).toEqual([first, first, second].sort());
});
