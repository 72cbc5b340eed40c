import type { Page, TestInfo } from '@playwright/test';
import { launchKiosk, type KioskProcess, type LaunchOptions } from './kiosk-process.js';
import { keepScreenshot } from './screenshots.js';

/** A kiosk started the way the packaged one starts: no config.json and no demo ("not configured"). */
export function launchNotConfigured(options: LaunchOptions = {}): Promise<KioskProcess> {
  return launchKiosk(undefined, { ...options, env: { GATEPOST_DEMO: 'off', ...options.env } });
}

/**
 * A screenshot kept as the test's artifact; with `GATEPOST_DOC_SCREENSHOTS=1` also written to
 * `docs/images/console-<name>.png` for the README's technician guide.
 */
export function shot(page: Page, info: TestInfo, name: string): Promise<void> {
  return keepScreenshot(page, info, name, `console-${name}`);
}

/** The hidden gesture: a 3-second press on the patron screen's top-left corner. */
export async function holdCorner(page: Page): Promise<void> {
  await page.mouse.move(20, 20);
  await page.mouse.down();
  try {
    await page.locator('[data-screen="admin"]').waitFor({ timeout: 8000 });
  } finally {
    await page.mouse.up();
  }
}

/** A provider kit's settings as the console's form fields (`provider.<key>` → value). */
export function providerFormValues(settings: Record<string, unknown>): Record<string, string | string[]> {
  return Object.fromEntries(
    Object.entries(settings).map(([key, value]) => [
      `provider.${key}`,
      Array.isArray(value) ? value.map(String) : String(value),
    ]),
  );
}
