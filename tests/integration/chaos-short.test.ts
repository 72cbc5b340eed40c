/**
 * Issue 7: the chaos suite's short form, in `npm test`. Every case against every provider's sandbox, once,
 * through the BUILT web shell in a child process (tests/chaos; the full form is `npm run chaos`, ≥ 20
 * seeds per case). Each run checks the invariant: every decision shown is journaled exactly once and,
 * where the provider takes uploads, on the server exactly once; no dead letter the server did not refuse.
 *
 * One seed for the whole run, printed; replay a failure with the command in its message, or the whole
 * short form with `GATEPOST_CHAOS_SEED=<seed> npx vitest run tests/integration/chaos-short`. Cases that
 * need root (a tmpfs for the full disk and the read-only data dir) are reported as skipped with the
 * reason where mounting is impossible.
 */
import { afterAll, describe, expect, it } from 'vitest';
import {
  CHAOS_CASES,
  CHAOS_KINDS,
  Slots,
  replayCommand,
  runJob,
  table,
  type JobRun,
} from '../chaos/chaos-suite.js';

const seed = Number(process.env.GATEPOST_CHAOS_SEED ?? Math.floor(Math.random() * 2 ** 31));
/** Runs at once: a case mostly waits on the kiosk, the network or the clock; the machine has 2 cores. */
const CONCURRENCY = Number(process.env.GATEPOST_CHAOS_CONCURRENCY ?? 3);

const slots = new Slots(CONCURRENCY);

const runs: JobRun[] = [];

describe.concurrent(`chaos, short form (seed ${seed})`, () => {
  for (const chaosCase of CHAOS_CASES)
    for (const kind of CHAOS_KINDS)
      it(
        `${chaosCase.name} / ${kind}`,
        async ({ skip }) => {
          const run = await slots.run(chaosCase.exclusive ?? false, () =>
            runJob({ case: chaosCase, kind, seed }),
          );
          runs.push(run);
          if (run.notRun) skip(`not run: ${run.notRun}`);
          const replay = `replay: ${replayCommand(run)}`;
          expect(run.error, replay).toBeUndefined();
          expect(run.result?.violations, replay).toEqual([]);
        },
        15 * 60_000,
      );
});

afterAll(() => {
  console.log(`chaos short form, seed ${seed}:\n${table(runs)}`);
});
