/**
 * `npm run bench`: runs every benchmark in one go and writes bench-results.json at the repo root
 * (entries merged by name; later issues add their own).
 */
import { fileURLToPath } from 'node:url';
import { benchDecisionOverhead } from './decision-overhead.js';
import { benchPaintedLatency } from './painted-latency.js';
import { writeReport, type BenchEntry } from './bench-report.js';

const REPORT = fileURLToPath(new URL('../../bench-results.json', import.meta.url));

const entries: BenchEntry[] = [];
for (const bench of [benchDecisionOverhead, benchPaintedLatency]) {
  const results = await bench();
  for (const r of results) {
    const verdict =
      r.goal === null ? '' : r.p99 <= r.goal ? '  (goal met)' : `  (GOAL ${r.goal} ${r.unit} MISSED)`;
    console.log(`${r.name}: n=${r.n} p50=${r.p50} ${r.unit} p99=${r.p99} ${r.unit}${verdict}`);
  }
  entries.push(...results);
}
writeReport(REPORT, entries);
console.log(`wrote ${REPORT}`);
