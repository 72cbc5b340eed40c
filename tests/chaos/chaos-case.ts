import type { ScanDecided } from '../../electron/common/contract.js';
import { ChaosRun, type RunOptions } from './chaos-run.js';
import { checkInvariant, journalSummary, type CaseFigures } from './invariant.js';
import type { NetworkMode } from './flaky-proxy.js';
import type { Rng } from './prng.js';

/** What one case run produced: the table's figures, every breach found, and what is worth a note. */
export interface CaseResult {
  figures: CaseFigures;
  violations: string[];
  notes: string[];
  /** Measured numbers worth a bench entry (e.g. `msToOutOfService`, `rssBeforeMiB`). */
  measured: Record<string, number>;
}

export interface CaseContext {
  kind: string;
  seed: number;
  /** The case's name (mixed into the seed). */
  name: string;
  log(message: string): void;
}

export interface ChaosCase {
  name: string;
  /** One line: what the case does. */
  what: string;
  /**
   * Runs with nothing else beside it: it loads the machine on purpose (the burst), and a provider starved
   * of CPU by other cases would be a slow provider for real, which is not what it tests.
   */
  exclusive?: boolean;
  run(ctx: CaseContext): Promise<CaseResult>;
}

/** The API down, in one of the ways networks fail (picked by the seed). */
export const DOWN_MODES: readonly NetworkMode[] = ['refuse', 'reset', 'error', 'blackhole'];

/** Runs `body` on a fresh ChaosRun and always closes it; the invariant is checked before closing. */
export async function withRun(
  ctx: CaseContext,
  opts: Omit<RunOptions, 'kind' | 'seed'>,
  body: (run: ChaosRun, result: CaseResult) => Promise<((s: ScanDecided) => boolean) | void>,
): Promise<CaseResult> {
  const run = await ChaosRun.start({ ...opts, kind: ctx.kind, seed: ctx.seed, salt: ctx.name });
  const result: CaseResult = {
    figures: { scans: 0, journaled: 0, queued: 0, uploaded: 0, duplicates: 0, lost: 0, dead: 0, notSent: 0 },
    violations: [],
    notes: [...run.provider.limits],
    measured: {},
  };
  try {
    const scope = await body(run, result);
    if (process.env.GATEPOST_CHAOS_DEBUG) result.notes.push(`journal: ${journalSummary(run)}`);
    const checked = await checkInvariant(run, scope ?? undefined);
    result.figures = checked.figures;
    if (checked.figures.notSent > 0)
      result.notes.push(
        'queued refusals acknowledged without sending (the provider uploads admitted scans only)',
      );
    result.violations.push(...checked.violations);
    if (run.unanswered > 0) result.notes.push(`${run.unanswered} scans in flight at a kill were never shown`);
    return result;
  } catch (err) {
    const output = run.kiosk?.output().slice(-3000) ?? '';
    throw new Error(`${(err as Error).message}\n--- kiosk output (last lines) ---\n${output}`, {
      cause: err,
    });
  } finally {
    await run.close();
  }
}

/**
 * Waits for the first reference sync of a provider that has one; notes one that has none (its offline
 * decisions are all "see staff") and one whose sync failed to show up or appeared unannounced.
 */
export async function awaitReference(run: ChaosRun, result: CaseResult): Promise<boolean> {
  if (run.provider.syncs) {
    const synced = await run.waitSynced(15_000);
    if (!synced) result.violations.push('reference data never synced while the API was up');
    return synced;
  }
  const admin = await run.admin();
  if (admin.referenceSyncedAt !== undefined)
    result.notes.push('this provider now syncs reference data: set `syncs: true` in chaos-providers.ts');
  else if (run.provider.uploads)
    result.notes.push(
      'no local validation data from this provider yet: offline scans are "see staff", queued and uploaded',
    );
  return false;
}

export function pickDown(rng: Rng): NetworkMode {
  return rng.pick(DOWN_MODES);
}

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));
