import { performance } from 'node:perf_hooks';
import { randomUUID } from 'node:crypto';
import { EntryV1Provider } from '../../electron/core/providers/entry-v1/index.js';
import type { OfflineScanRecord } from '../../electron/core/providers/provider.js';
import { DEMO_LIVE_EVENT_ID } from '../../electron/sandbox/entry-v1/index.js';
import { startSandboxChild } from './sandbox-child.js';
import type { BenchEntry } from './bench-report.js';

const QUEUED = 10_000;

/**
 * Entry V1 offline upload of 10,000 queued scans: gzip, ≤ 100 scans a request, against the sandbox on
 * loopback in another process. Checks the sandbox stored every scan exactly once.
 */
export async function benchEntryV1OfflineUpload(): Promise<BenchEntry[]> {
  const sandbox = await startSandboxChild('entry-v1', 0);
  const provider = new EntryV1Provider(sandbox.settings as never);
  await provider.configure(AbortSignal.timeout(10_000));
  await provider.syncReference?.(AbortSignal.timeout(10_000));
  const base = Date.now() - 3_600_000;
  const queue: OfflineScanRecord[] = Array.from({ length: QUEUED }, (_, i) => ({
    scanId: randomUUID(),
    token: String(38_000_000_000_000 + i),
    inputType: 'Barcode',
    barcodeType: 'Barcode',
    scannedAt: base + i * 100,
    outcome: i % 10 === 0 ? 'stop' : 'admit',
    direction: 'entry',
    eventId: DEMO_LIVE_EVENT_ID,
  }));
  const batchSize = provider.maxUploadBatch ?? 100;
  const perRequest: number[] = [];
  let accepted = 0;
  const t0 = performance.now();
  for (let i = 0; i < queue.length; i += batchSize) {
    const t = performance.now();
    const result = await provider.uploadOffline!(queue.slice(i, i + batchSize), AbortSignal.timeout(10_000));
    perRequest.push(performance.now() - t);
    accepted += result.accepted.length;
  }
  const seconds = (performance.now() - t0) / 1000;
  const state = (await sandbox.state()) as { offlineScansStored: number };
  await provider.close();
  await sandbox.stop();
  if (accepted !== QUEUED || state.offlineScansStored !== QUEUED)
    throw new Error(
      `upload lost or duplicated scans: accepted ${accepted}, stored ${state.offlineScansStored}`,
    );
  const sorted = [...perRequest].sort((a, b) => a - b);
  const pct = (p: number) =>
    Math.round(sorted[Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)]! * 1000) / 1000;
  return [
    {
      name: 'upload.entry-v1.offline-10000-scans',
      unit: 's',
      n: QUEUED,
      p50: Math.round(seconds * 1000) / 1000,
      p99: Math.round(seconds * 1000) / 1000,
      goal: 20,
      note: `total drain time for ${QUEUED} scans in ${perRequest.length} gzip requests of ≤ ${batchSize}; per request p50 ${pct(0.5)} ms, p99 ${pct(0.99)} ms`,
    },
  ];
}
