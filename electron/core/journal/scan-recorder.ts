import type { Outcome } from '../../common/contract.js';
import type { Decision } from '../decision/decision.js';
import type { Direction, LocalDecider } from '../offline/local-decider.js';
import type { UploadQueue } from '../offline/upload-queue.js';
import type { OfflineScanRecord, ProviderDecision } from '../providers/provider.js';
import type { NormalisedScan } from '../scan/scan-input.js';
import type { Db } from './database.js';
import type { JournalEntry, Reconciliation, ScanJournal } from './scan-journal.js';

/** Slack after the late-answer window for an answer already on the wire. */
const LATE_WINDOW_MARGIN_MS = 1000;

export interface RecorderOptions {
  db: Db;
  journal: ScanJournal;
  queue: UploadQueue;
  /** Keeps per-ticket state (who is inside) from every admit. */
  decider: LocalDecider;
  /** The online provider's name (journal, queue and ticket state are kept per provider). */
  provider: string;
  /** Whether the provider takes offline uploads: only then are scans queued. */
  uploads: boolean;
  direction: Direction;
  lateAnswerWindowMs: number;
  now: () => number;
}

/**
 * The one writer of a scan's durable state: its journal row, its upload-queue row and the per-ticket
 * state, each decided scan in ONE transaction (synchronous=FULL) before the gate acts or the patron sees
 * anything. Later facts about the scan (the gate's result, a late answer, the post-admission action, the
 * moment it was shown) are written here too.
 */
export class ScanRecorder {
  constructor(private readonly opts: RecorderOptions) {}

  /**
   * A decided scan. Queued for upload when the server has not seen it decided (offline, timeout), with
   * everything the upload will need captured now; admits update who is inside.
   */
  recordDecided(scan: NormalisedScan, decision: Decision, requestIds: string[]): void {
    const { db, journal, queue, decider, provider, direction, now } = this.opts;
    const journaledAt = now();
    const queued = this.opts.uploads && (decision.mode === 'offline' || decision.mode === 'timeout');
    db.transaction(() => {
      journal.record(this.entry(scan, decision, requestIds), journaledAt);
      if (queued) {
        // A timed-out scan's live call may still reach the server within the late-answer window: hold
        // its upload until the window has closed, or the server could count it twice.
        const holdUntil =
          decision.mode === 'timeout'
            ? journaledAt + this.opts.lateAnswerWindowMs + LATE_WINDOW_MARGIN_MS
            : 0;
        queue.enqueue(provider, this.uploadRecord(scan, decision), journaledAt, holdUntil);
      }
      if (decision.outcome === 'admit')
        decider.noteDecided({
          provider,
          token: scan.token,
          direction,
          at: scan.receivedAt,
          eventId: decision.eventId,
          outcome: decision.outcome,
        });
    })();
  }

  /** Input refused before any check (empty, garbled, over-long, kiosk overloaded or not ready). */
  recordRefused(scan: NormalisedScan, decision: Decision): void {
    this.opts.journal.record(this.entry(scan, decision, []), this.opts.now());
  }

  /** A read that repeats `of` (a scanner held over a ticket; the server's own duplicate report). */
  recordReread(scan: NormalisedScan, of: string, decision: Decision, requestIds: string[]): void {
    this.opts.journal.record({ ...this.entry(scan, decision, requestIds), rereadOf: of }, this.opts.now());
  }

  /**
   * The server answered after the budget: it has seen (and may have counted) this scan. The answer is
   * journaled against what the patron was shown and the queued local copy acknowledged (uploading it as
   * well would report the scan twice) — together.
   */
  recordLateAnswer(scanId: string, shown: Outcome, late: ProviderDecision): Reconciliation {
    const { db, journal, queue, now } = this.opts;
    const reconciliation: Reconciliation =
      late.outcome === shown
        ? 'agrees'
        : late.outcome === 'admit'
          ? 'server-admitted-local-refused'
          : shown === 'admit'
            ? 'server-refused-local-admitted'
            : 'differs';
    const at = now();
    db.transaction(() => {
      journal.recordLateAnswer(scanId, {
        outcome: late.outcome,
        rawStatus: late.rawStatus,
        at,
        reconciliation,
      });
      queue.markAcked([scanId], at);
    })();
    return reconciliation;
  }

  recordGate(scanId: string, result: string): void {
    this.opts.journal.recordGate(scanId, result, this.opts.now());
  }

  /** The turnstile's passage contact after an admit: passed, or "admitted but did not pass". */
  recordPassage(scanId: string, passed: boolean): void {
    this.opts.journal.recordPassage(scanId, passed ? 'passed' : 'not-passed', this.opts.now());
  }

  recordAfterAdmit(scanId: string, result: string): void {
    this.opts.journal.recordAfterAdmit(scanId, result);
  }

  markShown(scanId: string): void {
    this.opts.journal.markShown(scanId, this.opts.now());
  }

  private entry(scan: NormalisedScan, decision: Decision, requestIds: string[]): JournalEntry {
    return {
      scanId: scan.scanId,
      token: scan.token,
      inputType: scan.inputType,
      barcodeType: scan.barcodeType,
      nfcType: scan.nfcType,
      symbology: scan.symbology,
      source: scan.source,
      outcome: decision.outcome,
      mode: decision.mode,
      reasonCode: decision.reasonCode,
      reasonText: decision.reasonText,
      rawStatus: decision.rawStatus,
      provider: this.opts.provider,
      requestIds,
      eventId: decision.eventId,
      rule: decision.rule,
      receivedAt: scan.receivedAt,
      decidedAt: this.opts.now(),
    };
  }

  private uploadRecord(scan: NormalisedScan, decision: Decision): OfflineScanRecord {
    const context = decision.upload ?? {};
    const eventId = decision.eventId ?? context.event?.eventId;
    return {
      scanId: scan.scanId,
      token: scan.token,
      inputType: scan.inputType,
      ...(scan.barcodeType && { barcodeType: scan.barcodeType }),
      ...(scan.nfcType && { nfcType: scan.nfcType }),
      scannedAt: scan.receivedAt,
      outcome: decision.outcome,
      direction: this.opts.direction,
      ...(eventId && { eventId }),
      ...(context.event && { event: context.event }),
      ...(context.timeZone && { timeZone: context.timeZone }),
    };
  }
}
