import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KioskConfig } from '../../electron/core/config/kiosk-config.js';
import type { Db } from '../../electron/core/journal/database.js';
import type { Kiosk } from '../../electron/core/kiosk.js';
import { ReferenceStore } from '../../electron/core/offline/reference-store.js';
import { UploadQueue } from '../../electron/core/offline/upload-queue.js';
import { bootKiosk, type BootedKiosk } from '../../electron/host/boot.js';
import { entryV1DemoKit, type EntryV1Sandbox } from '../../electron/sandbox/entry-v1/index.js';

/**
 * Issue 4, "Flap test": the sandbox alternates up / down / slow every couple of seconds while a stream of
 * scans arrives. Every decision must come inside the budget; afterwards every scan is journaled exactly
 * once and every scan the server did not see decided live reaches it exactly once (by upload), never both.
 * The real parts, composed by the host's composition root, in-process against the Entry V1 sandbox.
 */

const BUDGET_MS = 1000;
/** Timer and event-loop slack allowed on top of the budget (SQLite FULL-sync commits share the loop). */
const MARGIN_MS = 250;
const LATE_WINDOW_MS = 1500;
const SCANS = 600;
const SCAN_GAP_MS = 35;
const PHASE_MS = 1800;
/** Past the budget but well inside the late-answer window: the server answers late, and the kiosk hears it. */
const LATE_LATENCY_MS = 1700;
/** Under the budget but over `slowAverageMs`: answered in time, yet the moving average says "slow". */
const SLUGGISH_LATENCY_MS = 850;
const KNOWN_TICKETS = 250;

const ALL_ROUTES = [
  'session',
  'sessionLite',
  'events',
  'venues',
  'ping',
  'scan',
  'ticketLookup',
  'offlineUpload',
];

type Phase = 'up' | 'down' | 'slow-late' | 'slow-average' | 'slow-hang';

interface JournalRow {
  scan_id: string;
  token: string;
  mode: string;
  outcome: string;
  reason_code: string;
  late_outcome: string | null;
  late_at: number | null;
  reconciliation: string | null;
}

interface Submitted {
  token: string;
  known: boolean;
  ms: number;
  scanId?: string;
  kind?: string;
  phase: Phase;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function waitFor(what: string, check: () => boolean, timeoutMs: number): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > until) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(25);
  }
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
}

