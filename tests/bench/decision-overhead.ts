import { mkdtempSync, rmSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import pino from 'pino';
import { createProvider } from '../../electron/host/create-provider.js';
import { bootKiosk } from '../../electron/host/boot.js';
import type { TicketCheckProvider } from '../../electron/core/providers/provider.js';
import { KioskConfig } from '../../electron/core/config/kiosk-config.js';
import { openDatabase, preallocateWal } from '../../electron/core/journal/database.js';
import { startSandboxChild } from './sandbox-child.js';
import { summarise, type BenchEntry } from './bench-report.js';

const WARMUP = 100;

/**
 * Scan-in → decision through the real pipeline (normalise, re-read index, fallback checker, the provider
 * over loopback HTTP to its sandbox at zero added latency, the recorder's synchronous=FULL commit), built
 * by the host's composition root, with the sandbox in another process. In the same run it measures the
 * two physical costs the kiosk cannot avoid — a bare keep-alive HTTP round trip to the same sandbox
 * process and a bare synchronous=FULL commit of one row — and reports the decision's p99 as a ratio to
 * their sum (goal ≤ 1.25).
 */
export async function benchDecisionOverhead(kind: string, measured: number): Promise<BenchEntry[]> {
  const sandbox = await startSandboxChild(kind, WARMUP + measured);
  const dir = mkdtempSync(join(tmpdir(), 'gatepost-bench-'));
  try {
    const logger = pino({ level: 'silent' });
    const config = KioskConfig.parse({ provider: { kind, ...sandbox.settings }, heartbeatIntervalMs: 0 });
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
    const booted = await bootKiosk({ dataDir: join(dir, 'kiosk'), config, provider: timed, logger });
    const { kiosk } = booted;
    while (!kiosk.status().ready) await new Promise((r) => setTimeout(r, 10));
    // Let start-up work (the first reference sync, WAL pre-growth's checkpoint) finish before measuring.
    const settled = Date.now();
    while (
      inner.syncReference &&
      kiosk.adminStatus().referenceSyncedAt === undefined &&
      Date.now() - settled < 10_000
    )
      await new Promise((r) => setTimeout(r, 20));
    await new Promise((r) => setTimeout(r, 500));

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
    await booted.close();
    if (admitted !== tokens.length)
      throw new Error(`${kind}: expected every bench scan to admit, got ${admitted}/${tokens.length}`);

    const roundTrips = await bareRoundTrips(sandboxOrigin(sandbox.settings), WARMUP + measured);
    const commits = bareCommits(join(dir, 'bare.sqlite3'), WARMUP + measured);
    const decision = summarise(
      `decision.scan-to-decision.${kind}-loopback`,
      total,
      5,
      `scan received → decision journaled (synchronous=FULL) and emitted; ${kind} sandbox on loopback (separate process), 0 ms added latency`,
    );
    const rtt = summarise(
      `baseline.http-round-trip.${kind}`,
      roundTrips.slice(WARMUP),
      null,
      'bare keep-alive HTTP GET to the same sandbox process (unknown path → 404), node:http',
    );
    const commit = summarise(
      `baseline.journal-commit.${kind}-run`,
      commits.slice(WARMUP),
      null,
      'bare INSERT of one row, WAL + synchronous=FULL, pre-grown WAL, own transaction',
    );
    const ratio = decision.p99 / (rtt.p99 + commit.p99);
    return [
      decision,
      summarise(
        `decision.pipeline-overhead.${kind}`,
        pipeline,
        null,
        'the same, minus the provider HTTP calls',
      ),
      rtt,
      commit,
      {
        name: `decision.p99-ratio-to-physical.${kind}`,
        unit: 'ratio',
        n: total.length,
        p50: Math.round((decision.p50 / (rtt.p50 + commit.p50)) * 100) / 100,
        p99: Math.round(ratio * 100) / 100,
        goal: 1.25,
        note: 'scan→decision p99 / (bare round trip p99 + bare commit p99), same run',
      },
    ];
  } finally {
    await sandbox.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

function sandboxOrigin(settings: Record<string, unknown>): string {
  const url = Object.values(settings).find(
    (v): v is string => typeof v === 'string' && v.startsWith('http://127.0.0.1'),
  );
  if (!url) throw new Error('sandbox settings carry no loopback URL');
  return new URL(url).origin;
}

async function bareRoundTrips(origin: string, n: number): Promise<number[]> {
  const agent = new Agent({ keepAlive: true, maxSockets: 1 });
  const times: number[] = [];
  try {
    for (let i = 0; i < n; i++) {
      const t = performance.now();
      await new Promise<void>((resolve, reject) => {
        const req = request(`${origin}/__bench/round-trip`, { agent }, (res) => {
          res.resume();
          res.on('end', resolve);
        });
        req.on('error', reject);
        req.end();
      });
      times.push(performance.now() - t);
    }
  } finally {
    agent.destroy();
  }
  return times;
}

function bareCommits(file: string, n: number): number[] {
  const db = openDatabase(file);
  preallocateWal(db);
  db.exec('CREATE TABLE bare (id INTEGER PRIMARY KEY, payload TEXT NOT NULL)');
  const insert = db.prepare('INSERT INTO bare (payload) VALUES (?)');
  const times: number[] = [];
  for (let i = 0; i < n; i++) {
    const t = performance.now();
    insert.run(`scan-${i}-${'x'.repeat(200)}`);
    times.push(performance.now() - t);
  }
  db.close();
  return times;
}
