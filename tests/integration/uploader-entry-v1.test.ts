import { afterEach, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase, type Db } from '../../electron/core/journal/database.js';
import { UploadQueue } from '../../electron/core/offline/upload-queue.js';
import { Uploader, type UploaderOptions, type UploaderRetry } from '../../electron/core/offline/uploader.js';
import { EntryV1Provider, EntryV1Settings } from '../../electron/core/providers/entry-v1/index.js';
import type { HttpTransport } from '../../electron/core/providers/http/http-transport.js';
import { nodeHttpTransport } from '../../electron/core/providers/http/node-http-transport.js';
import { ProviderUnavailableError, type OfflineScanRecord } from '../../electron/core/providers/provider.js';
import {
  DEMO_LIVE_EVENT_ID,
  entryV1DemoKit,
  type EntryV1Sandbox,
} from '../../electron/sandbox/entry-v1/index.js';
import type { SandboxHandle } from '../../electron/sandbox/demo-kit.js';

const UPLOAD_LABEL = 'Entry V1 offlineUpload';
const BASE_MS = Date.parse('2025-10-02T19:00:00Z');

interface Harness {
  sandbox: SandboxHandle;
  provider: EntryV1Provider;
  db: Db;
  queue: UploadQueue;
  uploader: Uploader;
  progress: { pending: number; acked: number; dead: number }[];
  retries: UploaderRetry[];
}

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function harness(
  opts: { transport?: HttpTransport } & Partial<Omit<UploaderOptions, 'queue' | 'provider'>> = {},
): Promise<Harness> {
  const { transport, ...uploaderOpts } = opts;
  const kit = await entryV1DemoKit.start();
  cleanups.push(() => kit.sandbox.close());
  const provider = new EntryV1Provider(EntryV1Settings.parse(kit.settings), transport ? { transport } : {});
  await provider.configure(AbortSignal.timeout(5_000));
  cleanups.push(() => provider.close());
  const dir = mkdtempSync(join(tmpdir(), 'gatepost-uploader-'));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  const db = openDatabase(join(dir, 'journal.sqlite3'));
  cleanups.push(() => {
    db.close();
  });
  const queue = new UploadQueue(db);
  const uploader = new Uploader({ queue, provider, ...uploaderOpts });
  cleanups.push(() => uploader.stop());
  const progress: Harness['progress'] = [];
  const retries: UploaderRetry[] = [];
  uploader.on('progress', (p) => progress.push(p));
  uploader.on('retry', (r) => retries.push(r));
  return { sandbox: kit.sandbox, provider, db, queue, uploader, progress, retries };
}

function scans(count: number, from = 0, extra: Partial<OfflineScanRecord> = {}): OfflineScanRecord[] {
  return Array.from({ length: count }, (_, k) => {
    const i = from + k;
    return {
      scanId: `scan-${i}`,
      token: `OFF${String(i).padStart(6, '0')}`,
      inputType: 'Barcode',
      barcodeType: 'QRCode',
      // Whole seconds apart: the sandbox de-duplicates on (serial, token, second-precision timestamp).
      scannedAt: BASE_MS + i * 1_000,
      outcome: i % 7 === 0 ? 'stop' : 'admit',
      direction: 'entry',
      eventId: DEMO_LIVE_EVENT_ID,
      ...extra,
    };
  });
}

function enqueueAll(h: Harness, records: OfflineScanRecord[]): void {
  h.db.transaction(() => {
    for (const r of records) h.queue.enqueue(h.provider.name, r, BASE_MS);
  })();
}

async function sandboxState(sandbox: SandboxHandle) {
  return Promise.resolve((sandbox as EntryV1Sandbox).state);
}

/** Tokens in the order the sandbox stored them (the kit's sandbox is the Entry V1 one). */
function storedTokens(sandbox: SandboxHandle): string[] {
  return (sandbox as EntryV1Sandbox).offlineScans().map((s) => s.token);
}

