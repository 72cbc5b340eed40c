import type { Statement } from 'better-sqlite3';
import {
  BarcodeType,
  DecisionMode,
  InputType,
  NfcType,
  Outcome,
  type DecisionMode as Mode,
  type Outcome as OutcomeT,
} from '../../common/contract.js';
import type { Db } from './database.js';

/** How a late answer squares with what the patron was shown (closed set; CHECKed in the table too). */
export type Reconciliation =
  'agrees' | 'server-admitted-local-refused' | 'server-refused-local-admitted' | 'differs';

export interface JournalEntry {
  scanId: string;
  token: string;
  inputType: InputType;
  barcodeType?: BarcodeType | undefined;
  nfcType?: NfcType | undefined;
  symbology?: string | undefined;
  source: string;
  outcome: OutcomeT;
  mode: Mode;
  reasonCode: string;
  reasonText: string;
  rawStatus?: string | undefined;
  provider: string;
  requestIds: string[];
  eventId?: string | undefined;
  rereadOf?: string | undefined;
  /** The local rule that decided an offline scan (e.g. `state:already-inside`). */
  rule?: string | undefined;
  receivedAt: number;
  decidedAt: number;
}

export interface JournalRow extends JournalEntry {
  journaledAt: number;
  shownAt: number | null;
  afterAdmit: string | null;
  gateResult: string | null;
  passage: 'passed' | 'not-passed' | null;
  lateOutcome: OutcomeT | null;
  lateRawStatus: string | null;
  reconciliation: Reconciliation | null;
}

interface RawRow {
  scan_id: string;
  token: string;
  input_type: string;
  barcode_type: string | null;
  nfc_type: string | null;
  symbology: string | null;
  source: string;
  outcome: string;
  mode: string;
  reason_code: string;
  reason_text: string;
  raw_status: string | null;
  provider: string;
  request_ids: string;
  event_id: string | null;
  reread_of: string | null;
  received_at: number;
  decided_at: number;
  journaled_at: number;
  shown_at: number | null;
  after_admit: string | null;
  gate_result: string | null;
  passage: string | null;
  rule: string | null;
  late_outcome: string | null;
  late_raw_status: string | null;
  late_at: number | null;
  reconciliation: string | null;
}

/**
 * The scan journal (table `scans`): every scan, written before the gate acts. Only the ScanRecorder writes
 * to it (so a scan's journal row and its upload-queue row share one transaction); readers use `get` and
 * `recent`.
 */
export class ScanJournal {
  private readonly insert: Statement;
  private readonly markShownStmt: Statement;
  private readonly byId: Statement;
  private readonly recentStmt: Statement;
  private readonly afterAdmitStmt: Statement;
  private readonly gateStmt: Statement;
  private readonly passageStmt: Statement;
  private readonly lateStmt: Statement;

  constructor(db: Db) {
    this.insert = db.prepare(`
      INSERT INTO scans (scan_id, token, input_type, barcode_type, nfc_type, symbology, source, outcome,
        mode, reason_code, reason_text, raw_status, provider, request_ids, event_id, reread_of, rule,
        received_at, decided_at, journaled_at)
      VALUES (@scanId, @token, @inputType, @barcodeType, @nfcType, @symbology, @source, @outcome,
        @mode, @reasonCode, @reasonText, @rawStatus, @provider, @requestIds, @eventId, @rereadOf, @rule,
        @receivedAt, @decidedAt, @journaledAt)`);
    this.lateStmt = db.prepare(
      'UPDATE scans SET late_outcome = ?, late_raw_status = ?, late_at = ?, reconciliation = ? WHERE scan_id = ?',
    );
    this.markShownStmt = db.prepare('UPDATE scans SET shown_at = ? WHERE scan_id = ? AND shown_at IS NULL');
    this.byId = db.prepare('SELECT * FROM scans WHERE scan_id = ?');
    this.afterAdmitStmt = db.prepare('UPDATE scans SET after_admit = ? WHERE scan_id = ?');
    this.gateStmt = db.prepare('UPDATE scans SET gate_result = ?, gate_at = ? WHERE scan_id = ?');
    this.passageStmt = db.prepare('UPDATE scans SET passage = ?, passage_at = ? WHERE scan_id = ?');
    this.recentStmt = db.prepare('SELECT * FROM scans ORDER BY received_at DESC, rowid DESC LIMIT ?');
  }

