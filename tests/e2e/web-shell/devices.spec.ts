import { test as base, expect, kioskConfig } from '../support/fixtures.js';
import { launchKiosk, type KioskProcess } from '../support/kiosk-process.js';
import { PatronScreen } from '../pages/PatronScreen.js';
import { DEMO_TOKENS } from '../../../electron/sandbox/entry-v1/index.js';
import { LcusRelaySim } from '../../../native/sim/lcus-relay-sim.js';
import { LineScannerSim, ZebraSsiScannerSim } from '../../../native/sim/scanner-simulators.js';

/**
 * Issue 9 through the built app: a serial barcode engine and an LCUS relay module, each on a real pty
 * pair (socat) that the kiosk opens with serialport, configured exactly as a venue would.
 */
const PULSE_MS = 250;
const [VALID, SECOND] = DEMO_TOKENS.valid;

interface Rig {
  scanner: LineScannerSim;
  ssi: ZebraSsiScannerSim;
  relay: LcusRelaySim;
}

const test = base.extend<{ rig: Rig; deviceKiosk: KioskProcess; gateScreen: PatronScreen }>({
  // eslint-disable-next-line no-empty-pattern
  rig: async ({}, use) => {
    const rig = {
      scanner: new LineScannerSim('CR'),
      ssi: new ZebraSsiScannerSim(150),
      relay: new LcusRelaySim(2),
    };
    try {
      await rig.scanner.start();
      await rig.ssi.start();
      await rig.relay.start();
      await use(rig);
    } finally {
      await rig.scanner.stop();
      await rig.ssi.stop();
      await rig.relay.stop();
    }
  },
  deviceKiosk: async ({ sandbox, rig }, use) => {
    const kiosk = await launchKiosk(
      kioskConfig(sandbox.url, {
        rereadWindowMs: 1500,
        devices: {
          scanners: [
            {
              id: 'front',
              kind: 'serial',
              path: rig.scanner.hostPath,
              baudRate: 9600,
              protocol: 'line',
              terminator: 'CR',
              aimIds: true,
            },
            { id: 'zebra', kind: 'serial', path: rig.ssi.hostPath, baudRate: 9600, protocol: 'zebra-ssi' },
          ],
          gate: {
            kind: 'lcus-serial',
            path: rig.relay.hostPath,
            entryChannel: 1,
            exitChannel: 2,
            pulseMs: PULSE_MS,
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
  gateScreen: async ({ page, deviceKiosk }, use) => {
    await page.goto(deviceKiosk.launchUrl);
    const gateScreen = new PatronScreen(page);
    await gateScreen.waitReady();
    await use(gateScreen);
  },
});

test.describe('serial scanner and turnstile relay', () => {
  test('a serial scan of a valid ticket admits and pulses the relay once; a STOP pulses nothing', async ({
    gateScreen,
    rig,
    deviceKiosk,
  }, info) => {
    // Started: the relay was driven off, and nothing pulsed yet.
    await expect.poll(() => rig.relay.received.length).toBeGreaterThan(0);
    expect(rig.relay.onChannels()).toEqual([]);
    rig.relay.resetRecord();

    await rig.scanner.scan(VALID!, { aim: ']Q1', splitAt: [1, 4, 9] });
    await gateScreen.expectScreen('admit');
    await expect(gateScreen.page.getByTestId('gate-opened')).toBeVisible();
    await info.attach('admit-serial', { body: await gateScreen.page.screenshot(), contentType: 'image/png' });
    await expect.poll(() => rig.relay.completedPulses().length).toBe(1);
    const [pulse] = rig.relay.completedPulses();
    expect(pulse!.channel).toBe(1);
    expect(pulse!.ms).toBeGreaterThan(PULSE_MS - 50);
    expect(pulse!.ms).toBeLessThan(PULSE_MS + 150);
    const admitted = deviceKiosk.journal().at(-1)!;
    expect(admitted).toMatchObject({
      source: 'front',
      token: VALID,
      outcome: 'admit',
      barcode_type: 'QRCode',
      symbology: ']Q1',
    });
    // The journal keeps the pulse as the controller timed it (on → off confirmed).
    const journaledMs = Number(/^pulsed ch1 (\d+)ms$/.exec(String(admitted.gate_result))?.[1]);
    expect(journaledMs).toBeGreaterThanOrEqual(PULSE_MS);
    expect(journaledMs).toBeLessThan(PULSE_MS + 150);

    await rig.scanner.scan(DEMO_TOKENS.unknown);
    await gateScreen.expectScreen('stop');
    await expect.poll(() => deviceKiosk.journal().length).toBe(2);
    // Give a wrongly sent pulse every chance to show up before asserting there was none.
    await gateScreen.page.waitForTimeout(PULSE_MS + 200);
    expect(rig.relay.pulses).toHaveLength(1);
    expect(deviceKiosk.journal().at(-1)).toMatchObject({ outcome: 'stop', gate_result: null });
  });

  test('an unplugged scanner shows a device fault to staff while the others keep working, and recovers', async ({
    gateScreen,
    rig,
  }, info) => {
    await rig.scanner.unplug();
    const notice = gateScreen.page.getByTestId('device-notice');
    await expect(notice).toContainText('front', { timeout: 4000 });
    await info.attach('scanner-unplugged', {
      body: await gateScreen.page.screenshot(),
      contentType: 'image/png',
    });
    // The Zebra engine and the keyboard wedge still scan.
    await rig.ssi.scan(VALID!);
    await gateScreen.expectScreen('admit');

    await rig.scanner.replug();
    await expect(notice).toBeHidden({ timeout: 4000 });
    await rig.scanner.scan(SECOND!);
    await expect.poll(() => gateScreen.scanId()).not.toBeNull();
    await gateScreen.expectScreen('admit');
  });

  test('a Zebra SSI engine that gets no ACK retransmits, and the kiosk decides the read once', async ({
    gateScreen,
    rig,
    deviceKiosk,
  }) => {
    rig.ssi.ignoreAcks = 1;
    const sent = await rig.ssi.scan(VALID!);
    expect(sent.sends).toBe(2);
    expect(rig.ssi.retransmissions).toBe(1);
    await gateScreen.expectScreen('admit');
    await gateScreen.page.waitForTimeout(500);
    const rows = deviceKiosk.journal().filter((r) => r.token === VALID);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ source: 'zebra', outcome: 'admit', reread_of: null });
  });
});

test.describe('fail-safe gate', () => {
  test('a relay that cannot be confirmed off puts the kiosk out of service with a code; nobody is admitted', async ({
    page,
    sandbox,
    rig,
  }, info) => {
    // A contact welded shut by the last pulse: on, and it stays on whatever is commanded.
    rig.relay.state[1] = true;
    rig.relay.stuckOn.add(1);
    const kiosk = await launchKiosk(
      kioskConfig(sandbox.url, {
        devices: { gate: { kind: 'lcus-serial', path: rig.relay.hostPath, pulseMs: PULSE_MS } },
      }),
    );
    try {
      await page.goto(kiosk.launchUrl);
      const patron = new PatronScreen(page);
      await patron.expectScreen('out-of-service', 10_000);
      await expect(page.getByTestId('code')).toContainText('GATE-NOT-OFF');
      await info.attach('gate-not-off', { body: await page.screenshot(), contentType: 'image/png' });
      await kiosk.submitScan(VALID!);
      await expect.poll(() => kiosk.journal().at(-1)?.reason_code).toBe('GATE_FAULT');
      expect(kiosk.journal().at(-1)).toMatchObject({ outcome: 'see-staff', gate_result: null });
      expect(rig.relay.pulses).toEqual([]);
      // The welded contact is freed; the next reconnect confirms the relay off and service resumes.
      rig.relay.stuckOn.clear();
      await patron.waitReady(15_000);
      await patron.scan(SECOND!);
      await patron.expectScreen('admit');
    } finally {
      await kiosk.stop();
    }
  });

  test('a kiosk killed (-9) mid-pulse leaves the relay on; the next start drives it off before any scan', async ({
    sandbox,
    rig,
  }) => {
    const config = kioskConfig(sandbox.url, {
      devices: { gate: { kind: 'lcus-serial', path: rig.relay.hostPath, pulseMs: 2000 } },
    });
    const first = await launchKiosk(config);
    try {
      await expect.poll(() => rig.relay.received.length).toBeGreaterThan(0);
      // Admit through the RPC the renderer would use: the pulse starts and the kiosk dies inside it.
      await first.submitScan(VALID!);
      await expect.poll(() => rig.relay.onChannels()).toEqual([1]);
      await first.crash();
      expect(rig.relay.onChannels()).toEqual([1]);
    } finally {
      await first.stop();
    }
    const second = await launchKiosk(config);
    try {
      await expect.poll(() => rig.relay.onChannels(), { timeout: 10_000 }).toEqual([]);
    } finally {
      await second.stop();
    }
  });
});
