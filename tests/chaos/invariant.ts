import Database from 'better-sqlite3';
import { join } from 'node:path';
import type { ScanDecided } from '../../electron/common/contract.js';
import type { ChaosRun } from './chaos-run.js';

/** One line of the chaos table. */
export interface CaseFigures {
  /** Decisions shown to the patron (in the case's scope). */
  scans: number;
  /** Of those, journaled exactly once. */
  journaled: number;
  /** Scans queued for upload (offline/timeout decisions, shown or not). */
  queued: number;
  /** Queued scans the server holds exactly once (or heard live within the late-answer window). */
  uploaded: number;
  /** Server records or journal decisions beyond one per scan. */
  duplicates: number;
  /** Shown but not journaled, queued but not on the server, dead letters the server never refused. */
  lost: number;
  /** Dead letters (each must be a refusal by the server). */
  dead: number;
  /** Queued scans the provider acknowledges without sending, by its own rule (Presence: refusals). */
  notSent: number;
}

export interface InvariantResult {
  figures: CaseFigures;
  /** Every breach of the invariant, readable; empty when it holds. */
  violations: string[];
}

interface JournalRow {
  scan_id: string;
  token: string;
  outcome: string;
  mode: string;
  reason_code: string;
  reread_of: string | null;
  reconciliation: string | null;
}

interface QueueRow {
  scan_id: string;
  state: 'pending' | 'acked' | 'dead';
  dead_reason: string | null;
  record: string;
}

/**
 * The invariant, checked after a case has drained: every scan whose decision was shown is journaled
 * exactly once and, where the provider takes uploads, acknowledged by the server exactly once; nothing is
 * in the dead-letter list that the server did not refuse. Queued scans that were journaled but never shown
 * (in flight at a kill -9) must reach the server exactly once too: the gate may have opened for them.
 *
 * `scope` limits the shown decisions checked (a case that sets a damaged journal aside checks the ones
 * after it); queued scans are always checked in full.
 */
export async function checkInvariant(
  run: ChaosRun,
  scope: (s: ScanDecided) => boolean = () => true,
): Promise<InvariantResult> {
  const violations: string[] = [];
  const db = new Database(join(run.dataDir, 'journal.sqlite3'), { readonly: true, fileMustExist: true });
  let journal: JournalRow[];
  let queue: QueueRow[];
  try {
    journal = db
      .prepare('SELECT scan_id, token, outcome, mode, reason_code, reread_of, reconciliation FROM scans')
      .all() as JournalRow[];
    queue = db.prepare('SELECT scan_id, state, dead_reason, record FROM upload_queue').all() as QueueRow[];
  } finally {
    db.close();
  }
  const byId = new Map(journal.map((r) => [r.scan_id, r]));

  // 1. Shown → journaled exactly once (scan_id is the journal's primary key: at most once by construction).
  const shown = run.shown.filter(scope);
  const shownIds = new Set<string>();
  let journaled = 0;
  for (const s of shown) {
    if (shownIds.has(s.scanId)) violations.push(`decision ${s.scanId} shown twice`);
    shownIds.add(s.scanId);
    if (byId.has(s.scanId)) journaled += 1;
    else violations.push(`shown but not journaled: ${s.scanId} (${s.outcome}, ${s.reasonCode})`);
  }
  // The suite scans every ticket once: two decided (not re-read) rows for one token is a scan decided twice.
  const decidedPerToken = new Map<string, number>();
  for (const r of journal)
    if (r.reread_of === null) decidedPerToken.set(r.token, (decidedPerToken.get(r.token) ?? 0) + 1);
  let duplicates = 0;
  for (const [token, n] of decidedPerToken)
    if (n > 1) {
      duplicates += n - 1;
      violations.push(`token ${token} decided ${n} times`);
    }

  // 2. Queued → on the server exactly once; nothing left pending.
  let uploaded = 0;
  let lost = shown.length - journaled;
  let dead = 0;
  let notSent = 0;
  if (run.provider.uploads) {
    const server = new Map<string, number>();
    for (const t of await run.sandbox.uploads()) server.set(t, (server.get(t) ?? 0) + 1);
    const refused = run.proxy.refusedBodies();
    for (const q of queue) {
      const record = JSON.parse(q.record) as { token: string; outcome: string };
      const token = record.token;
      const n = server.get(token) ?? 0;
      if (!run.provider.sends(record)) {
        notSent += 1;
        if (q.state !== 'acked') violations.push(`not acknowledged: ${q.scan_id} (${q.state})`);
        if (n > 0) violations.push(`sent although the provider does not send it: ${q.scan_id}`);
        continue;
      }
      if (q.state === 'pending') {
        lost += 1;
        violations.push(`still pending after the drain: ${q.scan_id}`);
        continue;
      }
      if (q.state === 'dead') {
        dead += 1;
        if (!refused.some((body) => body.includes(token))) {
          lost += 1;
          violations.push(`dead letter the server never refused: ${q.scan_id} (${q.dead_reason ?? ''})`);
        }
        continue;
      }
      // Acked: by an upload the server stored, or by the live call's late answer (reconciliation set).
      const heardLive = byId.get(q.scan_id)?.reconciliation != null;
      if (n === 1 || (n === 0 && heardLive)) uploaded += 1;
      else if (n === 0) {
        lost += 1;
        violations.push(`acked but not on the server: ${q.scan_id}`);
      } else {
        uploaded += 1;
        duplicates += n - 1;
        violations.push(`on the server ${n} times: ${q.scan_id} (token ${token})`);
      }
    }
  } else if (queue.length > 0) violations.push(`${queue.length} scans queued by a provider without uploads`);

  return {
    figures: {
      scans: shown.length,
      journaled,
      queued: queue.length - notSent,
      uploaded,
      duplicates,
      lost,
      dead,
      notSent,
    },
    violations,
  };
}

/** Admits shown for barcodes that were never sold (the overload case): each one is a false admit. */
export function falseAdmits(run: ChaosRun, unsold: ReadonlySet<string>): string[] {
  const db = new Database(join(run.dataDir, 'journal.sqlite3'), { readonly: true, fileMustExist: true });
  try {
    const rows = db.prepare(`SELECT scan_id, token FROM scans WHERE outcome = 'admit'`).all() as {
      scan_id: string;
      token: string;
    }[];
    return rows.filter((r) => unsold.has(r.token)).map((r) => r.scan_id);
  } finally {
    db.close();
  }
}

/** Decisions in the journal by outcome/mode/reason, for debugging a case (GATEPOST_CHAOS_DEBUG=1). */
export function journalSummary(run: ChaosRun): string {
  const db = new Database(join(run.dataDir, 'journal.sqlite3'), { readonly: true, fileMustExist: true });
  try {
    const rows = db
      .prepare(
        `SELECT outcome || '/' || mode || '/' || reason_code AS k, COUNT(*) AS n FROM scans GROUP BY k ORDER BY n DESC`,
      )
      .all() as { k: string; n: number }[];
    return rows.map((r) => `${r.k} ${r.n}`).join(', ');
  } finally {
    db.close();
  }
}
