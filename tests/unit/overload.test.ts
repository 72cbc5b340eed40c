/**
 * Issue 7, item 4, found by the chaos suite's burst case: 10,000 scans in a second kept the kiosk's event
 * loop so busy (one fsync per refusal) that its own provider calls passed their deadline; it counted them
 * as provider faults, went offline, and its offline rules admitted never-sold barcodes. Two fixes, each
 * tested here: refusals in a flood share one commit per turn (journaled before shown, as ever), and a
 * deadline timer that fired late because the kiosk was busy gives the provider's answer that time back.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, connect, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import pino from 'pino';
import { FallbackChecker } from '../../electron/core/decision/fallback-checker.js';
import { LocalCheckProvider } from '../../electron/core/decision/local-check-provider.js';
import { KioskConfig } from '../../electron/core/config/kiosk-config.js';
import { openDatabase } from '../../electron/core/journal/database.js';
import { ScanJournal } from '../../electron/core/journal/scan-journal.js';
import { LocalDecider } from '../../electron/core/offline/local-decider.js';
import { ReferenceStore } from '../../electron/core/offline/reference-store.js';
import { bootKiosk, type BootedKiosk } from '../../electron/host/boot.js';
import { ScriptedProvider, admit, never } from '../support/scripted-provider.js';

const booted: BootedKiosk[] = [];
const dirs: string[] = [];
afterEach(async () => {
  for (const b of booted.splice(0)) await b.close();
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

/** Holds the event loop, as a flood of input does. */
function busy(ms: number): void {
  const until = performance.now() + ms;
  while (performance.now() < until) {
    // spin
  }
}

describe('a flood of input', () => {
  it('journals every refusal before it is shown, in one commit per turn rather than one per scan', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'gatepost-overload-'));
    dirs.push(dataDir);
    const boot = await bootKiosk({
      dataDir,
      config: KioskConfig.parse({ provider: { kind: 'entry-v1' }, rereadWindowMs: 0, maxScansInFlight: 2 }),
      provider: new ScriptedProvider(never),
      logger: pino({ level: 'silent' }),
      preallocate: false,
    });
    booted.push(boot);
    await expect.poll(() => boot.kiosk.status().ready).toBe(true);
    const journal = new ScanJournal(boot.db);
    const unjournaledWhenShown: string[] = [];
    boot.kiosk.on('scan.decided', (s) => {
      if (!journal.get(s.scanId)) unjournaledWhenShown.push(s.scanId);
    });
    let commits = 0;
    const walFrames = () =>
      (boot.db.pragma('wal_checkpoint(PASSIVE)', { simple: false }) as { log: number }[])[0]!.log;
    const framesBefore = walFrames();
    const outs = Array.from({ length: 500 }, (_, i) =>
      boot.kiosk.submit({
        token: `FLOOD-${i}`,
        inputType: 'Barcode',
        source: 'wedge',
        receivedAt: Date.now(),
      }),
    );
    const settled = await Promise.race([
      Promise.all(outs.slice(2)),
      new Promise((r) => setTimeout(() => r('stuck'), 5000)),
    ]);
    expect(settled).not.toBe('stuck');
    commits = walFrames() - framesBefore;
    expect(unjournaledWhenShown).toEqual([]);
    expect(journal.recent(1000).filter((r) => r.reasonCode === 'OVERLOADED')).toHaveLength(498);
    // One page or a few per commit: 498 separate commits would have written hundreds of frames.
    expect(commits).toBeLessThan(60);
  });

  it("a deadline the kiosk was too busy to keep does not count the provider's timely answer as a timeout", async () => {
    // The provider answers over a real loopback socket at once: its answer waits in the socket while the
    // kiosk is busy, and is read in the I/O phase — after the (late) deadline timer has run.
    const server = createServer((socket) => socket.on('data', () => socket.write('ok')));
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    const port = (server.address() as AddressInfo).port;
    const socket = connect(port, '127.0.0.1');
    await new Promise((r) => socket.once('connect', r));
    const askOverSocket = () =>
      new Promise<ReturnType<typeof admit>>((resolve) => {
        socket.once('data', () => resolve(admit()));
        socket.write('scan');
      });
    const db = openDatabase(':memory:');
    const faults: string[] = [];
    const checker = new FallbackChecker({
      online: new ScriptedProvider(askOverSocket),
      local: new LocalCheckProvider(new LocalDecider(db, new ReferenceStore(db)), 'scripted', 'entry'),
      budgetMs: 300,
      lateAnswerWindowMs: 0,
      thresholds: { faultsInARow: 1, slowAverageMs: 30_000, averageWindow: 3, probeIntervalMs: 60_000 },
      probe: async () => {},
      now: Date.now,
    });
    checker.on('connectivity', (s) => faults.push(s.mode));
    const pending = checker.check({
      scanId: 's',
      token: 'T',
      inputType: 'Barcode',
      source: 'wedge',
      receivedAt: Date.now(),
    });
    // The kiosk is busy for longer than the whole budget: both timers are due when it looks up again.
    busy(600);
    const { decision } = await pending;
    expect(decision).toMatchObject({ outcome: 'admit', mode: 'online' });
    expect(faults).toEqual([]);
    expect(checker.connectivity.mode).toBe('online');
    checker.stop();
    db.close();
    socket.destroy();
    await new Promise((r) => server.close(r));
  });
});
