import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import pino from 'pino';
import { KioskConfig } from '../../electron/core/config/kiosk-config.js';
import { bootKiosk } from '../../electron/host/boot.js';
import { LineScannerSim } from '../../native/sim/scanner-simulators.js';
import { startSandboxChild } from './sandbox-child.js';
import { summarise, type BenchEntry } from './bench-report.js';

const WARMUP = 50;

/**
 * Issue 9's benchmark: serial bytes in → decision, against the keyboard-wedge path in the same kiosk and
 * run. A line engine simulator writes each ticket into a socat pty that the kiosk's serial scanner reads
 * with real serialport; the wedge path submits the same kind of ticket through the renderer wedge
 * source. Both are timed to the `scan.decided` event, Entry V1 sandbox on loopback in another process.
 * Goal: the serial path's p99 at most 1 ms above the wedge path's.
 */
export async function benchSerialToDecision(measured = 500): Promise<BenchEntry[]> {
  const perPath = WARMUP + measured;
  const sandbox = await startSandboxChild('entry-v1', perPath * 2);
  const engine = new LineScannerSim('CR');
  const dir = mkdtempSync(join(tmpdir(), 'gatepost-bench-serial-'));
  try {
    await engine.start();
    const config = KioskConfig.parse({
      provider: { kind: 'entry-v1', ...sandbox.settings },
      heartbeatIntervalMs: 0,
      rereadWindowMs: 0,
      devices: { scanners: [{ id: 'serial', kind: 'serial', path: engine.hostPath, aimIds: true }] },
    });
    const booted = await bootKiosk({ dataDir: dir, config, logger: pino({ level: 'silent' }) });
    try {
      const { kiosk, wedge } = booted;
      wedge.setConnected(true);
      const started = Date.now();
      while (!(
        kiosk.status().ready && kiosk.status().devices.find((d) => d.id === 'serial')?.state === 'connected'
      )) {
        if (Date.now() - started > 15_000) throw new Error('bench: kiosk or serial scanner not ready');
        await new Promise((r) => setTimeout(r, 10));
      }
      // Let start-up work (the first reference sync) finish before measuring.
      while (kiosk.adminStatus().referenceSyncedAt === undefined && Date.now() - started < 15_000)
        await new Promise((r) => setTimeout(r, 20));
      await new Promise((r) => setTimeout(r, 500));
      let waiting: ((token: string) => void) | undefined;
      kiosk.on('scan.decided', (d) => waiting?.(d.tokenHint));
      const tokens = sandbox.extraTokens;
      const timeOne = async (token: string, send: () => unknown): Promise<number> => {
        const decided = new Promise<string>((resolve) => (waiting = resolve));
        const t0 = performance.now();
        await send();
        const hint = await decided;
        if (hint !== `…${token.slice(-4)}`) throw new Error(`bench: decided ${hint}, expected ${token}`);
        return performance.now() - t0;
      };
      const serial: number[] = [];
      const viaWedge: number[] = [];
      // Interleaved, so both paths see the same machine load.
      for (let i = 0; i < perPath; i++) {
        const a = tokens[2 * i]!;
        const b = tokens[2 * i + 1]!;
        const s = await timeOne(a, () => engine.scan(a, { aim: ']C0' }));
        const w = await timeOne(b, () => wedge.submit({ token: b, inputType: 'Barcode', source: 'wedge' }));
        if (i >= WARMUP) {
          serial.push(s);
          viaWedge.push(w);
        }
      }
      const serialEntry = summarise(
        'devices.serial-to-decision.entry-v1',
        serial,
        null,
        'serial bytes written to the pty → decision emitted (real serialport, Entry V1 sandbox on loopback)',
      );
      const wedgeEntry = summarise(
        'devices.wedge-to-decision.entry-v1',
        viaWedge,
        null,
        'renderer wedge source submit → decision emitted, same kiosk and run',
      );
      return [
        serialEntry,
        wedgeEntry,
        {
          name: 'devices.serial-over-wedge.p99',
          unit: 'ms',
          n: serial.length,
          p50: Math.round((serialEntry.p50 - wedgeEntry.p50) * 100) / 100,
          p99: Math.round((serialEntry.p99 - wedgeEntry.p99) * 100) / 100,
          goal: 1,
          note: 'serial path minus wedge path (goal: ≤ 1 ms at p99)',
        },
      ];
    } finally {
      await booted.close();
    }
  } finally {
    await engine.stop();
    await sandbox.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}
