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
/** Refusals kept in memory while the journal cannot be written (a full disk); beyond it the oldest go. */
const MAX_BACKLOG = 1000;

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
  /**
   * Told of a failed journal write; true when it is a storage fault (disk full, read-only…), in which
   * case a refusal is kept in memory and written once the journal works again (see JournalGuard).
   */
  onStorageError?: (err: unknown) => boolean;
}

/**
 * The one writer of a scan's durable state: its journal row, its upload-queue row and the per-ticket
 * state, each decided scan in ONE transaction (synchronous=FULL) before the gate acts or the patron sees
 * anything. Later facts about the scan (the gate's result, a late answer, the post-admission action, the
 * moment it was shown) are written here too.
 */
export class ScanRecorder {
  /** Shown refusals the journal could not take yet, oldest first. */
  private backlog: JournalEntry[] = [];
  private backlogDropped = 0;
  /** Refusals waiting for this turn's group commit (set while a turn has written one already). */
  private refusals: { entry: JournalEntry; done: (err?: unknown) => void }[] | undefined;

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

  /**
   * Input refused before any check (empty, garbled, over-long, kiosk overloaded, not ready or out of
   * service); resolves once it is journaled, so the caller shows it after that. A lone refusal is written
   * at once. The refusals that follow it in the same turn of the event loop — a flood of input, thousands a
   * second — are written together at the end of the turn in one transaction: one fsync instead of one
   * each, which kept the kiosk's event loop so busy that its own provider calls timed out and it went
   * offline (issue 7). When the journal cannot be written for a storage reason the refusal is kept and
   * written once it can (`flushBacklog`): a refusal changes nothing outside the kiosk, so it is shown.
   */
  recordRefused(scan: NormalisedScan, decision: Decision): Promise<void> {
    const entry = this.entry(scan, decision, []);
    if (this.refusals) {
      const batch = this.refusals;
      return new Promise((resolve, reject) =>
        batch.push({ entry, done: (err) => (err === undefined ? resolve() : reject(err)) }),
      );
    }
    this.refusals = [];
    setImmediate(() => this.flushRefusals());
    try {
      this.writeRefusals([entry]);
      return Promise.resolve();
    } catch (err) {
      return Promise.reject(err);
    }
  }

  private flushRefusals(): void {
    const batch = this.refusals ?? [];
    this.refusals = undefined;
    if (batch.length === 0) return;
    let failure: unknown;
    try {
      this.writeRefusals(batch.map((b) => b.entry));
    } catch (err) {
      failure = err ?? new Error('journal write failed');
    }
    for (const b of batch) b.done(failure);
  }

  /** One transaction; a storage failure keeps the entries for later instead of throwing. */
  private writeRefusals(entries: JournalEntry[]): void {
    const at = this.opts.now();
    try {
      this.opts.db.transaction(() => {
        for (const entry of entries) this.opts.journal.record(entry, at);
      })();
    } catch (err) {
      if (!this.opts.onStorageError?.(err)) throw err;
      for (const entry of entries) this.keep(entry);
    }
  }

  /** A see-staff answer shown because the scan's own journal write failed: kept until it can be written. */
  recordUnjournaled(scan: NormalisedScan, decision: Decision): void {
    this.keep(this.entry(scan, decision, []));
  }

  /** Refusals waiting for the journal, and how many were dropped because the wait was too long. */
  backlogState(): { waiting: number; dropped: number } {
    return { waiting: this.backlog.length, dropped: this.backlogDropped };
  }

  /**
   * Writes the kept refusals (`decided_at` when shown, `journaled_at` now) inside the caller's
   * transaction, and returns what to call once that transaction has committed: only then are they
   * forgotten. Throws while the journal still cannot be written; either way a rollback leaves them kept.
   */
  flushBacklog(): () => void {
    const written = new Set(this.backlog);
    if (written.size === 0) return () => undefined;
    const at = this.opts.now();
    for (const entry of written) {
      // A row already there (written before the failure surfaced) is not written twice.
      if (!this.opts.journal.get(entry.scanId)) this.opts.journal.record(entry, at);
    }
    return () => {
      this.backlog = this.backlog.filter((entry) => !written.has(entry));
    };
  }

  private keep(entry: JournalEntry): void {
    this.backlog.push(entry);
    if (this.backlog.length > MAX_BACKLOG) {
      this.backlog.shift();
      this.backlogDropped += 1;
    }
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
