import { existsSync, readFileSync, writeFileSync } from 'node:fs';

export interface BenchEntry {
  name: string;
  unit: 'ms' | 's' | 'MiB' | 'ratio' | 'count' | 'MiB/10k' | 'inputs/s';
  n: number;
  p50: number;
  p99: number;
  /** The goal the p99 (or the single figure) should meet; null where the issue sets none. */
  goal: number | null;
  note?: string;
}

/** Nearest-rank percentile over a copy of the samples. */
export function percentile(samples: number[], p: number): number {
  if (samples.length === 0) return NaN;
  const sorted = [...samples].sort((a, b) => a - b);
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank]!;
}

export function summarise(name: string, samples: number[], goal: number | null, note?: string): BenchEntry {
  const round = (v: number) => Math.round(v * 1000) / 1000;
  return {
    name,
    unit: 'ms',
    n: samples.length,
    p50: round(percentile(samples, 50)),
    p99: round(percentile(samples, 99)),
    goal,
    ...(note && { note }),
  };
}

/** Merges entries into the report by name, so later benchmarks add to the same file. */
export function writeReport(file: string, entries: BenchEntry[]): void {
  const existing: BenchEntry[] = existsSync(file)
    ? (JSON.parse(readFileSync(file, 'utf8')) as BenchEntry[])
    : [];
  const byName = new Map(existing.map((e) => [e.name, e]));
  for (const e of entries) byName.set(e.name, e);
  writeFileSync(file, JSON.stringify([...byName.values()], null, 2) + '\n');
}
