import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { test as base, expect } from '@playwright/test';
import {
  startEntryV1Sandbox,
  demoFixture,
  type EntryV1Sandbox,
} from '../../../electron/sandbox/entry-v1/index.js';
import { DEMO_NFC_KEYS } from '../../../electron/sandbox/entry-v1/fixtures.js';
import { PatronScreen } from '../pages/PatronScreen.js';
import { AdminScreen } from '../pages/AdminScreen.js';
import { expectNoSeriousA11yViolations } from '../support/axe.js';
import { shot } from '../support/console-support.js';
import { E2E_API_KEY, kioskConfig } from '../support/fixtures.js';
import { launchKiosk, type KioskProcess } from '../support/kiosk-process.js';

const VALID = ['39000000000001', '39000000000002', '39000000000003'] as const;

/**
 * A configured kiosk (its config.json written with the API key in clear, as an older kiosk had it) with a
 * simulated relay; the patron screen in one page, the console in another.
 */
const test = base.extend<{
  sandbox: EntryV1Sandbox;
  kiosk: KioskProcess;
  patron: PatronScreen;
  admin: AdminScreen;
}>({
  // eslint-disable-next-line no-empty-pattern
  sandbox: async ({}, use) => {
    const sandbox = await startEntryV1Sandbox({ apiKey: E2E_API_KEY, ...demoFixture() });
    await use(sandbox);
    await sandbox.close();
  },
  kiosk: async ({ sandbox }, use) => {
    // Kept past `stop`: the secrets test reads every file the stopped kiosk left.
    const kiosk = await launchKiosk(
      kioskConfig(sandbox.url, { devices: { gate: { kind: 'sim' } }, heartbeatIntervalMs: 0 }),
      { keepDataDir: true },
    );
    await use(kiosk);
    await kiosk.stop();
    kiosk.remove();
  },
  patron: async ({ page, kiosk }, use) => {
    await page.goto(kiosk.launchUrl);
    const patron = new PatronScreen(page);
    await patron.waitReady();
    await use(patron);
  },
  admin: async ({ context }, use) => {
    await use(new AdminScreen(await context.newPage()));
  },
});

test('a setting changed on the console is used by the next scan, without a restart', async ({
  sandbox,
  kiosk,
  patron,
  admin,
}, info) => {
  test.setTimeout(60_000);
  // Every answer takes 700 ms: inside the 1500 ms budget…
  sandbox.setFaults({ latencyMs: 700 });
  await kiosk.submitScan(VALID[0]);
  await patron.expectScreen('admit');

  await admin.open(kiosk.launchUrl);
  // While the technician is logged in the patron side is out of service and nobody is decided.
  await patron.expectScreen('out-of-service');
  await expect(patron.page.getByTestId('code')).toContainText('ADMIN-OPEN');
  await kiosk.submitScan(VALID[1]);
  await admin.tab('settings');
  await admin.fill({ decisionBudgetMs: '300' });
  expect(await admin.save()).toBe('live');
  await shot(admin.page, info, 'saved-live');
  await admin.logOut();

  // …and past the new 300 ms one: the next scan is decided at the budget (stop-all: see staff).
  await patron.waitReady();
  await kiosk.submitScan(VALID[2]);
  await expect.poll(() => kiosk.journal().length).toBe(3);
  const rows = kiosk.journal();
  await expect.poll(() => patron.scanId()).toBe(rows[2]!.scan_id);
  await patron.expectScreen('see-staff');
  expect(rows.map((r) => [r.token, r.outcome, r.mode, r.reason_code])).toEqual([
    [VALID[0], 'admit', 'online', expect.any(String)],
    [VALID[1], 'see-staff', 'local', 'ADMIN_OPEN'],
    [VALID[2], 'see-staff', 'timeout', expect.any(String)],
  ]);
});

test('devices: relay pulse and "read one scan" from the console; the test read is not a ticket', async ({
  kiosk,
  patron,
  admin,
}, info) => {
  // A few decisions first, so the diagnostics have something to show.
  for (const token of [VALID[0], '39999999999999', VALID[0]]) {
    await kiosk.submitScan(token);
    await expect.poll(() => kiosk.journal().filter((r) => r.shown_at !== null).length).toBeGreaterThan(0);
  }
  await expect.poll(() => kiosk.journal().length).toBe(3);
  await patron.expectScreen('stop');
  await admin.open(kiosk.launchUrl);
  await admin.tab('devices');
  await admin.page.getByTestId('device-test-pulse-entry').click();
  const result = admin.page.getByTestId('device-test-result');
  await expect(result).toHaveAttribute('data-ok', 'true');
  await expect(result).toContainText(/entry relay pulsed: channel 1, \d+ ms/);

  await admin.page.getByTestId('device-test-read-scan').click();
  await expect(result).toContainText(/Waiting/);
  await kiosk.submitScan('TESTREAD-4711');
  await expect(result).toContainText('read …4711 from wedge');
  await admin.page.getByTestId('device-test-read-tap').click();
  await expect(result).toHaveAttribute('data-ok', 'false');
  await expect(result).toContainText('no NFC reader is configured');
  await admin.page.getByTestId('discover').click();
  await expect(admin.page.getByTestId('configured-devices')).toContainText('gate (gate) → sim');
  await shot(admin.page, info, 'devices');
  await expectNoSeriousA11yViolations(admin.page, info, 'devices');
  expect(kiosk.journal().map((r) => r.token)).not.toContain('TESTREAD-4711');

  await admin.tab('diagnostics');
  await expect(admin.page.locator('[data-diagnostics-ready="true"]')).toBeVisible();
  await expect(admin.page.getByTestId('provider-reachable')).toHaveAttribute('data-reachable', 'true');
  await expect(admin.page.getByTestId('today-chart').locator('li').first()).toHaveAttribute(
    'data-count',
    '1',
  );
  await shot(admin.page, info, 'diagnostics');
  await expectNoSeriousA11yViolations(admin.page, info, 'diagnostics');
  await admin.tab('journal');
  await expectNoSeriousA11yViolations(admin.page, info, 'journal');
  await admin.tab('status');
  await expectNoSeriousA11yViolations(admin.page, info, 'status');
});

