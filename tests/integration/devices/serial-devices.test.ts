import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import {
  HoneywellScannerSim,
  LineScannerSim,
  NewlandScannerSim,
  ZebraSsiScannerSim,
} from '../../../native/sim/scanner-simulators';
import { LcusRelaySim } from '../../../native/sim/lcus-relay-sim';
import type { PtySimulator } from '../../../native/sim/pty-simulator';
import { SerialScanner } from '../../../native/barcode/serial-scanner';
import { HoneywellProtocol, NewlandProtocol } from '../../../native/barcode/line-protocols';
import { NodeSerialTransport } from '../../../native/transport/node-serial-transport';
import { SSI } from '../../../native/barcode/zebra-ssi';
import { createDevices, systemTransports } from '../../../electron/core/devices/create-devices';
import { parseDevicesConfig, type DevicesConfigInput } from '../../../electron/core/devices/device-config';
import type { ScanInput } from '../../../electron/core/scan/scan-input';
import type { ScanSource } from '../../../electron/core/devices/scan-source';
import type { GateController } from '../../../electron/core/devices/gate-controller';

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function until(check: () => boolean, ms = 3000, what = 'condition'): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error(`${what} not met within ${ms} ms`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

async function sim<T extends PtySimulator>(simulator: T): Promise<T> {
  cleanups.push(() => simulator.stop());
  await simulator.start();
  return simulator;
}

const FAST = { baseMs: 50, maxMs: 400 };

async function startSource(
  scanner: DevicesConfigInput['scanners'] extends (infer S)[] | undefined ? S : never,
) {
  const devices = createDevices(parseDevicesConfig({ scanners: [scanner] }), {
    transports: systemTransports,
    backoff: FAST,
    exitFailSafe: false,
  });
  const source: ScanSource = devices.scanners[0]!;
  const reads: ScanInput[] = [];
  const abort = new AbortController();
  cleanups.push(async () => {
    abort.abort();
    await until(() => source.health().state === 'disabled', 2000, 'source stopped');
  });
  await source.start((read) => reads.push(read), abort.signal);
  await until(() => source.health().state === 'connected', 3000, 'source connected');
  return { source, reads };
}

describe('serial scanners through real serialport on socat ptys', () => {
  it('line engine: AIM ids stripped and mapped, frames split at awkward boundaries', async () => {
    const engine = await sim(new LineScannerSim('CRLF'));
    const { reads } = await startSource({
      id: 'front',
      kind: 'serial',
      path: engine.hostPath,
      terminator: 'CRLF',
      aimIds: true,
    });
    const before = Date.now();
    await engine.scan('39000000000001', { aim: ']Q1', splitAt: [1, 2, 3, 17] });
    await engine.scan('ABC-123', { aim: ']C0', splitAt: [9] }); // between CR and LF
    await until(() => reads.length === 2, 3000, 'two reads');
    expect(reads.map(({ receivedAt: _r, ...rest }) => rest)).toEqual([
      {
        token: '39000000000001',
        inputType: 'Barcode',
        barcodeType: 'QRCode',
        symbology: ']Q1',
        source: 'front',
      },
      { token: 'ABC-123', inputType: 'Barcode', barcodeType: 'Barcode', symbology: ']C0', source: 'front' },
    ]);
    expect(reads[0]!.receivedAt).toBeGreaterThanOrEqual(before);
  });

  it('line engine with no terminator: the idle gap ends the read', async () => {
    const engine = await sim(new LineScannerSim('none'));
    const { reads } = await startSource({
      id: 'gap',
      kind: 'serial',
      path: engine.hostPath,
      terminator: 'none',
      idleGapMs: 40,
    });
    await engine.scan('NOTERM-1', { splitAt: [3] });
    await until(() => reads.length === 1, 3000, 'idle-gap read');
    expect(reads[0]!.token).toBe('NOTERM-1');
  });

  it('Honeywell: menu command replies parsed, trigger sent, reads between them', async () => {
    const engine = await sim(new HoneywellScannerSim('CR'));
    const protocol = new HoneywellProtocol({ terminator: 'CR', aimIds: false });
    const scanner = new SerialScanner(
      new NodeSerialTransport({ path: engine.hostPath, baudRate: 9600 }),
      protocol,
    );
    cleanups.push(() => scanner.stop());
    const reads: string[] = [];
    scanner.onRead((read) => reads.push(read.text));
    await scanner.start();
    await until(() => scanner.status().link === 'open');
    expect(await protocol.menu(['BEPLVL2', 'NOSUCH0'])).toEqual({
      persistence: 'temporary',
      results: [
        { command: 'BEPLVL2', status: 'ack' },
        { command: 'NOSUCH0', status: 'enq' },
      ],
    });
    await protocol.trigger(true);
    await engine.scan('HW-0001', { splitAt: [2] });
    await protocol.trigger(false);
    await until(() => reads.length === 1 && engine.triggers.length === 2);
    expect(reads).toEqual(['HW-0001']);
    expect(engine.triggers).toEqual([true, false]);
  });

  it('Newland: command mode reply parsed, trigger sent, reads between them', async () => {
    const engine = await sim(new NewlandScannerSim('CR'));
    const protocol = new NewlandProtocol({ terminator: 'CR', aimIds: true, startupCommands: ['SCNMOD0'] });
    const scanner = new SerialScanner(
      new NodeSerialTransport({ path: engine.hostPath, baudRate: 9600 }),
      protocol,
    );
    cleanups.push(() => scanner.stop());
    const reads: string[] = [];
    scanner.onRead((read) => reads.push(`${read.symbology}|${read.text}`));
    await scanner.start();
    await until(() => scanner.status().link === 'open');
    expect(engine.commands).toEqual(['SCNMOD0']);
    expect(await protocol.command('GRBENA1')).toEqual({
      command: 'GRBENA1',
      status: 'ack',
      persistence: 'temporary',
    });
    await protocol.trigger(true);
    await engine.scan('NL-42', { aim: ']d2', splitAt: [1, 4] });
    await until(() => reads.length === 1 && engine.triggers.length === 1);
    expect(reads).toEqual([']d2|NL-42']);
  });

  it('Zebra SSI: an engine that gets no ACK retransmits, and the read is emitted once', async () => {
    const engine = await sim(new ZebraSsiScannerSim(150));
    const { reads, source } = await startSource({
      id: 'ssi',
      kind: 'serial',
      path: engine.hostPath,
      protocol: 'zebra-ssi',
    });
    expect(engine.hostCommands.map((c) => c.opcode)).toContain(SSI.SCAN_ENABLE);
    engine.ignoreAcks = 1; // the host's first ACK is "lost"
    const sent = await engine.scan('39000000000002', { splitAt: [1, 5] });
    expect(sent).toEqual({ acked: true, sends: 2 });
    expect(engine.retransmissions).toBe(1);
    await new Promise((r) => setTimeout(r, 100));
    expect(reads.map((r) => [r.token, r.barcodeType, r.symbology])).toEqual([
      ['39000000000002', 'QRCode', 'ssi:0x1C'],
    ]);
    // A corrupt frame is NAKed and the engine's retransmission is taken.
    const corrupt = await engine.scan('39000000000003', { corruptFirst: true });
    expect(corrupt.acked).toBe(true);
    expect(engine.hostNaks).toBe(1);
    await until(() => reads.length === 2);
    // Scan disable while a result shows, enable at idle.
    source.feedback?.('admit');
    source.feedback?.('idle');
    await new Promise((r) => setTimeout(r, 100));
    expect(engine.hostCommands.filter((c) => c.opcode === SSI.SCAN_DISABLE)).toHaveLength(0); // not configured
  });

  it('sees an unplug within 2 s, keeps the fault visible, and reads again after the replug', async () => {
    const engine = await sim(new LineScannerSim('CR'));
    const { source, reads } = await startSource({ id: 'hot', kind: 'serial', path: engine.hostPath });
    const unpluggedAt = Date.now();
    await engine.unplug();
    await until(() => source.health().state === 'disconnected', 2000, 'unplug seen');
    const seenMs = Date.now() - unpluggedAt;
    expect(seenMs).toBeLessThan(2000);
    expect(source.health()).toMatchObject({
      code: 'SCANNER-DISCONNECTED',
      lastError: expect.stringMatching(/disconnected/),
    });
    const replugAt = Date.now();
    await engine.replug();
    await until(() => source.health().state === 'connected', 2000, 'replug seen');
    expect(Date.now() - replugAt).toBeLessThan(2000);
    await engine.scan('AFTER-REPLUG');
    await until(() => reads.length === 1);
    expect(reads[0]!.token).toBe('AFTER-REPLUG');
  });
});

describe('LCUS relay through real serialport on a socat pty', () => {
  async function gateOn(relaySim: LcusRelaySim, pulseMs = 300, statusQuery = true): Promise<GateController> {
    const devices = createDevices(
      parseDevicesConfig({ gate: { kind: 'lcus-serial', path: relaySim.hostPath, pulseMs, statusQuery } }),
      { transports: systemTransports, backoff: FAST, exitFailSafe: false },
    );
    const gate = devices.gateController!;
    cleanups.push(() => gate.close());
    await gate.start();
    await until(() => gate.health().state === 'connected', 3000, 'gate connected');
    return gate;
  }

  it('start drives a relay left on off; open pulses once for pulseMs; close leaves it off', async () => {
    const relay = await sim(new LcusRelaySim(2));
    relay.state[1] = true; // left on by a previous run
    const gate = await gateOn(relay, 300);
    expect(relay.onChannels()).toEqual([]);
    relay.resetRecord();
    const result = await gate.open('entry', 'scan-1');
    expect(result).toMatchObject({ kind: 'pulsed', channel: 1 });
    await until(() => relay.completedPulses().length === 1);
    const [pulse] = relay.completedPulses();
    expect(pulse!.channel).toBe(1);
    // The configured length, not a short blip nor a stuck relay; the precision is the bench's
    // (relay pulse length error, goal ±20 ms at p99), not a timed test's.
    expect(pulse!.ms).toBeGreaterThanOrEqual(290);
    expect(pulse!.ms).toBeLessThan(600);
    await gate.close();
    expect(relay.onChannels()).toEqual([]);
    expect(relay.pulses).toHaveLength(1);
    expect(relay.badFrames).toBe(0);
  });

  it('a welded contact puts the gate in fault with GATE-NOT-OFF', async () => {
    const relay = await sim(new LcusRelaySim(2));
    const gate = await gateOn(relay, 100);
    relay.stuckOn.add(1);
    expect(await gate.open('entry', 'scan-1')).toMatchObject({
      kind: 'failed',
      reason: expect.stringMatching(/^GATE-NOT-OFF/),
    });
    expect(gate.health()).toMatchObject({ state: 'fault', code: 'GATE-NOT-OFF' });
  });

  it('a module that does not answer status queries is a fault unless statusQuery is off', async () => {
    const relay = await sim(new LcusRelaySim(2));
    relay.answersStatus = false;
    const devices = createDevices(
      parseDevicesConfig({ gate: { kind: 'lcus-serial', path: relay.hostPath } }),
      {
        transports: systemTransports,
        backoff: FAST,
        exitFailSafe: false,
      },
    );
    const gate = devices.gateController!;
    cleanups.push(() => gate.close());
    await gate.start();
    await until(() => gate.health().state === 'fault', 3000, 'fault');
    expect(gate.health().lastError).toMatch(/did not report its state/);
    await gate.close();
    const trusting = await gateOn(relay, 100, false);
    expect(await trusting.open('exit', 's')).toMatchObject({ kind: 'pulsed', channel: 2 });
  });
});

describe('crash fail-safe (child process holding the relay on)', () => {
  const child = fileURLToPath(new URL('./relay-holder-child.ts', import.meta.url));

  async function holder(path: string, mode: 'hold' | 'throw'): Promise<ChildProcess> {
    const proc = spawn(process.execPath, ['--import', 'tsx', child, path, mode], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    cleanups.push(() => {
      if (proc.exitCode === null && proc.signalCode === null) proc.kill('SIGKILL');
    });
    let out = '';
    let err = '';
    proc.stdout!.on('data', (d: Buffer) => (out += d.toString()));
    proc.stderr!.on('data', (d: Buffer) => (err += d.toString()));
    await until(() => out.includes('ON') || proc.exitCode !== null, 15_000, 'child holding the relay').catch(
      (e: Error) => {
        throw new Error(`${e.message}; child stderr: ${err}`);
      },
    );
    if (!out.includes('ON')) throw new Error(`child exited early: ${err}`);
    return proc;
  }

  it('kill -9 leaves the relay on; a fresh start drives it off', async () => {
    const relay = await sim(new LcusRelaySim(2));
    const proc = await holder(relay.hostPath, 'hold');
    expect(relay.onChannels()).toEqual([1]);
    const exited = new Promise((r) => proc.once('exit', r));
    proc.kill('SIGKILL');
    await exited;
    expect(relay.onChannels()).toEqual([1]);
    await gateOnAfterCrash(relay.hostPath);
    expect(relay.onChannels()).toEqual([]);
  });

  it('an uncaught exception runs the exit handler, which drives the relay off', async () => {
    const relay = await sim(new LcusRelaySim(2));
    const proc = await holder(relay.hostPath, 'throw');
    expect(relay.onChannels()).toEqual([1]);
    const code = await new Promise((r) => proc.once('exit', (c) => r(c)));
    expect(code).not.toBe(0);
    await until(() => relay.onChannels().length === 0, 2000, 'relay off after the crash');
  });

  async function gateOnAfterCrash(path: string): Promise<void> {
    const devices = createDevices(parseDevicesConfig({ gate: { kind: 'lcus-serial', path } }), {
      transports: systemTransports,
      backoff: FAST,
      exitFailSafe: false,
    });
    const gate = devices.gateController!;
    cleanups.push(() => gate.close());
    await gate.start();
    await until(() => gate.health().state === 'connected', 3000, 'gate connected after crash');
  }
});
