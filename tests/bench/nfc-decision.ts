/**
 * Issue 10's benchmark, decision included: card present → decision, for Apple VAS and Google Smart Tap
 * through the virtual reader (pcscd + vpcd, nfc-pcsc in its reader process), in a kiosk built by the
 * host's composition root against the Entry V1 sandbox (another process). The reader's own APDU round
 * trips are reported apart; the goal is p99 ≤ 100 ms without them.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { KioskConfig } from '../../electron/core/config/kiosk-config.js';
import { bootKiosk } from '../../electron/host/boot.js';
import { VirtualAndroid } from '../../native/simulators/virtual-android.js';
import { VirtualIphone } from '../../native/simulators/virtual-iphone.js';
import { VpcdCard, type VirtualCard } from '../../native/simulators/vpcd-card.js';
import { COLLECTOR_ID, KeyDir, PASS_TYPE_ID } from '../support/nfc-rig.js';
import { PcscdHarness, pcscdUnavailable } from '../support/pcscd-harness.js';
import { startSandboxChild } from './sandbox-child.js';
import { summarise, type BenchEntry } from './bench-report.js';

const TAPS = 25;

export async function benchNfcDecision(): Promise<BenchEntry[]> {
  const unavailable = pcscdUnavailable();
  if (unavailable) {
    console.log(`nfc-decision: SKIPPED (${unavailable})`);
    return [];
  }
  const keys = new KeyDir();
  const dir = mkdtempSync(join(tmpdir(), 'gatepost-bench-nfc-'));
  const sandbox = await startSandboxChild('entry-v1', TAPS * 2);
  const pcscd = await PcscdHarness.start();
  try {
    const config = KioskConfig.parse({
      provider: { kind: 'entry-v1', ...sandbox.settings },
      heartbeatIntervalMs: 0,
      rereadWindowMs: 0,
      devices: {
        nfc: {
          enabled: true,
          apple: [{ passTypeId: PASS_TYPE_ID, keyFile: keys.appleFile }],
          google: [{ collectorId: String(COLLECTOR_ID), keyVersion: 1, keyFile: keys.collectorFile }],
        },
      },
    });
    const booted = await bootKiosk({ dataDir: dir, config, logger: pino({ level: 'silent' }) });
    try {
      const nfc = booted.devices.nfc!;
      const { kiosk } = booted;
      const started = Date.now();
      while (!(kiosk.status().ready && nfc.readerHealth().some((r) => r.state === 'connected'))) {
        if (Date.now() - started > 20_000) throw new Error('nfc-decision: kiosk or reader not ready');
        await new Promise((r) => setTimeout(r, 20));
      }
      let presentAt = 0;
      let apduMs = 0;
      nfc.onCardPresence((_reader, present) => {
        if (present) presentAt = performance.now();
      });
      nfc.onReadTiming((t) => (apduMs = t.apduMs));
      const tokens = [...sandbox.extraTokens];
      const measure = async (name: string, card: (token: string) => VirtualCard): Promise<BenchEntry[]> => {
        const total: number[] = [];
        const apdu: number[] = [];
        const excluding: number[] = [];
        for (let i = 0; i < TAPS; i++) {
          const token = tokens.shift()!;
          const decided = new Promise<{ outcome: string; at: number }>((resolve) =>
            kiosk.once('scan.decided', (d) => resolve({ outcome: d.outcome, at: performance.now() })),
          );
          const inserted = await VpcdCard.insert(card(token));
          try {
            const { outcome, at } = await decided;
            if (outcome !== 'admit') throw new Error(`nfc-decision ${name}: tap ${i} gave ${outcome}`);
            total.push(at - presentAt);
            apdu.push(apduMs);
            excluding.push(at - presentAt - apduMs);
          } finally {
            if (inserted.isInserted) await inserted.remove();
          }
        }
        return [
          summarise(`nfc-${name}-present-to-decision`, total, null, 'card event → decision (APDUs included)'),
          summarise(`nfc-${name}-decision-apdu-round-trips`, apdu, null, 'the reader APDU exchange alone'),
          summarise(
            `nfc-${name}-to-decision-excluding-apdu`,
            excluding,
            100,
            'card event → decision minus the APDU round trips: crypto, IPC, provider call, journal',
          ),
        ];
      };
      return [
        ...(await measure(
          'vas',
          (value) =>
            new VirtualIphone({ passTypeId: PASS_TYPE_ID, value, merchantPublicKey: keys.apple.publicKey }),
        )),
        ...(await measure(
          'smart-tap',
          (value) =>
            new VirtualAndroid({
              collectorId: COLLECTOR_ID,
              keyVersion: 1,
              collectorPublicKey: keys.collector.publicKey,
              value,
            }),
        )),
      ];
    } finally {
      await booted.close();
    }
  } finally {
    await pcscd.stop();
    await sandbox.stop();
    keys.remove();
    rmSync(dir, { recursive: true, force: true });
  }
}
