import { fork, type ChildProcess } from 'node:child_process';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DeviceHealth } from '../../../electron/core/devices/device-health.js';
import { VirtualUidCard } from '../../../native/simulators/virtual-tags.js';
import { VpcdCard } from '../../../native/simulators/vpcd-card.js';
import { PcscdHarness, pcscdUnavailable } from '../../support/pcscd-harness.js';
import { waitFor, type RigEvent } from '../../support/nfc-rig.js';

// The guarantee: the reader can never freeze the kiosk. A process running the NfcScanSource (as
// the kiosk does) loses pcscd twice — stopped cleanly, then killed hard, leaving a stale socket that
// would make nfc-pcsc spin — and its own event loop is measured throughout.
const unavailable = pcscdUnavailable();
if (unavailable) throw new Error(`NFC main-loop test needs pcscd and vpcd: ${unavailable}`);

const DOWN_MS = 3000;

interface LoopReport {
  p50: number;
  p99: number;
  max: number;
  count: number;
}
type ChildMessage =
  | { type: 'health'; health: DeviceHealth }
  | { type: 'event'; event: RigEvent }
  | { type: 'reset' }
  | ({ type: 'report' } & LoopReport);

let pcscd: PcscdHarness;
let child: ChildProcess;
let health: DeviceHealth | undefined;
const events: RigEvent[] = [];
const reports: LoopReport[] = [];
let resets = 0;

async function resetLoopStats(): Promise<void> {
  const n = resets;
  child.send({ cmd: 'reset' });
  await waitFor(() => resets > n, 5000, 'the child to reset its histogram');
}

async function loopReport(): Promise<LoopReport> {
  const n = reports.length;
  child.send({ cmd: 'report' });
  await waitFor(() => reports.length > n, 5000, "the child's loop report");
  return reports.at(-1)!;
}

async function tapUid(uid: string): Promise<RigEvent> {
  const before = events.length;
  const card = await VpcdCard.insert(new VirtualUidCard(Buffer.from(uid, 'hex')));
  try {
    await waitFor(() => events.length > before, 10_000, 'a read in the kiosk process');
  } finally {
    await card.remove();
  }
  return events[before]!;
}

beforeAll(async () => {
  pcscd = await PcscdHarness.start();
  const entry = fileURLToPath(new URL('./main-loop-child.ts', import.meta.url));
  const tsx = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;
  child = fork(entry, [], { execArgv: ['--import', tsx], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  child.on('message', (m: ChildMessage) => {
    if (m.type === 'health') health = m.health;
    else if (m.type === 'event') events.push(m.event);
    else if (m.type === 'reset') resets++;
    else reports.push(m);
  });
  await waitFor(() => health?.state === 'connected', 15_000, 'the NFC source to connect');
});

afterAll(async () => {
  if (child && child.exitCode === null) {
    const gone = new Promise((r) => child.once('exit', r));
    child.send({ cmd: 'stop' });
    const timer = setTimeout(() => child.kill('SIGKILL'), 3000);
    await gone;
    clearTimeout(timer);
  }
  await pcscd?.stop();
});

describe('the kiosk event loop while pcscd goes away', () => {
  it.each([
    ['stopped cleanly (SIGTERM)', 'SIGTERM' as const],
    ['killed hard (SIGKILL, stale socket left)', 'SIGKILL' as const],
  ])('pcscd %s: loop p99 ≤ 20 ms, health says so, reads resume when pcscd is back', async (_name, signal) => {
    expect(await tapUid('11223344')).toMatchObject({ read: { token: '11223344' } });
    await resetLoopStats();
    await pcscd.down(signal);
    await waitFor(() => health?.code === 'NFC-PCSCD-DOWN', 10_000, 'health NFC-PCSCD-DOWN');
    await new Promise((r) => setTimeout(r, DOWN_MS));
    const report = await loopReport();
    console.log(
      `event loop with pcscd ${signal}: p50 ${report.p50.toFixed(2)} ms, p99 ${report.p99.toFixed(2)} ms, max ${report.max.toFixed(2)} ms`,
    );
    expect(report.count).toBeGreaterThan(DOWN_MS / 20);
    expect(report.p99).toBeLessThanOrEqual(20);
    await pcscd.up();
    await waitFor(() => health?.state === 'connected', 15_000, 'the NFC source to reconnect');
    expect(await tapUid('55667788')).toMatchObject({ read: { token: '55667788' } });
  });
});
