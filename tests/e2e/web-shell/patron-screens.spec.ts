import type { Page, TestInfo } from '@playwright/test';
import { test, expect, kioskConfig } from '../support/fixtures.js';
import { launchKiosk } from '../support/kiosk-process.js';
import { startInProcessKiosk } from '../support/in-process-kiosk.js';
import { expectNoSeriousA11yViolations } from '../support/axe.js';
import { expectNoContextMenuOrSelection, expectReadableKioskScreen } from '../support/screen-audit.js';
import { keepScreenshot } from '../support/screenshots.js';
import { VENUE_ARTWORK_SVG } from '../support/venue-artwork.js';
import { PatronScreen, type PatronScreenName } from '../pages/PatronScreen.js';
import { DEMO_TOKENS } from '../../../electron/sandbox/entry-v1/index.js';
import { presenceDemoKit } from '../../../electron/sandbox/presence/demo-kit.js';
import { PcscdHarness, pcscdUnavailable } from '../../support/pcscd-harness.js';

/**
 * Every patron screen in both pedestal orientations, on the built app: the layout follows the window,
 * nothing is clipped or drawn over text, text is large and contrasted enough, there is no cursor,
 * scrollbar, selection or context menu, and axe finds no serious or critical violation. Screenshots of
 * each are kept with the test (and written to docs/images with GATEPOST_DOC_SCREENSHOTS=1).
 */
const ORIENTATIONS = {
  portrait: { width: 1080, height: 1920 },
  landscape: { width: 1920, height: 1080 },
} as const;

const [VALID, SECOND] = DEMO_TOKENS.valid;

/** The Entry V1 sandbox's routes, all answering 503: the ticketing API is down. */
const API_DOWN = {
  status: 503,
  faultPaths: ['session', 'sessionLite', 'events', 'venues', 'ping', 'scan', 'ticketLookup', 'offlineUpload'],
};

async function checkInBothOrientations(
  patron: PatronScreen,
  info: TestInfo,
  name: string,
  screen: PatronScreenName,
): Promise<void> {
  const page: Page = patron.page;
  for (const [orientation, size] of Object.entries(ORIENTATIONS) as [
    keyof typeof ORIENTATIONS,
    typeof ORIENTATIONS.portrait,
  ][]) {
    await page.setViewportSize(size);
    await patron.expectOrientation(orientation);
    await patron.expectScreen(screen);
    const label = `${name} (${orientation})`;
    await expectReadableKioskScreen(page, label);
    await expectNoContextMenuOrSelection(page, label);
    await expectNoSeriousA11yViolations(page, info, `${name}-${orientation}`);
    // docs/images keeps a representative set: the three main screens both ways, the others in portrait.
    const forDocs = orientation === 'portrait' || ['idle', 'admit', 'stop'].includes(name);
    await keepScreenshot(
      page,
      info,
      `${name}-${orientation}`,
      forDocs ? `patron-${name}-${orientation}` : undefined,
    );
  }
}

test.describe('patron screens in portrait and landscape', () => {
  test('idle with artwork and languages, ADMIT, STOP with the reason, see staff', async ({
    page,
    sandbox,
  }, info) => {
    const kiosk = await launchKiosk(
      kioskConfig(sandbox.url, {
        display: { languages: ['en', 'de', 'es', 'fr'], artwork: 'venue.svg', scannerAt: 'below' },
      }),
      { files: { 'venue.svg': VENUE_ARTWORK_SVG } },
    );
    try {
      await page.goto(kiosk.launchUrl);
      const patron = new PatronScreen(page);
      await patron.waitReady();

      // The artwork is served from the data dir at the fixed path and actually drawn.
      const artwork = page.getByTestId('artwork');
      await expect(artwork).toBeVisible();
      await expect
        .poll(() => artwork.evaluate((img: HTMLImageElement) => img.naturalWidth))
        .toBeGreaterThan(0);
      await expect(page.getByTestId('scan-cue')).toHaveAttribute('data-at', 'below');
      await expect(patron.languageButtons).toHaveCount(4);
      await checkInBothOrientations(patron, info, 'idle', 'idle');

      await patron.scan(VALID!);
      await patron.expectScreen('admit');
      await expect(page.getByTestId('seat')).toBeVisible();
      await checkInBothOrientations(patron, info, 'admit', 'admit');

      await patron.scan(VALID!);
      await patron.expectScreen('stop');
      await checkInBothOrientations(patron, info, 'stop', 'stop');

      sandbox.setFaults({ hang: true });
      await patron.scan(SECOND!);
      await patron.expectScreen('see-staff', 5000);
      await checkInBothOrientations(patron, info, 'see-staff', 'see-staff');
    } finally {
      await kiosk.stop();
    }
  });

  test('offline marker on the idle screen and on a result', async ({ page, sandbox }, info) => {
    const kiosk = await launchKiosk(
      kioskConfig(sandbox.url, {
        resultHoldMs: 1500,
        heartbeatIntervalMs: 0,
        offline: { policy: 'stop-all', faultsInARow: 1, probeIntervalMs: 60_000 },
      }),
    );
    try {
      await page.goto(kiosk.launchUrl);
      const patron = new PatronScreen(page);
      await patron.waitReady();
      sandbox.setFaults(API_DOWN);
      await patron.scan(VALID!);
      await patron.expectScreen('see-staff');
      await expect(page.getByTestId('offline-banner')).toBeVisible();
      await keepScreenshot(page, info, 'offline-see-staff');
      await patron.expectScreen('idle', 5000);
      await expect(page.getByTestId('offline-banner')).toBeVisible();
      await checkInBothOrientations(patron, info, 'offline', 'idle');
    } finally {
      await kiosk.stop();
    }
  });

  test('device notice for staff while the kiosk keeps scanning', async ({ page, sandbox }, info) => {
    const kiosk = await launchKiosk(
      kioskConfig(sandbox.url, {
        devices: {
          scanners: [
            {
              id: 'front',
              kind: 'serial',
              path: '/dev/gatepost-e2e-absent',
              protocol: 'line',
              baudRate: 9600,
            },
          ],
        },
      }),
    );
    try {
      await page.goto(kiosk.launchUrl);
      const patron = new PatronScreen(page);
      await patron.waitReady();
      await expect(page.getByTestId('device-notice')).toContainText('front', { timeout: 5000 });
      await checkInBothOrientations(patron, info, 'device-notice', 'idle');
    } finally {
      await kiosk.stop();
    }
  });

  test('demo mode badge stays readable', async ({ page }, info) => {
    const kiosk = await launchKiosk(undefined);
    try {
      await page.goto(kiosk.launchUrl);
      const patron = new PatronScreen(page);
      await patron.waitReady();
      await expect(page.getByTestId('demo-badge')).toBeVisible();
      await page.setViewportSize(ORIENTATIONS.portrait);
      await expectReadableKioskScreen(page, 'demo idle');
      await keepScreenshot(page, info, 'demo-idle');
    } finally {
      await kiosk.stop();
    }
  });
});

