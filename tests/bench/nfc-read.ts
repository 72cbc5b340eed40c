/**
 * NFC read latency through the real reader layer: pcscd + vpcd, nfc-pcsc in its reader process, the
 * NfcScanSource in this process, a virtual iPhone (VAS) and a virtual Android phone (Smart Tap).
 *
 * Reported per wallet:
 *  - `…-present-to-scaninput`: from pcscd reporting the card (the kiosk receives the card event) to the
 *    ScanInput emitted in the kiosk process: APDU exchange + crypto + IPC.
 *  - `…-apdu-round-trips`: the reader's own APDU round trips inside that (vpcd ≈ 40 ms each here).
 *  - `…-excluding-apdu`: the first minus the second — the kiosk's share. Phase 2 adds the decision to
 *    it (goal then: p99 ≤ 100 ms excluding APDU round trips).
 *  - `…-insert-to-scaninput`: from the card touching the virtual reader, including pcscd's polling.
 */
import { VirtualAndroid } from '../../native/simulators/virtual-android.js';
import { VirtualIphone } from '../../native/simulators/virtual-iphone.js';
import type { VirtualCard } from '../../native/simulators/vpcd-card.js';
import { COLLECTOR_ID, KeyDir, PASS_TYPE_ID, SourceRig } from '../support/nfc-rig.js';
import { PcscdHarness, pcscdUnavailable } from '../support/pcscd-harness.js';
import { summarise, type BenchEntry } from './bench-report.js';

const TAPS = 25;

export async function benchNfcRead(): Promise<BenchEntry[]> {
  const unavailable = pcscdUnavailable();
  if (unavailable) {
    console.log(`nfc-read: SKIPPED (${unavailable})`);
    return [];
  }
  const keys = new KeyDir();
  const pcscd = await PcscdHarness.start();
  const rig = new SourceRig({
    apple: [{ passTypeId: PASS_TYPE_ID, keyFile: keys.appleFile }],
    google: [{ collectorId: String(COLLECTOR_ID), keyVersion: 1, keyFile: keys.collectorFile }],
  });
  try {
    await rig.start();
    let presentAt = 0;
    let apduMs = 0;
    rig.source.onCardPresence((_reader, present) => {
      if (present) presentAt = performance.now();
    });
    rig.source.onReadTiming((t) => (apduMs = t.apduMs));
    const measure = async (name: string, card: () => VirtualCard): Promise<BenchEntry[]> => {
      const present: number[] = [];
      const apdu: number[] = [];
      const kiosk: number[] = [];
      const insert: number[] = [];
      for (let i = 0; i < TAPS; i++) {
        const t0 = performance.now();
        const before = rig.events.length;
        const event = await rig.tap(card());
        if (!('read' in event))
          throw new Error(`${name}: tap ${i} failed: ${event.failure.code} ${event.failure.reason}`);
        const emittedAt = rig.emittedAt[before]!;
        present.push(emittedAt - presentAt);
        apdu.push(apduMs);
        kiosk.push(emittedAt - presentAt - apduMs);
        insert.push(emittedAt - t0);
      }
      return [
        summarise(
          `nfc-${name}-present-to-scaninput`,
          present,
          null,
          'card event in the kiosk → ScanInput; includes APDU round trips',
        ),
        summarise(`nfc-${name}-apdu-round-trips`, apdu, null, 'the reader APDU exchange alone (vpcd)'),
        summarise(
          `nfc-${name}-excluding-apdu`,
          kiosk,
          100,
          'kiosk share (crypto, parsing, IPC); phase 2 adds the decision',
        ),
        summarise(
          `nfc-${name}-insert-to-scaninput`,
          insert,
          null,
          'card touches the reader → ScanInput; includes pcscd polling',
        ),
      ];
    };
    return [
      ...(await measure(
        'vas',
        () =>
          new VirtualIphone({
            passTypeId: PASS_TYPE_ID,
            value: 'TICKET-0001',
            merchantPublicKey: keys.apple.publicKey,
          }),
      )),
      ...(await measure(
        'smart-tap',
        () =>
          new VirtualAndroid({
            collectorId: COLLECTOR_ID,
            keyVersion: 1,
            collectorPublicKey: keys.collector.publicKey,
            value: 'GTICKET-42',
          }),
      )),
    ];
  } finally {
    await rig.stop();
    await pcscd.stop();
    keys.remove();
  }
}