test('export and import round trip: no secrets in the export, the stored key kept on import', async ({
  kiosk,
  patron,
  admin,
}, info) => {
  test.setTimeout(60_000);
  await admin.open(kiosk.launchUrl);
  await admin.tab('data');
  await expectNoSeriousA11yViolations(admin.page, info, 'data');
  const [exported] = await Promise.all([
    admin.page.waitForEvent('download'),
    admin.page.getByTestId('export-config').click(),
  ]);
  expect(exported.suggestedFilename()).toMatch(/^gatepost-config-\d{8}-\d{4}\.json$/);
  const file = await exported.path();
  const text = readFileSync(file, 'utf8');
  expect(text).not.toContain(E2E_API_KEY);
  const json = JSON.parse(text) as { deviceName: string; provider: Record<string, unknown> };
  expect(json).toMatchObject({ deviceName: 'E2E kiosk', provider: { kind: 'entry-v1', venueCode: 'TS' } });
  expect(json.provider).not.toHaveProperty('apiKey');

  await admin.tab('settings');
  await admin.fill({ deviceName: 'Changed by hand' });
  expect(await admin.save()).toBe('live');

  await admin.tab('data');
  await admin.page.getByTestId('import-config').setInputFiles(file);
  await expect(admin.page.getByTestId('import-result')).toHaveAttribute('data-applied', 'live');
  await admin.tab('settings');
  await expect(admin.field('deviceName')).toHaveValue('E2E kiosk');
  // The key was not in the file: the stored one is still used.
  expect((await admin.testConnection()).ok).toBe(true);

  await admin.tab('data');
  const [journal] = await Promise.all([
    admin.page.waitForEvent('download'),
    admin.page.getByTestId('export-journal').click(),
  ]);
  const csv = readFileSync(await journal.path(), 'utf8');
  expect(csv.split('\r\n')[0]).toMatch(/^scan_id,received_at,source,input_type,token_hint,outcome/);
  await admin.logOut();
  await patron.waitReady();
  await kiosk.submitScan(VALID[0]);
  await patron.expectScreen('admit');
  await admin.open(kiosk.launchUrl);
  await admin.tab('data');
  const [again] = await Promise.all([
    admin.page.waitForEvent('download'),
    admin.page.getByTestId('export-journal').click(),
  ]);
  const rows = readFileSync(await again.path(), 'utf8')
    .trim()
    .split('\r\n');
  expect(rows).toHaveLength(2);
  expect(rows[1]).toContain('…0001');
  expect(rows[1]).not.toContain(VALID[0]);
  await admin.tab('access');
  await expect(admin.page.getByTestId('admin-actions')).toContainText('export-journal');
  await expect(admin.page.locator('[data-action="setting"]').first()).toContainText('deviceName');
});

/** Every file under `dir`, recursively. */
function files(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? files(join(dir, e.name)) : [join(dir, e.name)],
  );
}

test('no secret is stored in clear: every file in the data dir and the log, after configuring secrets', async ({
  kiosk,
  admin,
}) => {
  test.setTimeout(60_000);
  await admin.open(kiosk.launchUrl);
  // The reference sync brought the provider's NFC keys (Entry V1 Get Events).
  await admin.expectReferenceSynced();
  await admin.tab('settings');
  // A secret typed on the screen: the on-screen keyboard types into the focused field.
  await admin.field('provider.apiKey').click();
  await expect(admin.page.getByTestId('osk')).toBeVisible();
  await admin.field('provider.apiKey').fill(E2E_API_KEY);
  expect(await admin.save()).toBe('none');
  await admin.logOut();
  await kiosk.stop();

  const secrets = [E2E_API_KEY, DEMO_NFC_KEYS.apple[0]!.private_key, DEMO_NFC_KEYS.google[0]!.private_key];
  const all = files(kiosk.dataDir);
  expect(all.map((f) => f.slice(kiosk.dataDir.length + 1)).sort()).toEqual(
    expect.arrayContaining(['config.json', 'gatepost.log', 'journal.sqlite3', 'secret.key', 'secrets.json']),
  );
  for (const file of all) {
    const bytes = readFileSync(file);
    for (const secret of secrets)
      expect(bytes.includes(Buffer.from(secret)), `${secret} in ${file}`).toBe(false);
    expect(statSync(file).mode & 0o777, file).toBe(0o600);
  }
  expect(statSync(kiosk.dataDir).mode & 0o777).toBe(0o700);
  expect(JSON.parse(readFileSync(join(kiosk.dataDir, 'config.json'), 'utf8')).provider).not.toHaveProperty(
    'apiKey',
  );
});