  /** Synchronous on purpose: when this returns (outside a transaction), the row is on disk. */
  record(entry: JournalEntry, journaledAt: number): void {
    this.insert.run({
      ...entry,
      barcodeType: entry.barcodeType ?? null,
      nfcType: entry.nfcType ?? null,
      symbology: entry.symbology ?? null,
      rawStatus: entry.rawStatus ?? null,
      eventId: entry.eventId ?? null,
      rereadOf: entry.rereadOf ?? null,
      rule: entry.rule ?? null,
      requestIds: JSON.stringify(entry.requestIds),
      journaledAt,
    });
  }

  markShown(scanId: string, at: number): boolean {
    return this.markShownStmt.run(at, scanId).changes > 0;
  }

  /** `ok`, or `failed: <reason>` — what the provider's post-admission action did. */
  recordAfterAdmit(scanId: string, result: string): void {
    this.afterAdmitStmt.run(result.slice(0, 500), scanId);
  }

  /** What the gate did for this scan (`pulsed ch1 300ms`, `failed: …`). */
  recordGate(scanId: string, result: string, at: number): void {
    this.gateStmt.run(result.slice(0, 500), at, scanId);
  }

  /** `passed` / `not-passed`: what the turnstile's passage contact reported after the pulse. */
  recordPassage(scanId: string, passage: 'passed' | 'not-passed', at: number): void {
    this.passageStmt.run(passage, at, scanId);
  }

  /** The server's answer that arrived after the budget, and how it squares with what the patron saw. */
  recordLateAnswer(
    scanId: string,
    late: { outcome: OutcomeT; rawStatus: string; at: number; reconciliation: Reconciliation },
  ): void {
    this.lateStmt.run(late.outcome, late.rawStatus, late.at, late.reconciliation, scanId);
  }

  get(scanId: string): JournalRow | undefined {
    const row = this.byId.get(scanId) as RawRow | undefined;
    return row && fromRaw(row);
  }

  recent(limit: number): JournalRow[] {
    return (this.recentStmt.all(limit) as RawRow[]).map(fromRaw);
  }
}

/** The table's CHECK constraints guarantee these parse; a failure means the file was edited by hand. */
function fromRaw(r: RawRow): JournalRow {
  return {
    scanId: r.scan_id,
    token: r.token,
    inputType: InputType.parse(r.input_type),
    barcodeType: r.barcode_type === null ? undefined : BarcodeType.parse(r.barcode_type),
    nfcType: r.nfc_type === null ? undefined : NfcType.parse(r.nfc_type),
    symbology: r.symbology ?? undefined,
    source: r.source,
    outcome: Outcome.parse(r.outcome),
    mode: DecisionMode.parse(r.mode),
    reasonCode: r.reason_code,
    reasonText: r.reason_text,
    rawStatus: r.raw_status ?? undefined,
    provider: r.provider,
    requestIds: JSON.parse(r.request_ids) as string[],
    eventId: r.event_id ?? undefined,
    rereadOf: r.reread_of ?? undefined,
    receivedAt: r.received_at,
    decidedAt: r.decided_at,
    journaledAt: r.journaled_at,
    shownAt: r.shown_at,
    afterAdmit: r.after_admit,
    gateResult: r.gate_result,
    passage: r.passage as JournalRow['passage'],
    rule: r.rule ?? undefined,
    lateOutcome: r.late_outcome === null ? null : Outcome.parse(r.late_outcome),
    lateRawStatus: r.late_raw_status,
    reconciliation: r.reconciliation as Reconciliation | null,
  };
}
