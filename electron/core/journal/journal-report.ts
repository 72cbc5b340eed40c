import type { Statement } from 'better-sqlite3';
import type { Db } from './database.js';
import { tokenHint } from '../scan/normalise.js';

export interface JournalFilter {
  limit: number;
  outcome?: string | undefined;
  mode?: string | undefined;
  reasonCode?: string | undefined;
  source?: string | undefined;
}

export interface JournalView {
  scanId: string;
  at: number;
  source: string;
  tokenHint: string;
  outcome: 'admit' | 'stop' | 'see-staff';
  mode: 'online' | 'offline' | 'timeout' | 'local';
  reasonCode: string;
  rawStatus?: string;
  gateResult?: string;
}

export interface StageLatency {
  stage: string;
  p50: number;
  p95: number;
  p99: number;
  n: number;
}

/** Newest scans the latency percentiles are taken over. */
const LATENCY_WINDOW = 1000;
/** Most rows a CSV export holds (~15 MB); older rows stay in the journal. */
export const MAX_EXPORT_ROWS = 100_000;

/**
 * What the technician's diagnostics read from the scan journal: filtered recent entries, per-stage
 * latency percentiles, today's counts, and the CSV export. Reads only; masked token hints only (the
 * journal's whole tokens never leave this module).
 */
export class JournalReport {
  private readonly timings: Statement;
  private readonly today: Statement;
  private readonly lastOnline: Statement;
  private readonly exportRows: Statement;

  constructor(private readonly db: Db) {
    this.timings = db.prepare(`
      SELECT received_at, decided_at, journaled_at, shown_at FROM scans
      WHERE reread_of IS NULL ORDER BY received_at DESC, rowid DESC LIMIT ${LATENCY_WINDOW}`);
    this.today = db.prepare(`
      SELECT outcome, reason_code, COUNT(*) AS n FROM scans
      WHERE received_at >= ? AND reread_of IS NULL GROUP BY outcome, reason_code`);
    this.lastOnline = db
      .prepare(
        `
      SELECT decided_at - received_at FROM scans WHERE mode = 'online' AND reread_of IS NULL
      ORDER BY received_at DESC, rowid DESC LIMIT 1`,
      )
      .pluck();
    this.exportRows = db.prepare(`
      SELECT * FROM (SELECT rowid AS r, * FROM scans ORDER BY received_at DESC, rowid DESC LIMIT ${MAX_EXPORT_ROWS})
      ORDER BY received_at, r`);
  }

  query(filter: JournalFilter): JournalView[] {
    const where: string[] = [];
    const params: unknown[] = [];
    for (const [column, value] of [
      ['outcome', filter.outcome],
      ['mode', filter.mode],
      ['reason_code', filter.reasonCode],
      ['source', filter.source],
    ] as const) {
      if (value === undefined) continue;
      where.push(`${column} = ?`);
      params.push(value);
    }
    const sql = `SELECT scan_id, received_at, source, token, outcome, mode, reason_code, raw_status, gate_result
      FROM scans ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
      ORDER BY received_at DESC, rowid DESC LIMIT ?`;
    const rows = this.db.prepare(sql).all(...params, Math.min(200, filter.limit)) as {
      scan_id: string;
      received_at: number;
      source: string;
      token: string;
      outcome: JournalView['outcome'];
      mode: JournalView['mode'];
      reason_code: string;
      raw_status: string | null;
      gate_result: string | null;
    }[];
    return rows.map((r) => ({
      scanId: r.scan_id,
      at: r.received_at,
      source: r.source.slice(0, 64),
      tokenHint: tokenHint(r.token),
      outcome: r.outcome,
      mode: r.mode,
      reasonCode: r.reason_code.slice(0, 64),
      ...(r.raw_status !== null && { rawStatus: r.raw_status.slice(0, 100) }),
      ...(r.gate_result !== null && { gateResult: r.gate_result.slice(0, 100) }),
    }));
  }

  /** decide = read → decided, journal = decided → on disk, show = on disk → painted, total = read → painted. */
  latency(): StageLatency[] {
    const rows = this.timings.all() as {
      received_at: number;
      decided_at: number;
      journaled_at: number;
      shown_at: number | null;
    }[];
    const stages: Record<string, number[]> = { decide: [], journal: [], show: [], total: [] };
    for (const r of rows) {
      stages.decide!.push(r.decided_at - r.received_at);
      stages.journal!.push(r.journaled_at - r.decided_at);
      if (r.shown_at !== null) {
        stages.show!.push(r.shown_at - r.journaled_at);
        stages.total!.push(r.shown_at - r.received_at);
      }
    }
    return Object.entries(stages).map(([stage, values]) => ({ stage, ...percentiles(values) }));
  }

  /** Counts since `dayStart` (epoch ms of the kiosk's local midnight). */
  todayCounts(dayStart: number): {
    admitted: number;
    seeStaff: number;
    stopped: { reasonCode: string; count: number }[];
  } {
    const rows = this.today.all(dayStart) as { outcome: string; reason_code: string; n: number }[];
    const stopped = rows
      .filter((r) => r.outcome === 'stop')
      .map((r) => ({ reasonCode: r.reason_code.slice(0, 64), count: r.n }))
      .sort((a, b) => b.count - a.count)
      .slice(0, 50);
    const sum = (outcome: string) => rows.filter((r) => r.outcome === outcome).reduce((a, r) => a + r.n, 0);
    return { admitted: sum('admit'), seeStaff: sum('see-staff'), stopped };
  }

  lastOnlineLatencyMs(): number | undefined {
    return (this.lastOnline.get() as number | undefined) ?? undefined;
  }

  /**
   * The newest MAX_EXPORT_ROWS scans as CSV, oldest first. Tokens appear as hints only (the export leaves
   * the kiosk); cells that a spreadsheet would run as a formula are quoted as text.
   */
  csv(): string {
    const columns = [
      'scan_id',
      'received_at',
      'source',
      'input_type',
      'token_hint',
      'outcome',
      'mode',
      'reason_code',
      'reason_text',
      'raw_status',
      'provider',
      'event_id',
      'reread_of',
      'rule',
      'gate_result',
      'passage',
      'late_outcome',
      'reconciliation',
      'decided_ms',
      'shown_ms',
    ];
    const lines = [columns.join(',')];
    for (const r of this.exportRows.iterate() as Iterable<Record<string, unknown>>) {
      const received = r.received_at as number;
      const row = [
        r.scan_id,
        new Date(received).toISOString(),
        r.source,
        r.input_type,
        tokenHint(String(r.token)),
        r.outcome,
        r.mode,
        r.reason_code,
        r.reason_text,
        r.raw_status,
        r.provider,
        r.event_id,
        r.reread_of,
        r.rule,
        r.gate_result,
        r.passage,
        r.late_outcome,
        r.reconciliation,
        (r.decided_at as number) - received,
        r.shown_at === null ? null : (r.shown_at as number) - received,
      ];
      lines.push(row.map(csvCell).join(','));
    }
    return `${lines.join('\r\n')}\r\n`;
  }
}

function percentiles(values: number[]): { p50: number; p95: number; p99: number; n: number } {
  if (values.length === 0) return { p50: 0, p95: 0, p99: 0, n: 0 };
  const sorted = [...values].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)]!;
  return { p50: at(0.5), p95: at(0.95), p99: at(0.99), n: sorted.length };
}

function csvCell(value: unknown): string {
  if (value === null || value === undefined) return '';
  let text = String(value);
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n']/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}
