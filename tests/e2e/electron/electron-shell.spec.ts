import assert from 'node:assert/strict';
import { _electron as electron } from '@playwright/test';
import { test, expect } from '../support/fixtures.js';
import { findElectronBinary } from '../../../scripts/electron-binary.mjs';
import { kioskConfig } from '../support/fixtures.js';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { removeOnExit } from '../../support/reaper.js';

const binary = findElectronBinary();
const ROOT = fileURLToPath(new URL('../../..', import.meta.url));

test.describe('Electron shell', () => {
  test.skip(
    'missing' in binary,
    `Electron binary not available: ${'missing' in binary ? binary.missing : ''}`,
  );

  test('starts the built app with the same security settings and admits a valid ticket', async ({
    sandbox,
  }) => {
    // Skipped above when the binary is missing; this only tells TypeScript so.
    assert('path' in binary, 'the Electron binary is present');
    const dataDir = mkdtempSync(join(tmpdir(), 'gatepost-electron-'));
    const cleanup = removeOnExit(dataDir);
    writeFileSync(join(dataDir, 'config.json'), JSON.stringify(kioskConfig(sandbox.url)));
    const app = await electron.launch({
      executablePath: binary.path,
      args: [ROOT],
      env: { ...process.env, GATEPOST_DATA_DIR: dataDir, GATEPOST_WINDOWED: '1' },
    });
    try {
      const page = await app.firstWindow();
      await page.waitForSelector('html[data-gatepost-ready="true"]');
      expect(await page.evaluate(() => typeof (globalThis as Record<string, unknown>).require)).toBe(
        'undefined',
      );
      await page.keyboard.type('39000000000001');
      await page.keyboard.press('Enter');
      await page.waitForSelector('[data-screen="admit"]');
    } finally {
      await app.close();
      rmSync(dataDir, { recursive: true, force: true });
      cleanup.forget();
    }
  });
});