async function until(check: () => boolean | Promise<boolean>, what: string, ms = 5_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

describe('Uploader → Entry V1 sandbox', () => {
  it('drains 1,000 queued scans in order, exactly once, one drain at a time', async () => {
    let inFlight = 0;
    let maxInFlight = 0;
    const h = await harness({
      transport: async (req) => {
        if (req.label !== UPLOAD_LABEL) return nodeHttpTransport(req);
        maxInFlight = Math.max(maxInFlight, ++inFlight);
        try {
          return await nodeHttpTransport(req);
        } finally {
          inFlight -= 1;
        }
      },
    });
    const records = scans(1_000);
    enqueueAll(h, records);

    // Two callers at once share one drain rather than uploading the same batch twice.
    const [first, second] = await Promise.all([h.uploader.drainOnce(), h.uploader.drainOnce()]);
    expect(second).toBe(first);
    expect(first).toEqual({ uploads: 10, acked: 1_000, dead: 0, failed: false });
    expect(maxInFlight).toBe(1);

    const state = await sandboxState(h.sandbox);
    expect(state.offlineScansStored).toBe(1_000);
    expect(state.offlineUploads).toBe(10);
    expect(storedTokens(h.sandbox)).toEqual(records.map((r) => r.token));
    expect(h.queue.counts()).toEqual({ pending: 0, acked: 1_000, dead: 0 });
    expect(h.progress.map((p) => p.pending)).toEqual([900, 800, 700, 600, 500, 400, 300, 200, 100, 0]);
    expect(h.progress.at(-1)).toEqual({ pending: 0, acked: 1_000, dead: 0 });

    // Nothing left: a further drain sends nothing.
    expect(await h.uploader.drainOnce()).toEqual({ uploads: 0, acked: 0, dead: 0, failed: false });
    expect((await sandboxState(h.sandbox)).offlineUploads).toBe(10);
  });

  it('a 503 storm backs off exponentially, then drains when it clears, nothing lost or duplicated', async () => {
    const h = await harness({ backoff: { baseMs: 20, maxMs: 160 }, random: () => 0.5, idleIntervalMs: 50 });
    const records = scans(300);
    enqueueAll(h, records);
    h.sandbox.setFaults({ status: 503, faultPaths: ['offlineUpload'] });
    h.uploader.start();

    await until(() => h.retries.length >= 5, 'five failed uploads');
    h.sandbox.resetFaults();
    // Full jitter with random() = 0.5: half of min(maxMs, baseMs·2^failures).
    expect(h.retries.slice(0, 5).map((r) => r.delayMs)).toEqual([10, 20, 40, 80, 80]);
    expect(h.retries[0]).toMatchObject({ failures: 1, scans: 100 });
    expect(h.retries[0]?.error).toMatch(/HTTP 503/);

    await until(() => h.queue.pendingCount() === 0, 'the queue to drain');
    expect((await sandboxState(h.sandbox)).offlineScansStored).toBe(300);
    expect(storedTokens(h.sandbox)).toEqual(records.map((r) => r.token));
    expect(h.queue.counts()).toEqual({ pending: 0, acked: 300, dead: 0 });

    // A success resets the back-off: the next failure waits the base delay again.
    const retriesBefore = h.retries.length;
    h.sandbox.setFaults({ status: 503, faultPaths: ['offlineUpload'] });
    enqueueAll(h, scans(1, 300));
    h.uploader.kick();
    await until(() => h.retries.length > retriesBefore, 'the next failure');
    expect(h.retries[retriesBefore]?.delayMs).toBe(10);
  });

  it('pauses while offline and drains at once when back online, dropping the outage back-off', async () => {
    // A back-off of a whole minute: only going back online can make this drain within the test.
    const h = await harness({ backoff: { baseMs: 60_000, maxMs: 60_000 }, random: () => 1 });
    enqueueAll(h, scans(150));
    h.sandbox.setFaults({ status: 503, faultPaths: ['offlineUpload'] });
    h.uploader.start();
    await until(() => h.retries.length === 1, 'the first failure');
    expect(h.retries[0]?.delayMs).toBe(60_000);

    h.uploader.setOnline(false);
    h.sandbox.resetFaults();
    h.uploader.kick(); // ignored while offline
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect((await sandboxState(h.sandbox)).offlineUploads).toBe(0);
    expect(h.queue.pendingCount()).toBe(150);

    h.uploader.setOnline(true);
    await until(() => h.queue.pendingCount() === 0, 'the queue to drain after reconnecting');
    expect((await sandboxState(h.sandbox)).offlineScansStored).toBe(150);
  });

  it('in the background, picks up scans queued later: at once on kick, else on the idle timer', async () => {
    const h = await harness({ idleIntervalMs: 50 });
    h.uploader.start();
    enqueueAll(h, scans(120));
    h.uploader.kick();
    await until(() => h.queue.pendingCount() === 0, 'the kicked drain');
    // A drain started by hand while the loop runs does not stop the loop.
    enqueueAll(h, scans(30, 120));
    expect(await h.uploader.drainOnce()).toMatchObject({ failed: false });
    enqueueAll(h, scans(50, 150)); // no kick
    await until(() => h.queue.pendingCount() === 0, 'the idle timer to drain');
    expect((await sandboxState(h.sandbox)).offlineScansStored).toBe(200);
    expect(storedTokens(h.sandbox)).toEqual(scans(200).map((r) => r.token));
  });

  it('a lost reply is re-sent and the sandbox still counts each scan once', async () => {
    let lost = 0;
    const h = await harness({
      random: () => 0, // retry at once; the back-off itself is covered above
      transport: async (req) => {
        const answer = await nodeHttpTransport(req);
        if (req.label === UPLOAD_LABEL && lost < 2) {
          // The server stored the scans, but the reply never reaches the kiosk.
          lost += 1;
          throw new ProviderUnavailableError(`${req.label}: connection reset before the reply`);
        }
        return answer;
      },
    });
    const records = scans(250);
    enqueueAll(h, records);

    const results = [];
    for (let i = 0; i < 5 && h.queue.pendingCount() > 0; i += 1) results.push(await h.uploader.drainOnce());
    expect(results).toEqual([
      { uploads: 1, acked: 0, dead: 0, failed: true },
      { uploads: 1, acked: 0, dead: 0, failed: true },
      { uploads: 3, acked: 250, dead: 0, failed: false },
    ]);
    const state = await sandboxState(h.sandbox);
    expect(state.offlineUploads).toBe(5); // the first batch arrived three times…
    expect(state.offlineScansStored).toBe(250); // …and was stored once
    expect(storedTokens(h.sandbox)).toEqual(records.map((r) => r.token));
    expect(h.queue.counts()).toEqual({ pending: 0, acked: 250, dead: 0 });
  });

  it('scans the server refuses (400) become dead letters; the rest continue', async () => {
    const h = await harness();
    const good = [...scans(40), ...scans(60, 50)];
    // An event id the API cannot parse: the server answers 400 for that request.
    const bad = scans(10, 40, { eventId: '390:DEMO' });
    enqueueAll(h, [...good.slice(0, 40), ...bad, ...good.slice(40)]);

    const result = await h.uploader.drainOnce();
    expect(result).toEqual({ uploads: 2, acked: 100, dead: 10, failed: false });
    expect(h.retries).toEqual([]);
    expect((await sandboxState(h.sandbox)).offlineScansStored).toBe(100);
    expect(storedTokens(h.sandbox)).toEqual(good.map((r) => r.token));

    const dead = h.queue.deadLetters(100);
    expect(dead.map((d) => d.scanId)).toEqual(bad.map((r) => r.scanId));
    expect(dead[0]?.record).toEqual(bad[0]);
    expect(dead[0]?.reason).toMatch(/HTTP 400.*eventId must be/);
    expect(h.queue.counts()).toEqual({ pending: 0, acked: 100, dead: 10 });
    expect(h.progress.at(-1)).toEqual({ pending: 0, acked: 100, dead: 10 });
  });

  it('stop aborts an upload stuck on a hung server and leaves its scans pending', async () => {
    const h = await harness({ requestTimeoutMs: 60_000 });
    enqueueAll(h, scans(20));
    h.sandbox.setFaults({ hang: true, faultPaths: ['offlineUpload'] });
    h.uploader.start();
    await new Promise((resolve) => setTimeout(resolve, 100));
    await h.uploader.stop();
    expect(h.retries).toEqual([]);
    expect(h.queue.counts()).toEqual({ pending: 20, acked: 0, dead: 0 });

    // The per-upload timeout counts as a failure and backs off.
    h.sandbox.setFaults({ hang: true, faultPaths: ['offlineUpload'] });
    const timed = new Uploader({ queue: h.queue, provider: h.provider, requestTimeoutMs: 100 });
    const retries: UploaderRetry[] = [];
    timed.on('retry', (r) => retries.push(r));
    expect(await timed.drainOnce()).toMatchObject({ uploads: 1, failed: true });
    expect(retries).toHaveLength(1);
    expect(h.queue.pendingCount()).toBe(20);
  });
});
