import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from '../support/fixtures.js';
import { kioskConfig } from '../support/fixtures.js';
import { launchKiosk } from '../support/kiosk-process.js';
import { PatronScreen } from '../pages/PatronScreen.js';
import { AdminScreen } from '../pages/AdminScreen.js';
import { removeOnExit } from '../../support/reaper.js';

/**
 * Issue 7: what a kiosk that cannot start shows. The web shell still comes up and serves the renderer;
 * the patron sees "out of service" with a short code staff can look up (the log has the same code and
 * text), and the kiosk starts by itself once the fault is fixed.
 */
test('a bad config file: out of service with CONFIG-INVALID, then running once the file is fixed', async ({
  page,
  sandbox,
}, info) => {
  const dataDir = mkdtempSync(join(tmpdir(), 'gatepost-e2e-fault-'));
  const cleanup = removeOnExit(dataDir);
  const kiosk = await launchKiosk(kioskConfig(sandbox.url, { decisionBudgetMs: 'soon' }), { dataDir });
  try {
    const patron = new PatronScreen(page);
    await page.goto(kiosk.launchUrl);
    await patron.expectScreen('out-of-service');
    await expect(page.getByTestId('code')).toContainText('CONFIG-INVALID');
    await expect(page.getByTestId('reason')).toContainText('decisionBudgetMs');
    // Nothing is checked while out of service: no "checked on this device" banner.
    await expect(page.getByTestId('offline-banner')).toBeHidden();
    await info.attach('config-invalid', { body: await page.screenshot(), contentType: 'image/png' });

    writeFileSync(join(dataDir, 'config.json'), JSON.stringify(kioskConfig(sandbox.url)));
    // Start-up is retried every 5 s; the open screen learns of the running kiosk by itself.
    await patron.expectScreen('idle', 15_000);
    await patron.scan('39000000000001');
    await patron.expectScreen('admit');
  } finally {
    await kiosk.stop();
    rmSync(dataDir, { recursive: true, force: true });
    cleanup.forget();
  }
});

test('a damaged journal is set aside: the kiosk runs on a fresh one and tells staff JOURNAL-DAMAGED', async ({
  page,
  sandbox,
}, info) => {
  const dataDir = mkdtempSync(join(tmpdir(), 'gatepost-e2e-fault-'));
  const cleanup = removeOnExit(dataDir);
  writeFileSync(join(dataDir, 'journal.sqlite3'), 'this is not an SQLite file, it is what a bad disk left');
  const kiosk = await launchKiosk(kioskConfig(sandbox.url), { dataDir });
  try {
    const patron = new PatronScreen(page);
    await page.goto(kiosk.launchUrl);
    await patron.waitReady();
    await patron.scan('39000000000002');
    await patron.expectScreen('admit');

    const admin = new AdminScreen(await page.context().newPage());
    await admin.open(kiosk.launchUrl, { watch: true });
    const fault = admin.page.getByTestId('kiosk-faults').locator('[data-code="JOURNAL-DAMAGED"]');
    await expect(fault).toContainText('set aside as journal.damaged-');
    await info.attach('journal-damaged', { body: await admin.page.screenshot(), contentType: 'image/png' });
  } finally {
    await kiosk.stop();
    rmSync(dataDir, { recursive: true, force: true });
    cleanup.forget();
  }
});