test('out of service: a provider that does not know this device, with the code staff read out', async ({
  page,
}, info) => {
  const started = await presenceDemoKit.start();
  try {
    const kiosk = await launchKiosk({
      resultHoldMs: 20_000,
      heartbeatIntervalMs: 0,
      provider: { kind: 'presence', ...started.settings, venueId: 'venue-unknown-to-presence' },
    });
    try {
      await page.goto(kiosk.launchUrl);
      const patron = new PatronScreen(page);
      await patron.expectScreen('out-of-service', 15_000);
      await expect(page.getByTestId('code')).toContainText('PROVIDER-REFUSED');
      await expect(page.getByTestId('cause')).toHaveText('This gate is not set up yet');
      await checkInBothOrientations(patron, info, 'out-of-service', 'out-of-service');
    } finally {
      await kiosk.stop();
    }
  } finally {
    await started.sandbox.close();
  }
});

test('free passage: the gate held open by the fire alarm input is announced on screen', async ({
  page,
  sandbox,
}, info) => {
  const kiosk = await startInProcessKiosk(
    kioskConfig(sandbox.url, { devices: { gate: { kind: 'sim', pulseMs: 200 } } }),
  );
  try {
    await page.goto(kiosk.launchUrl);
    const patron = new PatronScreen(page);
    await patron.waitReady();
    const gate = kiosk.core.devices.gateController;
    expect(gate, 'a simulated relay builds a gate controller').toBeDefined();
    await gate!.holdOpen('emergency input (fire alarm)');
    await expect(page.getByTestId('free-passage')).toBeVisible();
    await checkInBothOrientations(patron, info, 'free-passage', 'idle');
  } finally {
    await kiosk.close();
  }
});

test('idle with where to tap: shown once a real NFC reader (pcscd + vpcd) is attached', async ({
  page,
  sandbox,
}, info) => {
  const why = pcscdUnavailable();
  if (why) throw new Error(`this test needs pcscd and vpcd: ${why}`);
  const pcscd = await PcscdHarness.start();
  try {
    const kiosk = await launchKiosk(
      kioskConfig(sandbox.url, {
        display: { scannerAt: 'below', readerAt: 'right' },
        devices: { nfc: { enabled: true, readers: 'all' } },
      }),
    );
    try {
      await page.goto(kiosk.launchUrl);
      const patron = new PatronScreen(page);
      await patron.waitReady();
      const tap = page.getByTestId('tap-cue');
      await expect(tap).toBeVisible({ timeout: 15_000 });
      await expect(tap).toHaveAttribute('data-at', 'right');
      await expect(tap.getByRole('img')).toHaveAttribute('aria-label', 'right of the screen');
      await checkInBothOrientations(patron, info, 'idle-tap', 'idle');

      // The reader goes away (pcscd stops): the screen no longer asks patrons to tap.
      await pcscd.stop();
      await expect(tap).toBeHidden({ timeout: 15_000 });
    } finally {
      await kiosk.stop();
    }
  } finally {
    await pcscd.stop();
  }
});
