import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import pino from 'pino';
import { createProvider } from '../../electron/core/providers/create-provider.js';
import type { TicketCheckProvider } from '../../electron/core/providers/provider.js';
import { KioskConfig } from '../../electron/core/config/kiosk-config.js';
import { openDatabase, preallocateWal } from '../../electron/core/journal/database.js';
import { ScanJournal } from '../../electron/core/journal/scan-journal.js';
import { JournalCheckpointer } from '../../electron/core/journal/journal-checkpointer.js';
import { NoGate } from '../../electron/core/gate/gate.js';
import { Kiosk } from '../../electron/core/kiosk.js';
import { startSandboxChild } from './sandbox-child.js';
import { summarise, type BenchEntry } from './bench-report.js';

const WARMUP = 100;

/** The production journal, timing each durable commit (the synchronous=FULL fsync dominates it). */
class TimedJournal extends ScanJournal {
  commits: number[] = [];
  override record(...args: Parameters<ScanJournal['record']>): void {
    const t = performance.now();
    super.record(...args);
    this.commits.push(performance.now() - t);
  }
}

/**
 * Scan-in → decision through the real pipeline (normalise, re-read filter, the provider over loopback
 * HTTP to its sandbox at zero added latency, journal commit with synchronous=FULL), in one process, with
 * the sandbox in another. Also reports the pipeline's own share: the total minus the provider's calls.
 */
export async function benchDecisionOverhead(kind: string, measured: number): Promise<BenchEntry[]> {
  const sandbox = await startSandboxChild(kind, WARMUP + measured);
  const dir = mkdtempSync(join(tmpdir(), 'gatepost-bench-'));
  const db = openDatabase(join(dir, 'journal.sqlite3'));
  preallocateWal(db); // as boot does
  const logger = pino({ level: 'silent' });
  const config = KioskConfig.parse({ provider: { kind, ...sandbox.settings } });
  const inner = createProvider(config.provider, { logger });
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
  const journal = new TimedJournal(db);
  const kiosk = new Kiosk({
    config,
    provider: timed,
    gate: new NoGate(),
    journal,
    checkpointer: new JournalCheckpointer(db),
    logger,
    demo: false,
  });
  await kiosk.start();

  const total: number[] = [];
  const pipeline: number[] = [];
  let admitted = 0;
  const tokens = sandbox.extraTokens;
  for (let i = 0; i < tokens.length; i++) {
    const t0 = performance.now();
    const out = await kiosk.submit({
      token: tokens[i]!,
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
  if (admitted !== tokens.length)
    throw new Error(`${kind}: expected every bench scan to admit, got ${admitted}/${tokens.length}`);

  return [
    summarise(
      `decision.scan-to-decision.${kind}-loopback`,
      total,
      5,
      `scan received → decision journaled (synchronous=FULL) and emitted; ${kind} sandbox on loopback (separate process), 0 ms added latency`,
    ),
    summarise(
      `decision.pipeline-overhead.${kind}`,
      pipeline,
      null,
      'the same, minus the provider HTTP calls',
    ),
    summarise(
      `journal.commit.${kind}-run`,
      journal.commits.slice(WARMUP),
      null,
      'one scan row committed with WAL + synchronous=FULL (fsync); part of the pipeline overhead',
    ),
  ];
}
