import type { BenchEntry } from '../bench/bench-report.js';
import { percentile } from '../bench/bench-report.js';
import type { CaseResult, ChaosCase } from './chaos-case.js';
import { killCases } from './cases-kill.js';
import { networkCases } from './cases-network.js';
import { storageCases } from './cases-storage.js';
import { clockAndBurstCases } from './cases-clock-burst.js';
import { CHAOS_KINDS } from './chaos-providers.js';
import { NotRunnable } from './tmpfs.js';

export const CHAOS_CASES: ChaosCase[] = [
  ...killCases,
  ...networkCases,
  ...storageCases,
  ...clockAndBurstCases,
];
export { CHAOS_KINDS };

export interface Job {
  case: ChaosCase;
  kind: string;
  seed: number;
}

export interface JobRun extends Job {
  result?: CaseResult;
  /** The case could not run here (no root for a tmpfs…): reported with the reason. */
  notRun?: string;
  error?: string;
  seconds: number;
}

/** How to replay one run exactly. */
export function replayCommand(job: Job): string {
  return `npm run chaos -- --cases ${job.case.name} --providers ${job.kind} --seed ${job.seed} --seeds 1`;
}

export async function runJob(job: Job, log: (line: string) => void = () => undefined): Promise<JobRun> {
  const t0 = performance.now();
  const seconds = () => Math.round((performance.now() - t0) / 100) / 10;
  try {
    const result = await job.case.run({ kind: job.kind, seed: job.seed, name: job.case.name, log });
    return { ...job, result, seconds: seconds() };
  } catch (err) {
    if (err instanceof NotRunnable) return { ...job, notRun: err.message, seconds: seconds() };
    return {
      ...job,
      error: err instanceof Error ? (err.stack ?? err.message) : String(err),
      seconds: seconds(),
    };
  }
}

/**
 * At most `size` jobs at once (most of a case is waiting on the kiosk, the network or the clock); an
 * exclusive job (see ChaosCase.exclusive) waits until it can run alone, and nothing starts beside it.
 */
export class Slots {
  private active = 0;
  private exclusiveRunning = false;
  /** Exclusive jobs waiting: nothing new starts until they have had their turn alone. */
  private exclusiveWaiting = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(private readonly size: number) {}

  async run<T>(exclusive: boolean, work: () => Promise<T>): Promise<T> {
    if (exclusive) this.exclusiveWaiting += 1;
    const blocked = () =>
      this.exclusiveRunning ||
      this.active >= this.size ||
      (exclusive ? this.active > 0 : this.exclusiveWaiting > 0);
    while (blocked()) await new Promise<void>((resolve) => this.waiting.push(resolve));
    if (exclusive) this.exclusiveWaiting -= 1;
    this.active += 1;
    this.exclusiveRunning = exclusive;
    try {
      return await work();
    } finally {
      this.active -= 1;
      if (exclusive) this.exclusiveRunning = false;
      for (const wake of this.waiting.splice(0)) wake();
    }
  }
}

/** Runs `jobs` through `Slots` of `concurrency`. */
export async function runJobs(
  jobs: Job[],
  concurrency: number,
  onDone: (run: JobRun) => void = () => undefined,
): Promise<JobRun[]> {
  const slots = new Slots(Math.max(1, concurrency));
  return Promise.all(
    jobs.map((job) =>
      slots.run(job.case.exclusive ?? false, async () => {
        const run = await runJob(job);
        onDone(run);
        return run;
      }),
    ),
  );
}

/** The seeds of `count` runs starting at `first`. */
export function seedsFrom(first: number, count: number): number[] {
  return Array.from({ length: count }, (_, i) => (first + i) >>> 0);
}

export function jobsFor(cases: ChaosCase[], kinds: string[], seeds: number[]): Job[] {
  // The long waits first, so a pool finishes them alongside the short ones.
  const order = [...cases].sort((a, b) => weight(b) - weight(a));
  return order.flatMap((c) => kinds.flatMap((kind) => seeds.map((seed) => ({ case: c, kind, seed }))));
}

function weight(c: ChaosCase): number {
  if (c.name.endsWith('-30s')) return 3;
  if (c.name.startsWith('burst') || c.name === 'reboot-during-outage') return 2;
  return 1;
}

interface Row {
  case: string;
  provider: string;
  runs: number;
  scans: number;
  journaled: number;
  queued: number;
  uploaded: number;
  duplicates: number;
  lost: number;
  failed: number;
  notes: Set<string>;
}

