import { test as base, expect, kioskConfig } from '../support/fixtures.js';
import { launchKiosk, type KioskProcess } from '../support/kiosk-process.js';
import { PatronScreen } from '../pages/PatronScreen.js';
import { DEMO_TOKENS } from '../../../electron/sandbox/entry-v1/index.js';
import { VirtualIphone } from '../../../native/simulators/virtual-iphone.js';
import { VpcdCard } from '../../../native/simulators/vpcd-card.js';
import { PcscdHarness, pcscdUnavailable } from '../../support/pcscd-harness.js';
import { KeyDir, PASS_TYPE_ID } from '../../support/nfc-rig.js';

/**
 * Issue 10 through the built app: a real pcscd with the vpcd virtual reader, and a virtual iPhone
 * (written in Node) carrying an Apple Wallet pass whose value is a ticket the Entry V1 sandbox knows.
 */
const [VALID, SECOND] = DEMO_TOKENS.valid;

const test = base.extend<
  { pcscd: PcscdHarness; nfcKiosk: KioskProcess; nfcScreen: PatronScreen },
  { keys: KeyDir }
>({
  // Per test, never per worker: other specs in the same worker start their own pcscd (one per process).
  // eslint-disable-next-line no-empty-pattern
  pcscd: async ({}, use) => {
    const why = pcscdUnavailable();
    if (why) throw new Error(`the NFC e2e tests need pcscd and vpcd: ${why}`);
    const pcscd = await PcscdHarness.start();
    try {
      await use(pcscd);
    } finally {
      await pcscd.stop();
    }
  },
  keys: [
    // eslint-disable-next-line no-empty-pattern
    async ({}, use) => {
      const keys = new KeyDir();
      try {
        await use(keys);
      } finally {
        keys.remove();
      }
    },
    { scope: 'worker' },
  ],
  nfcKiosk: async ({ sandbox, pcscd, keys }, use) => {
    void pcscd;
    const kiosk = await launchKiosk(
      kioskConfig(sandbox.url, {
        devices: {
          nfc: {
            enabled: true,
            readers: 'all',
            apple: [{ passTypeId: PASS_TYPE_ID, keyFile: keys.appleFile }],
            freshnessSeconds: 300,
          },
        },
      }),
    );
    try {
      await use(kiosk);
    } finally {
      await kiosk.stop();
    }
  },
  nfcScreen: async ({ page, nfcKiosk }, use) => {
    await page.goto(nfcKiosk.launchUrl);
    const screen = new PatronScreen(page);
    await screen.waitReady();
    // The reader process is up and pcscd shows the reader.
    await expect.poll(async () => readerConnected(nfcKiosk), { timeout: 15_000 }).toBe(true);
    await use(screen);
  },
});

async function readerConnected(kiosk: KioskProcess): Promise<boolean> {
  const status = await kiosk.status();
  return status.devices.some((d) => d.role === 'nfc' && d.id !== 'nfc' && d.state === 'connected');
}

/** Puts a card on the virtual reader until the kiosk has decided, then takes it away. */
async function tap(kiosk: KioskProcess, iphone: VirtualIphone): Promise<void> {
  const rows = kiosk.journal().length;
  const card = await VpcdCard.insert(iphone);
  try {
    await expect.poll(() => kiosk.journal().length, { timeout: 10_000 }).toBeGreaterThan(rows);
  } finally {
    if (card.isInserted) await card.remove();
  }
}

test.describe('NFC wallet passes through real pcscd', () => {
  test('tapping the virtual iPhone with a valid pass admits', async ({ nfcScreen, nfcKiosk, keys }, info) => {
    await tap(
      nfcKiosk,
      new VirtualIphone({ passTypeId: PASS_TYPE_ID, value: VALID!, merchantPublicKey: keys.apple.publicKey }),
    );
    await nfcScreen.expectScreen('admit');
    await info.attach('nfc-admit', { body: await nfcScreen.page.screenshot(), contentType: 'image/png' });
    expect(nfcKiosk.journal().at(-1)).toMatchObject({
      token: VALID,
      input_type: 'NFC',
      nfc_type: 'Apple',
      symbology: 'apple-vas',
      outcome: 'admit',
      mode: 'online',
    });
  });

  test('a pass whose type id is not configured shows STOP with its reason', async ({
    nfcScreen,
    nfcKiosk,
    keys,
  }, info) => {
    await tap(
      nfcKiosk,
      new VirtualIphone({
        passTypeId: 'pass.com.example.drink-coupons',
        value: SECOND!,
        merchantPublicKey: keys.apple.publicKey,
      }),
    );
    await nfcScreen.expectScreen('stop');
    expect(await nfcScreen.reason()).toMatch(/pass could not be read/i);
    await info.attach('nfc-unknown-pass', {
      body: await nfcScreen.page.screenshot(),
      contentType: 'image/png',
    });
    const row = nfcKiosk.journal().at(-1)!;
    expect(row).toMatchObject({
      input_type: 'NFC',
      outcome: 'stop',
      mode: 'local',
      reason_code: 'NFC-NO-PASS',
    });
    // Nothing went to the provider: the sandbox never saw the ticket.
    expect(String(row.request_ids)).toBe('[]');
  });

  test('pcscd stopping shows a reader fault to staff, and barcodes still scan', async ({
    nfcScreen,
    nfcKiosk,
    pcscd,
  }, info) => {
    await pcscd.down();
    try {
      const notice = nfcScreen.page.getByTestId('device-notice');
      await expect(notice).toContainText('nfc', { timeout: 10_000 });
      await info.attach('nfc-pcscd-down', {
        body: await nfcScreen.page.screenshot(),
        contentType: 'image/png',
      });
      await nfcScreen.scan(VALID!);
      await nfcScreen.expectScreen('admit');
      expect(nfcKiosk.journal().at(-1)).toMatchObject({ source: 'wedge', outcome: 'admit' });
    } finally {
      await pcscd.up();
    }
    await expect.poll(async () => readerConnected(nfcKiosk), { timeout: 20_000 }).toBe(true);
    await expect(nfcScreen.page.getByTestId('device-notice')).toBeHidden();
  });
});