describe('offline flap test (issue 4)', () => {
  let dir: string;
  let db: Db | undefined;
  let sandbox: EntryV1Sandbox | undefined;
  let booted: BootedKiosk | undefined;
  let kiosk: Kiosk | undefined;
  let queue: UploadQueue;
  let knownTokens: string[];
  const transitions: { at: number; mode: string }[] = [];

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'gatepost-flap-'));
    const kit = await entryV1DemoKit.start({ extraTickets: KNOWN_TICKETS });
    sandbox = kit.sandbox as EntryV1Sandbox;
    knownTokens = kit.extraTokens;
    const config = KioskConfig.parse({
      provider: { kind: 'entry-v1', ...kit.settings },
      decisionBudgetMs: BUDGET_MS,
      rereadWindowMs: 0,
      // A scan every 35 ms under a 1 s budget keeps ~30 in flight while the API hangs: far above a real
      // scanner's pace (the default limit's reason), so the limit is raised for this stream.
      maxScansInFlight: 64,
      heartbeatIntervalMs: 0,
      offline: {
        faultsInARow: 2,
        probeIntervalMs: 200,
        lateAnswerWindowMs: LATE_WINDOW_MS,
        uploadBackoffBaseMs: 20,
        uploadBackoffMaxMs: 300,
        slowAverageMs: 800,
        averageWindow: 3,
      },
    });
    booted = await bootKiosk({ dataDir: dir, config, logger: pino({ level: 'silent' }) });
    ({ kiosk, db } = booted);
    queue = new UploadQueue(booted.db);
    const store = new ReferenceStore(booted.db);
    let last = 'online';
    kiosk.on('kiosk.status', (s) => {
      if (s.connectivity === last) return;
      last = s.connectivity;
      transitions.push({ at: Date.now(), mode: s.connectivity });
    });
    await waitFor('kiosk ready', () => kiosk!.status().ready, 10_000);
    await waitFor('reference data synced', () => store.syncedAt('entry-v1') !== undefined, 10_000);
  }, 30_000);

  afterAll(async () => {
    sandbox?.resetFaults();
    await booted?.close();
    await sandbox?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('decides every scan inside the budget while the API flaps, and loses or duplicates nothing', async () => {
    const sb = sandbox!;
    const k = kiosk!;

    // --- the flapper: up → down → slow, every PHASE_MS. The slow phase takes turns between three shapes:
    // answers after the budget (late answers), answers in time but slow on average, and no answer at all.
    const slowShapes = [
      { phase: 'slow-late', faults: { latencyMs: LATE_LATENCY_MS, faultPaths: ['scan'] } },
      { phase: 'slow-average', faults: { latencyMs: SLUGGISH_LATENCY_MS, faultPaths: ['scan'] } },
      { phase: 'slow-hang', faults: { hang: true, faultPaths: ['scan'] } },
    ] as const;
    let phase: Phase = 'up';
    const phasesSeen: Phase[] = [];
    let flapping = true;
    const flapper = (async () => {
      for (let cycle = 0; flapping; cycle++) {
        for (const next of ['up', 'down', 'slow'] as const) {
          if (!flapping) break;
          const slow = slowShapes[cycle % slowShapes.length]!;
          if (next === 'up') sb.resetFaults();
          else if (next === 'down') sb.setFaults({ status: 503, faultPaths: ALL_ROUTES });
          else sb.setFaults({ ...slow.faults, faultPaths: [...slow.faults.faultPaths] });
          phase = next === 'slow' ? slow.phase : next;
          phasesSeen.push(phase);
          await sleep(PHASE_MS);
        }
      }
    })();

    // --- the scan stream: distinct tokens; known tickets, unknown tokens that match the event's mask,
    // and tokens no event's mask matches.
    const submitted: Submitted[] = [];
    const pending: Promise<void>[] = [];
    let knownUsed = 0;
    for (let i = 0; i < SCANS; i++) {
      let token: string;
      let known = false;
      if (i % 2 === 0 && knownUsed < knownTokens.length) {
        token = knownTokens[knownUsed++]!;
        known = true;
      } else if (i % 4 === 1) token = String(39_200_000_000_000 + i);
      else token = String(48_000_000_000_000 + i);
      const entry: Submitted = { token, known, ms: NaN, phase };
      submitted.push(entry);
      const started = performance.now();
      pending.push(
        k
          .submit({
            token,
            inputType: 'Barcode',
            barcodeType: 'Barcode',
            source: 'wedge',
            receivedAt: Date.now(),
          })
          .then((out) => {
            entry.ms = performance.now() - started;
            entry.kind = out.kind;
            entry.scanId = out.kind === 'decided' ? out.scan.scanId : out.kind === 'reread' ? out.of : '';
          }),
      );
      await sleep(SCAN_GAP_MS);
    }
    await Promise.all(pending);
    flapping = false;
    await flapper;

    // --- back up for good; let every late-answer window close and the queue drain.
    sb.resetFaults();
    await sleep(BUDGET_MS + LATE_WINDOW_MS + 500);
    await waitFor('connectivity back online', () => k.status().connectivity === 'online', 10_000);
    await waitFor('upload queue drained', () => queue.pendingCount() === 0, 30_000);

    // --- 1. every decision inside the budget (measured from the call to its resolution).
    const times = submitted.map((s) => s.ms).sort((a, b) => a - b);
    const late = submitted.filter((s) => !(s.ms <= BUDGET_MS + MARGIN_MS));
    const stats = {
      scans: submitted.length,
      p50: percentile(times, 50),
      p99: percentile(times, 99),
      max: times.at(-1),
    };

    // --- 2. every scan journaled exactly once.
    const rows = db!
      .prepare(
        'SELECT scan_id, token, mode, outcome, reason_code, late_outcome, late_at, reconciliation FROM scans',
      )
      .all() as JournalRow[];
    const rowsById = new Map<string, JournalRow[]>();
    for (const row of rows) rowsById.set(row.scan_id, [...(rowsById.get(row.scan_id) ?? []), row]);
    const rowsByToken = new Map<string, number>();
    for (const row of rows) rowsByToken.set(row.token, (rowsByToken.get(row.token) ?? 0) + 1);
    const byMode: Record<string, number> = {};
    for (const row of rows) byMode[row.mode] = (byMode[row.mode] ?? 0) + 1;
    const lateAnswered = rows.filter((r) => r.late_outcome !== null);

    // --- 3. the server saw each scan exactly once: live, or by upload, never both, never neither.
    const uploadsByToken = new Map<string, number>();
    for (const scan of sb.offlineScans())
      uploadsByToken.set(scan.token, (uploadsByToken.get(scan.token) ?? 0) + 1);
    const queueRows = db!.prepare('SELECT scan_id, state, acked_at FROM upload_queue').all() as {
      scan_id: string;
      state: string;
      acked_at: number | null;
    }[];
    const queueById = new Map(queueRows.map((q) => [q.scan_id, q]));
    const uploadProblems: string[] = [];
    const historyProblems: string[] = [];
    for (const row of rows) {
      const uploads = uploadsByToken.get(row.token) ?? 0;
      const heardLive = row.mode === 'online' || (row.mode === 'timeout' && row.late_outcome !== null);
      const expectUploads = heardLive ? 0 : 1;
      if (uploads !== expectUploads) {
        const queued = queueById.get(row.scan_id);
        const order =
          queued?.acked_at != null && row.late_at !== null
            ? ` acked ${row.late_at - queued.acked_at} ms before the late answer`
            : '';
        uploadProblems.push(
          `${row.token} mode=${row.mode} late=${row.late_outcome ?? '-'} uploads=${uploads} (expected ${expectUploads}) queue=${queued?.state ?? 'none'}${order}`,
        );
      }
      // Known tickets: the sandbox's history records both live scans and applied uploads.
      const history = sb.tickets.lookup(row.token)?.history;
      if (history && history.length !== 1)
        historyProblems.push(
          `${row.token} mode=${row.mode} late=${row.late_outcome ?? '-'} history=${history.map((h) => h.deviceStatus).join('+') || 'none'}`,
        );
    }
    const totalUploaded = [...uploadsByToken.values()].reduce((a, b) => a + b, 0);

    const report = {
      ...stats,
      overBudget: late.length,
      rowsByMode: byMode,
      lateAnswers: lateAnswered.length,
      reconciliations: lateAnswered.reduce<Record<string, number>>((acc, r) => {
        const key = r.reconciliation ?? 'none';
        acc[key] = (acc[key] ?? 0) + 1;
        return acc;
      }, {}),
      uploadedScans: totalUploaded,
      uploadRequests: sb.state.offlineUploads,
      queue: queue.counts(),
      transitions: transitions.length,
      phases: phasesSeen.join(' '),
    };
    console.log(`offline flap test: ${JSON.stringify(report)}`);

    // Timing: the one timing assertion the issue asks for.
    expect(
      late.map((s) => `${s.token} (${s.phase}) ${s.ms.toFixed(0)} ms`),
      `decisions past ${BUDGET_MS} + ${MARGIN_MS} ms`,
    ).toEqual([]);
    // Nothing lost: one journal row per submitted scan, one decision per row.
    expect(submitted.every((s) => s.kind === 'decided')).toBe(true);
    expect(rows).toHaveLength(SCANS);
    expect(new Set(submitted.map((s) => s.scanId)).size).toBe(SCANS);
    for (const s of submitted) {
      expect(rowsById.get(s.scanId!), `journal rows for ${s.token}`).toHaveLength(1);
      expect(rowsByToken.get(s.token), `journal rows for token ${s.token}`).toBe(1);
    }
    expect(rows.filter((r) => r.reason_code === 'KIOSK_FAULT')).toEqual([]);
    // The stream really flapped: online, timeout and offline decisions, and switches both ways.
    expect(byMode.online ?? 0).toBeGreaterThan(0);
    expect(byMode.timeout ?? 0).toBeGreaterThan(0);
    expect(byMode.offline ?? 0).toBeGreaterThan(0);
    expect(transitions.filter((t) => t.mode === 'offline').length).toBeGreaterThanOrEqual(3);
    expect(transitions.filter((t) => t.mode === 'online').length).toBeGreaterThanOrEqual(3);
    // Nothing stuck or dropped in the queue.
    expect(queue.counts()).toMatchObject({ pending: 0, dead: 0 });
    // Exactly once at the server: a scan counted live (online, or a timeout whose late answer came) is never
    // uploaded; every other offline/timeout scan is uploaded once. Soft, so every view of a breach shows.
    expect(lateAnswered.length, 'late answers recorded (the slow-late phases ran)').toBeGreaterThan(0);
    expect.soft(uploadProblems, 'scans reaching the sandbox other than exactly once').toEqual([]);
    expect.soft(historyProblems, 'known tickets the sandbox counted other than once').toEqual([]);
    expect
      .soft(totalUploaded, 'scans uploaded')
      .toBe(rows.filter((r) => r.mode === 'offline' || (r.mode === 'timeout' && !r.late_outcome)).length);
  }, 90_000);
});