function rows(runs: JobRun[]): Row[] {
  const byKey = new Map<string, Row>();
  for (const r of runs) {
    const key = `${r.case.name}\u0000${r.kind}`;
    let row = byKey.get(key);
    if (!row) {
      row = {
        case: r.case.name,
        provider: r.kind,
        runs: 0,
        scans: 0,
        journaled: 0,
        queued: 0,
        uploaded: 0,
        duplicates: 0,
        lost: 0,
        failed: 0,
        notes: new Set(),
      };
      byKey.set(key, row);
    }
    row.runs += 1;
    if (r.notRun) row.notes.add(`NOT RUN: ${r.notRun}`);
    if (r.error) {
      row.failed += 1;
      row.notes.add(`ERROR (seed ${r.seed}): ${r.error.split('\n')[0]}`);
    }
    const f = r.result?.figures;
    if (f) {
      row.scans += f.scans;
      row.journaled += f.journaled;
      row.queued += f.queued;
      row.uploaded += f.uploaded;
      row.duplicates += f.duplicates;
      row.lost += f.lost;
    }
    if (r.result && r.result.violations.length > 0) {
      row.failed += 1;
      row.notes.add(`VIOLATION (seed ${r.seed}): ${r.result.violations[0]}`);
    }
    for (const n of r.result?.notes ?? []) if (!/^\d+ scans in flight/.test(n)) row.notes.add(n);
  }
  return [...byKey.values()];
}

/** The one table: case × provider → scans, journaled, uploaded, duplicates, lost (summed over seeds). */
export function table(runs: JobRun[], opts: { notes?: boolean } = {}): string {
  const header = [
    'case',
    'provider',
    'runs',
    'scans',
    'journaled',
    'uploaded/queued',
    'duplicates',
    'lost',
    'failed',
  ];
  const body = rows(runs).map((r) => [
    r.case,
    r.provider,
    String(r.runs),
    String(r.scans),
    String(r.journaled),
    r.provider === 'walletthat' ? 'n/a' : `${r.uploaded}/${r.queued}`,
    String(r.duplicates),
    String(r.lost),
    String(r.failed),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((b) => b[i]!.length)));
  const line = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i]!)).join(' | ')} |`;
  const out = [line(header), `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...body.map(line)];
  if (opts.notes ?? true) {
    const notes = rows(runs).flatMap((r) => [...r.notes].map((n) => `- ${r.case} / ${r.provider}: ${n}`));
    if (notes.length > 0) out.push('', 'Notes:', ...notes);
  }
  return out.join('\n');
}

/** bench-results.json entries: per case, lost and duplicate scans per run (goal 0), and measured figures. */
export function benchEntries(runs: JobRun[], prefix = 'chaos'): BenchEntry[] {
  const entries: BenchEntry[] = [];
  const byCase = new Map<string, JobRun[]>();
  for (const r of runs) byCase.set(r.case.name, [...(byCase.get(r.case.name) ?? []), r]);
  for (const [name, list] of byCase) {
    const done = list.filter((r) => r.result);
    if (done.length === 0) continue;
    const lost = done.map((r) => r.result!.figures.lost + r.result!.figures.duplicates);
    const sum = (k: keyof CaseResult['figures']) => done.reduce((a, r) => a + r.result!.figures[k], 0);
    const kinds = [...new Set(done.map((r) => r.kind))].join(', ');
    entries.push({
      name: `${prefix}.${name}.lost-or-duplicated`,
      unit: 'count',
      n: done.length,
      p50: percentile(lost, 50),
      p99: percentile(lost, 99),
      goal: 0,
      note:
        `${done.length} runs (${kinds}): ${sum('scans')} decisions shown, ${sum('journaled')} journaled, ` +
        `${sum('uploaded')}/${sum('queued')} queued scans on the server once, ${sum('duplicates')} duplicates, ` +
        `${sum('lost')} lost, ${list.filter((r) => r.error || (r.result?.violations.length ?? 0) > 0).length} failed runs`,
    });
    const measuredKeys = new Set(done.flatMap((r) => Object.keys(r.result!.measured)));
    for (const key of measuredKeys) {
      const values = done
        .map((r) => r.result!.measured[key])
        .filter((v): v is number => typeof v === 'number');
      const unit = key.endsWith('MiB')
        ? 'MiB'
        : key.startsWith('ms')
          ? 'ms'
          : key.endsWith('Seconds')
            ? 's'
            : 'count';
      const goal = key === 'msToAnswerMax' ? 2000 : key === 'falseAdmits' ? 0 : null;
      entries.push({
        name: `${prefix}.${name}.${key}`,
        unit,
        n: values.length,
        p50: percentile(values, 50),
        p99: percentile(values, 99),
        goal,
      });
    }
  }
  return entries;
}
