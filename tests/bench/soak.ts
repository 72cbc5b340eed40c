import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { reapOnExit, removeOnExit } from '../support/reaper.js';
import type { BenchEntry } from './bench-report.js';
import { bundleForNode } from './node-bundle.js';
import { startSandboxChild } from './sandbox-child.js';

const CHILD = fileURLToPath(new URL('./soak-child.ts', import.meta.url));
const SCANS = 100_000;
const EVERY = 10_000;

interface Sample {
  scans: number;
  rssMiB: number;
  heapMiB: number;
}

/** Least-squares slope of `y` against scans, per 10,000 scans. */
export function slopePer10k(samples: Sample[], y: (s: Sample) => number): number {
  const n = samples.length;
  const mx = samples.reduce((a, s) => a + s.scans, 0) / n;
  const my = samples.reduce((a, s) => a + y(s), 0) / n;
  const num = samples.reduce((a, s) => a + (s.scans - mx) * (y(s) - my), 0);
  const den = samples.reduce((a, s) => a + (s.scans - mx) ** 2, 0);
  return (num / den) * 10_000;
}

const round = (v: number, places = 2) => Math.round(v * 10 ** places) / 10 ** places;

/**
 * Issue 7, item 7: 100,000 scans through the kiosk core (online, Entry V1 sandbox in its own process),
 * RSS and heap sampled after a full GC every 10,000 scans; the slope of each (least squares over the
 * samples after the first 10,000, which include warm-up) must be flat.
 */
export async function benchSoak(): Promise<BenchEntry[]> {
  const sandbox = await startSandboxChild('entry-v1', SCANS);
  const dir = mkdtempSync(join(tmpdir(), 'gatepost-bench-soak-'));
  const cleanup = removeOnExit(dir);
  try {
    const settingsFile = join(dir, 'settings.json');
    writeFileSync(settingsFile, JSON.stringify({ settings: sandbox.settings, tokens: sandbox.extraTokens }));
    const bundle = await bundleForNode(CHILD);
    const out = await new Promise<string>((resolve, reject) => {
      reapOnExit(
        execFile(
          process.execPath,
          ['--expose-gc', bundle, settingsFile, join(dir, 'data'), String(SCANS), String(EVERY)],
          { maxBuffer: 4 * 1024 * 1024, timeout: 900_000 },
          (err, stdout, stderr) =>
            err ? reject(new Error(`soak failed: ${stderr || err.message}`)) : resolve(stdout),
        ),
      );
    });
    const { samples, seconds, outcomes } = JSON.parse(out.trim().split('\n').at(-1)!) as {
      samples: Sample[];
      seconds: number;
      outcomes: Record<string, number>;
    };
    if ((outcomes['admit/online'] ?? 0) !== SCANS)
      throw new Error(`soak: expected ${SCANS} online admits, got ${JSON.stringify(outcomes)}`);
    const steady = samples.filter((s) => s.scans >= EVERY);
    const rss = slopePer10k(steady, (s) => s.rssMiB);
    const heap = slopePer10k(steady, (s) => s.heapMiB);
    const first = steady[0]!;
    const last = steady.at(-1)!;
    const note =
      `${SCANS} online scans in ${round(seconds, 1)} s; after a full GC at 10k → 100k scans: ` +
      `RSS ${round(first.rssMiB, 1)} → ${round(last.rssMiB, 1)} MiB, heap ${round(first.heapMiB, 1)} → ` +
      `${round(last.heapMiB, 1)} MiB (least-squares slope over the 10 samples; RSS by 10k: ` +
      `${steady.map((s) => round(s.rssMiB, 1)).join(', ')})`;
    return [
      {
        name: 'soak.100k-scans.rss-slope',
        unit: 'MiB/10k',
        n: SCANS,
        p50: round(rss),
        p99: round(rss),
        goal: 1,
        note,
      },
      {
        name: 'soak.100k-scans.heap-slope',
        unit: 'MiB/10k',
        n: SCANS,
        p50: round(heap),
        p99: round(heap),
        goal: 0.5,
        note,
      },
    ];
  } finally {
    await sandbox.stop();
    rmSync(dir, { recursive: true, force: true });
    cleanup.forget();
  }
}
