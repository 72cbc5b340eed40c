/**
 * `npm run chaos`: the full chaos suite against the BUILT web shell (npm run chaos builds first).
 *
 *   npm run chaos                                   every case × every provider × 20 seeds
 *   npm run chaos -- --seeds 5 --cases kill-upload,disk-full --providers entry-v1 --seed 1234
 *   npm run chaos -- --concurrency 3
 *
 * Prints one table (case × provider → scans, journaled, uploaded/queued, duplicates, lost) and merges
 * entries into bench-results.json. Every failing run prints the command that replays it. Exit code 1 when
 * any run breaks the invariant or fails.
 */
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';
import { writeReport } from '../bench/bench-report.js';
import {
  CHAOS_CASES,
  CHAOS_KINDS,
  benchEntries,
  jobsFor,
  replayCommand,
  runJobs,
  seedsFrom,
  table,
} from './chaos-suite.js';

const REPORT = fileURLToPath(new URL('../../bench-results.json', import.meta.url));

const { values } = parseArgs({
  options: {
    seeds: { type: 'string', default: '20' },
    seed: { type: 'string' },
    cases: { type: 'string' },
    providers: { type: 'string' },
    concurrency: { type: 'string', default: '2' },
    'no-report': { type: 'boolean', default: false },
  },
});

const pick = <T extends { name: string }>(all: T[], list: string | undefined): T[] => {
  if (!list) return all;
  const names = list.split(',');
  const unknown = names.filter((n) => !all.some((a) => a.name === n));
  if (unknown.length > 0)
    throw new Error(`unknown: ${unknown.join(', ')} (known: ${all.map((a) => a.name).join(', ')})`);
  return all.filter((a) => names.includes(a.name));
};
const cases = pick(CHAOS_CASES, values.cases);
const kinds = pick(
  CHAOS_KINDS.map((name) => ({ name })),
  values.providers,
).map((k) => k.name);
const firstSeed = Number(values.seed ?? Math.floor(Math.random() * 2 ** 31));
const seeds = seedsFrom(firstSeed, Number(values.seeds));
const jobs = jobsFor(cases, kinds, seeds);
console.log(
  `chaos: ${cases.length} cases × ${kinds.length} providers × ${seeds.length} seeds (from ${firstSeed}) = ${jobs.length} runs, ${values.concurrency} at a time`,
);

const t0 = Date.now();
let done = 0;
const runs = await runJobs(jobs, Number(values.concurrency), (run) => {
  done += 1;
  const bad = run.error || (run.result?.violations.length ?? 0) > 0;
  const f = run.result?.figures;
  const summary = run.notRun
    ? `not run: ${run.notRun}`
    : run.error
      ? `ERROR ${run.error.split('\n')[0]}`
      : `${f!.scans} shown, ${f!.journaled} journaled, ${f!.uploaded}/${f!.queued} uploaded, ${f!.duplicates} dup, ${f!.lost} lost` +
        Object.entries(run.result!.measured)
          .map(([k, v]) => `, ${k} ${v}`)
          .join('');
  console.log(
    `[${done}/${jobs.length}] ${run.case.name} ${run.kind} seed ${run.seed} (${run.seconds} s): ${summary}`,
  );
  if (bad) {
    for (const v of run.result?.violations ?? []) console.log(`    ${v}`);
    if (run.error) console.log(run.error.split('\n').slice(0, 40).join('\n'));
    console.log(`    replay: ${replayCommand(run)}`);
  }
});
console.log(`\n${table(runs)}\n`);
console.log(`chaos: ${runs.length} runs in ${Math.round((Date.now() - t0) / 1000)} s`);
if (!values['no-report']) {
  writeReport(REPORT, benchEntries(runs));
  console.log(`wrote ${REPORT}`);
}
const failed = runs.filter((r) => r.error || (r.result?.violations.length ?? 0) > 0);
if (failed.length > 0) {
  console.log(`\n${failed.length} failing runs; replay with:`);
  for (const f of failed) console.log(`  ${replayCommand(f)}`);
  process.exitCode = 1;
}
