import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import pino from 'pino';
import { generateTickets } from '../../electron/sandbox/entry-v1/index.js';
import { startSandboxChild } from './sandbox-child.js';
import { EntryV1Provider } from '../../electron/core/providers/entry-v1/index.js';
import type { TicketCheckProvider } from '../../electron/core/providers/provider.js';
import { KioskConfig } from '../../electron/core/config/kiosk-config.js';
import { openDatabase } from '../../electron/core/journal/database.js';
import { ScanJournal } from '../../electron/core/journal/scan-journal.js';
import { NoGate } from '../../electron/core/gate/gate.js';
import { Kiosk } from '../../electron/core/kiosk.js';
import { summarise, type BenchEntry } from './bench-report.js';

const WARMUP = 100;
const MEASURED = 1000;

/**
 * Scan-in → decision through the real pipeline (normalise, re-read filter, Entry V1 over loopback HTTP to
 * the sandbox at zero added latency, journal commit with synchronous=FULL), in one process. Also reports
 * the pipeline's own share: the total minus the provider's HTTP round trip.
 */
export async function benchDecisionOverhead(): Promise<BenchEntry[]> {
  const apiKey = 'bench-key';
  // The same tokens the child sandbox generates.
  const tickets = generateTickets(WARMUP + MEASURED);
  const sandbox = await startSandboxChild(apiKey, tickets.length);
  const dir = mkdtempSync(join(tmpdir(), 'gatepost-bench-'));
  const db = openDatabase(join(dir, 'journal.sqlite3'));
  const inner = new EntryV1Provider({
    baseUrl: sandbox.url,
    apiKey,
    dataAccountId: '390',
    venueCode: 'TS',
    serialNumber: 'BENCH-1',
    make: 'Gatepost',
    model: 'Bench',
  });
  let providerMs = 0;
  const timed: TicketCheckProvider = {
    name: inner.name,
    configure: (s) => inner.configure(s),
    close: () => inner.close(),
    async validate(scan, ctx) {
      const t = performance.now();
      try {
        return await inner.validate(scan, ctx);
      } finally {
        providerMs = performance.now() - t;
      }
    },
  };
  const kiosk = new Kiosk({
    config: KioskConfig.parse({ provider: { kind: 'entry-v1' } }),
    provider: timed,
    gate: new NoGate(),
    journal: new ScanJournal(db),
    logger: pino({ level: 'silent' }),
    demo: false,
  });
  await kiosk.start();

  const total: number[] = [];
  const pipeline: number[] = [];
  let admitted = 0;
  for (let i = 0; i < tickets.length; i++) {
    const t0 = performance.now();
    const out = await kiosk.submit({
      token: tickets[i]!.token,
      inputType: 'Barcode',
      source: 'bench',
      receivedAt: Date.now(),
    });
    const dt = performance.now() - t0;
    if (out.kind === 'decided' && out.scan.outcome === 'admit') admitted++;
    if (i >= WARMUP) {
      total.push(dt);
      pipeline.push(dt - providerMs);
    }
  }
  await kiosk.close();
  db.close();
  await sandbox.stop();
  rmSync(dir, { recursive: true, force: true });
  if (admitted !== tickets.length) throw new Error(`expected every bench scan to admit, got ${admitted}`);

  return [
    summarise(
      'decision.scan-to-decision.entry-v1-loopback',
      total,
      5,
      'scan received → decision journaled (synchronous=FULL) and emitted; Entry V1 sandbox on loopback, 0 ms added latency',
    ),
    summarise('decision.pipeline-overhead', pipeline, null, 'the same, minus the provider HTTP round trip'),
  ];
}
