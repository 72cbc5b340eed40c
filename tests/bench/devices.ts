import { performance } from 'node:perf_hooks';
import { LineScannerSim } from '../../native/sim/scanner-simulators.js';
import { LcusRelaySim } from '../../native/sim/lcus-relay-sim.js';
import { createDevices, systemTransports } from '../../electron/core/devices/create-devices.js';
import { parseDevicesConfig } from '../../electron/core/devices/device-config.js';
import type { ScanInput } from '../../electron/core/scan/scan-input.js';
import { runFuzz } from '../fuzz/fuzz-parsers.js';
import { summarise, type BenchEntry } from './bench-report.js';

const WARMUP = 20;

async function until(check: () => boolean, ms: number, what: string): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error(`bench: ${what} not within ${ms} ms`);
    await new Promise((r) => setTimeout(r, 2));
  }
}

/**
 * Serial bytes in → ScanInput out: a line engine simulator writes `]Q1…\r` into a socat pty, the kiosk's
 * serial ScanSource reads it through real serialport. Timed from the simulator's write to the emit.
 */
export async function benchSerialScanToInput(measured = 500): Promise<BenchEntry[]> {
  const engine = new LineScannerSim('CR');
  const abort = new AbortController();
  try {
    await engine.start();
    const devices = createDevices(
      parseDevicesConfig({
        scanners: [{ id: 'bench', kind: 'serial', path: engine.hostPath, aimIds: true }],
      }),
      { transports: systemTransports, exitFailSafe: false },
    );
    const source = devices.scanners[0]!;
    let resolveRead: ((read: ScanInput) => void) | null = null;
    await source.start((read) => resolveRead?.(read), abort.signal);
    await until(() => source.health().state === 'connected', 5000, 'serial source connected');
    const samples: number[] = [];
    for (let i = 0; i < WARMUP + measured; i++) {
      const token = `3900000${String(i).padStart(7, '0')}`;
      const got = new Promise<ScanInput>((resolve) => (resolveRead = resolve));
      const t0 = performance.now();
      await engine.scan(token, { aim: ']Q1' });
      const read = await got;
      const dt = performance.now() - t0;
      if (read.token !== token) throw new Error(`bench: read ${read.token}, expected ${token}`);
      if (i >= WARMUP) samples.push(dt);
    }
    return [
      summarise(
        'serial bytes → ScanInput (pty, real serialport)',
        samples,
        null,
        'line engine, AIM id, 9600 baud pty',
      ),
    ];
  } finally {
    abort.abort();
    await new Promise((r) => setTimeout(r, 50));
    await engine.stop();
  }
}

/** Relay pulse length as the LCUS simulator on a pty records it (on frame → off frame), against pulseMs. */
export async function benchRelayPulse(measured = 40, pulseMs = 300): Promise<BenchEntry[]> {
  const relay = new LcusRelaySim(2);
  let close: (() => Promise<void>) | undefined;
  try {
    await relay.start();
    const devices = createDevices(
      parseDevicesConfig({ gate: { kind: 'lcus-serial', path: relay.hostPath, pulseMs } }),
      {
        transports: systemTransports,
        exitFailSafe: false,
      },
    );
    const gate = devices.gateController!;
    close = () => gate.close();
    await gate.start();
    await until(() => gate.health().state === 'connected', 5000, 'gate connected');
    relay.resetRecord();
    for (let i = 0; i < measured; i++) {
      const result = await gate.open(i % 2 === 0 ? 'entry' : 'exit', `bench-${i}`);
      if (result.kind !== 'pulsed') throw new Error(`bench: pulse ${i} ${JSON.stringify(result)}`);
    }
    await until(() => relay.completedPulses().length === measured, 2000, 'all pulses recorded');
    const errors = relay.completedPulses().map((p) => Math.abs(p.ms - pulseMs));
    return [
      summarise(`relay pulse length error (LCUS sim, ${pulseMs} ms pulse)`, errors, 20, 'absolute error, ms'),
    ];
  } finally {
    await close?.();
    await relay.stop();
  }
}

/** Fuzz throughput (inputs per second) and the run's peak RSS. */
export function benchFuzz(iterations = 100_000): BenchEntry[] {
  const result = runFuzz(iterations);
  if (result.crashes.length > 0) throw new Error(`bench: fuzz found ${result.crashes.length} crashes`);
  const rate = Math.round(result.inputs / (result.ms / 1000));
  const note = `${result.inputs} inputs, 0 crashes, heap growth ${result.heapGrowthMiB} MiB`;
  return [
    {
      name: 'device parser fuzz throughput',
      unit: 'inputs/s',
      n: result.inputs,
      p50: rate,
      p99: rate,
      goal: null,
      note,
    },
    {
      name: 'device parser fuzz peak RSS',
      unit: 'MiB',
      n: 1,
      p50: result.peakRssMiB,
      p99: result.peakRssMiB,
      goal: null,
      note,
    },
  ];
}

export async function benchDevices(): Promise<BenchEntry[]> {
  return [...(await benchSerialScanToInput()), ...(await benchRelayPulse()), ...benchFuzz()];
}
