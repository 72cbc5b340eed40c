import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { reapOnExit, removeOnExit } from '../support/reaper.js';
import type { BenchEntry } from './bench-report.js';
import { bundleForNode } from './node-bundle.js';

const CHILD = fileURLToPath(new URL('./reference-sync-child.ts', import.meta.url));
const TICKETS = 1_000_000;

interface Figures {
  seconds: number;
  stored: number;
  peakRssMiB: number;
  loopMaxMs: number;
  loopP99Ms: number;
}

function runChild(bundle: string, mode: 'stream' | 'array' | 'idle'): Promise<Figures> {
  const dir = mkdtempSync(join(tmpdir(), 'gatepost-bench-refsync-'));
  const cleanup = removeOnExit(dir);
  return new Promise<Figures>((resolve, reject) => {
    reapOnExit(
      execFile(
        process.execPath,
        [bundle, dir, String(TICKETS), mode],
        { maxBuffer: 1024 * 1024, timeout: 600_000 },
        (err, stdout, stderr) => {
          rmSync(dir, { recursive: true, force: true });
          cleanup.forget();
          if (err) return reject(new Error(`reference sync (${mode}) failed: ${stderr || err.message}`));
          resolve(JSON.parse(stdout.trim().split('\n').at(-1)!) as Figures);
        },
      ),
    );
  });
}

const round = (v: number, places = 1) => Math.round(v * 10 ** places) / 10 ** places;

/**
 * Issue 7, item 7: a reference sync of 1,000,000 tickets, each in its own process so the peak RSS is the
 * sync's: streamed (pages parsed and stored chunk by chunk, ReferenceStore.sync; goal ≤ 150 MB) and, for
 * comparison, as one array written in one transaction (how it worked before: 390 MiB in the issue).
 */
export async function benchReferenceSync(): Promise<BenchEntry[]> {
  // Plain node on a bundle, as the kiosk runs: tsx alone would add ~45 MiB to the figure.
  const bundle = await bundleForNode(CHILD);
  const idle = await runChild(bundle, 'idle');
  const stream = await runChild(bundle, 'stream');
  const array = await runChild(bundle, 'array');
  for (const [mode, f] of [
    ['stream', stream],
    ['array', array],
  ] as const)
    if (f.stored !== TICKETS) throw new Error(`reference sync (${mode}) stored ${f.stored} of ${TICKETS}`);
  return [
    {
      name: 'offline.reference-sync-1m.stream.peak-rss',
      unit: 'MiB',
      n: TICKETS,
      p50: round(stream.peakRssMiB),
      p99: round(stream.peakRssMiB),
      // 150 MB
      goal: 143,
      note:
        `whole process under plain node (the same process with the modules loaded and no sync: ` +
        `${round(idle.peakRssMiB)} MiB); pages of 1,000 tickets parsed from JSON, staged, sorted, copied; ` +
        `the whole list as one array in one transaction instead: ${round(array.peakRssMiB)} MiB`,
    },
    {
      name: 'offline.reference-sync-1m.stream',
      unit: 's',
      n: TICKETS,
      p50: round(stream.seconds, 2),
      p99: round(stream.seconds, 2),
      goal: null,
      note:
        `event loop held at most ${round(stream.loopMaxMs)} ms (p99 ${round(stream.loopP99Ms)} ms) while ` +
        `syncing (the longest: the one sort); one array in one transaction: ${round(array.seconds, 2)} s, ` +
        `all of it holding the event loop`,
    },
  ];
}
