import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Page, TestInfo } from '@playwright/test';

const DOC_IMAGES = fileURLToPath(new URL('../../../docs/images/', import.meta.url));

/**
 * Attaches a screenshot to the test (kept as an artifact in the report), and, when the run was started
 * with `GATEPOST_DOC_SCREENSHOTS=1`, also writes it to `docs/images/<docName>.png` for the README. A
 * plain test run never touches the working tree.
 */
export async function keepScreenshot(
  page: Page,
  info: TestInfo,
  name: string,
  docName?: string,
): Promise<void> {
  const body = await page.screenshot();
  await info.attach(name, { body, contentType: 'image/png' });
  if (docName && process.env.GATEPOST_DOC_SCREENSHOTS === '1') {
    mkdirSync(DOC_IMAGES, { recursive: true });
    writeFileSync(join(DOC_IMAGES, `${docName}.png`), body);
  }
}
