import { generateKeyPairSync } from 'node:crypto';
import { test, expect } from '@playwright/test';
import { entryV1DemoKit } from '../../../electron/sandbox/entry-v1/demo-kit.js';
import { signProvisioningCode } from '../../../electron/core/provisioning/provisioning-code.js';
import { PatronScreen } from '../pages/PatronScreen.js';
import { launchNotConfigured, shot } from '../support/console-support.js';

const venueKey = generateKeyPairSync('ed25519');
const foreignKey = generateKeyPairSync('ed25519');
const PUBLIC_PEM = venueKey.publicKey.export({ type: 'spki', format: 'pem' }).toString();

/**
 * QR provisioning at the "not configured" screen: the kiosk trusts the public key it found at first
 * start (provisioning-key.pem in its data dir); a scanned code signed with it configures the kiosk in
 * one step. Codes arrive the way a scanner delivers them (the screen's scan channel).
 */
test('unsigned, tampered and foreign-key codes are refused with a reason; a valid code configures the kiosk', async ({
  page,
}, info) => {
  test.setTimeout(60_000);
  const kit = await entryV1DemoKit.start();
  const kiosk = await launchNotConfigured({ files: { 'provisioning-key.pem': PUBLIC_PEM } });
  try {
    await page.goto(kiosk.launchUrl);
    const patron = new PatronScreen(page);
    await patron.expectScreen('out-of-service', 15_000);
    const config = { deviceName: 'Provisioned gate', provider: { kind: 'entry-v1', ...kit.settings } };
    const valid = signProvisioningCode(config, venueKey.privateKey, { issuedAt: Date.now() });
    const [head, payload, signature] = valid.split('.') as [string, string, string];
    const reason = page.getByTestId('reason');
    const code = page.getByTestId('code');

    await kiosk.submitScan(`${head.replace(/[^:]+$/, '')}${payload}`);
    await expect(reason).toContainText('Provisioning code refused: the code is not signed');
    await expect(code).toContainText('PROVISION-REFUSED');

    const flipped = payload.slice(0, 20) + (payload[20] === 'A' ? 'B' : 'A') + payload.slice(21);
    await kiosk.submitScan(`${head}.${flipped}.${signature}`);
    await expect(reason).toContainText('the signature does not match: the code was altered');
    await shot(page, info, 'provision-refused');

    await kiosk.submitScan(signProvisioningCode(config, foreignKey.privateKey, { issuedAt: Date.now() }));
    await expect(reason).toContainText('signed by a key this kiosk does not trust');

    // Refused codes configured nothing, and no code ever reaches the scan journal (they hold credentials).
    expect(kiosk.journal()).toEqual([]);

    await kiosk.submitScan(valid);
    await patron.waitReady(20_000);
    await kiosk.submitScan(kit.tokens.valid[0]!);
    await patron.expectScreen('admit');
    await shot(page, info, 'provisioned-admit');
    expect(kiosk.journal().map((r) => r.token)).toEqual([kit.tokens.valid[0]]);
    expect((await kiosk.status()).deviceName).toBe('Provisioned gate');
  } finally {
    await kiosk.stop();
    kiosk.remove();
    await kit.sandbox.close();
  }
});
