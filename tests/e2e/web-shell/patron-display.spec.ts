import { test, expect, kioskConfig } from '../support/fixtures.js';
import { launchKiosk } from '../support/kiosk-process.js';
import { PatronScreen } from '../pages/PatronScreen.js';
import { VENUE_ARTWORK_SVG } from '../support/venue-artwork.js';

/** `display.orientation` and `display.artwork` as a venue would set them, on the built app. */

test.describe('orientation fixed by the config', () => {
  test.use({ kioskOverrides: { display: { orientation: 'landscape' } } });

  test('display.orientation "landscape" keeps the landscape layout in a tall window', async ({ patron }) => {
    await patron.page.setViewportSize({ width: 1080, height: 1920 });
    await patron.expectOrientation('landscape');
    await patron.page.setViewportSize({ width: 1920, height: 1080 });
    await patron.expectOrientation('landscape');
  });
});

test.describe('orientation following the window', () => {
  test('display.orientation "auto" (the default) follows the window as it is resized', async ({ patron }) => {
    await patron.page.setViewportSize({ width: 1080, height: 1920 });
    await patron.expectOrientation('portrait');
    await patron.page.setViewportSize({ width: 1920, height: 1080 });
    await patron.expectOrientation('landscape');
  });
});

test('venue artwork is served from the data dir at the fixed path, same-origin under the strict CSP', async ({
  page,
  sandbox,
}) => {
  const kiosk = await launchKiosk(kioskConfig(sandbox.url, { display: { artwork: 'venue.svg' } }), {
    files: { 'venue.svg': VENUE_ARTWORK_SVG },
  });
  try {
    const blocked: string[] = [];
    page.on('console', (m) => {
      if (/^Refused to /.test(m.text())) blocked.push(m.text());
    });
    await page.goto(kiosk.launchUrl);
    await new PatronScreen(page).waitReady();
    const img = page.getByTestId('artwork');
    await expect.poll(() => img.evaluate((el: HTMLImageElement) => el.naturalWidth)).toBeGreaterThan(0);
    const src = await img.evaluate((el: HTMLImageElement) => new URL(el.src));
    expect(src.origin).toBe(kiosk.origin);
    expect(src.pathname).toBe('/venue-artwork');
    const response = await page.request.get(`${kiosk.origin}/venue-artwork`);
    expect(response.status()).toBe(200);
    expect(response.headers()['content-type']).toBe('image/svg+xml');
    expect(response.headers()['content-security-policy']).toContain("script-src 'self'");
    expect(blocked).toEqual([]);
  } finally {
    await kiosk.stop();
  }
});

test('artwork configured but missing: the idle screen goes on without it', async ({ page, sandbox }) => {
  const kiosk = await launchKiosk(kioskConfig(sandbox.url, { display: { artwork: 'missing.png' } }));
  try {
    await page.goto(kiosk.launchUrl);
    const patron = new PatronScreen(page);
    await patron.waitReady();
    await expect(page.getByTestId('artwork')).toHaveCount(0);
    await expect(patron.headline).toHaveText('Scan your ticket');
    const response = await page.request.get(`${kiosk.origin}/venue-artwork`);
    expect(response.status()).toBe(404);
  } finally {
    await kiosk.stop();
  }
});
