import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase } from '../../electron/core/journal/database.js';
import { UploadQueue } from '../../electron/core/offline/upload-queue.js';
import { Uploader } from '../../electron/core/offline/uploader.js';
import { EntryV1Provider, EntryV1Settings } from '../../electron/core/providers/entry-v1/index.js';
import { nodeHttpTransport } from '../../electron/core/providers/http/node-http-transport.js';
import type { OfflineScanRecord } from '../../electron/core/providers/provider.js';
import { DEMO_LIVE_EVENT_ID } from '../../electron/sandbox/entry-v1/index.js';
import { startSandboxChild } from './sandbox-child.js';
import { summarise, type BenchEntry } from './bench-report.js';

const QUEUED = 10_000;

/**
 * The whole offline path after reconnecting: 10,000 scans queued in a real SQLite file (WAL,
 * synchronous=FULL), drained by the Uploader to the Entry V1 sandbox in another process. Unlike the raw
 * `upload.entry-v1.offline-10000-scans` figure this includes the queue's reads and per-batch ack commits.
 * Checks the sandbox stored every scan exactly once.
 */
export async function benchUploadDrain(): Promise<BenchEntry[]> {
  const dir = mkdtempSync(join(tmpdir(), 'gatepost-bench-drain-'));
  const sandbox = await startSandboxChild('entry-v1', 0);
  const db = openDatabase(join(dir, 'journal.sqlite3'));
  try {
    let requests = 0;
    const provider = new EntryV1Provider(EntryV1Settings.parse(sandbox.settings), {
      transport: (req) => {
        if (req.label === 'Entry V1 offlineUpload') requests += 1;
        return nodeHttpTransport(req);
      },
    });
    await provider.configure(AbortSignal.timeout(10_000));

    const queue = new UploadQueue(db);
    const base = Date.now() - 3_600_000;
    const tEnqueue = performance.now();
    db.transaction(() => {
      for (let i = 0; i < QUEUED; i += 1) {
        const record: OfflineScanRecord = {
          scanId: `drain-${i}`,
          token: String(39_000_000_000_000 + i),
          inputType: 'Barcode',
          barcodeType: 'Barcode',
          scannedAt: base + i * 1_000,
          outcome: i % 10 === 0 ? 'stop' : 'admit',
          direction: 'entry',
          eventId: DEMO_LIVE_EVENT_ID,
        };
        queue.enqueue(provider.name, record, base);
      }
    })();
    const enqueueMs = performance.now() - tEnqueue;

    const uploader = new Uploader({ queue, provider });
    // How long the drain ever held this process's event loop (queue reads, ack commits, JSON, gzip setup):
    // the bound on what it could add to a patron's decision running alongside.
    const loop = monitorEventLoopDelay({ resolution: 1 });
    loop.enable();
    const t0 = performance.now();
    const result = await uploader.drainOnce();
    const seconds = (performance.now() - t0) / 1000;
    loop.disable();
    const loopMs = (ns: number) => Math.round(ns / 1e4) / 100;
    await uploader.stop();
    await provider.close();

    const state = (await sandbox.state()) as { offlineScansStored: number };
    const counts = queue.counts();
    if (state.offlineScansStored !== QUEUED || counts.acked !== QUEUED || result.failed)
      throw new Error(
        `drain lost or duplicated scans: stored ${state.offlineScansStored}, acked ${counts.acked}, ` +
          `pending ${counts.pending}, dead ${counts.dead}, failed ${String(result.failed)}`,
      );
    return [
      {
        ...summarise(
          'offline.upload-drain-10000',
          [seconds],
          null,
          `${QUEUED} queued scans drained through the Uploader in ${requests} requests ` +
            `(${result.uploads} batches of ≤ ${provider.maxUploadBatch}); sandbox stored ${state.offlineScansStored}; ` +
            `enqueue of all ${QUEUED} took ${Math.round(enqueueMs)} ms in one transaction; ` +
            `event-loop delay during the drain p99 ${loopMs(loop.percentile(99))} ms, max ${loopMs(loop.max)} ms`,
        ),
        unit: 's',
        n: QUEUED,
      },
    ];
  } finally {
    db.close();
    await sandbox.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}
