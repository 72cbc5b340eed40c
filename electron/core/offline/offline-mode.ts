import type { AdminStatus } from '../../common/contract.js';
import type { KioskConfig } from '../config/kiosk-config.js';
import type { Db } from '../journal/database.js';
import type { JournalEntry, ScanJournal } from '../journal/scan-journal.js';
import type { Logger } from '../logger.js';
import type { OfflineScanRecord, ProviderDecision, TicketCheckProvider } from '../providers/provider.js';
import type { NormalisedScan } from '../scan/scan-input.js';
import type { Decision } from '../decision/decision.js';
import { tokenHint } from '../scan/normalise.js';
import { ConnectivityMonitor } from './connectivity-monitor.js';
import { LocalDecider } from './local-decider.js';
import { probeFor } from './provider-probe.js';
import { ReferenceStore } from './reference-store.js';
import { UploadQueue } from './upload-queue.js';
import { Uploader } from './uploader.js';

/** Slack after the late-answer window for an answer already on the wire. */
const LATE_WINDOW_MARGIN_MS = 1000;

/**
 * Everything the kiosk needs to keep deciding when the ticketing API cannot be asked: the connectivity
 * monitor, reference data synced while online, the local decider, and the durable upload queue with its
 * background uploader. The Kiosk asks it for local decisions and hands it every decision to commit.
 */
export class OfflineMode {
  readonly monitor: ConnectivityMonitor;
  readonly store: ReferenceStore;
  readonly decider: LocalDecider;
  readonly queue: UploadQueue;
  readonly uploader: Uploader | undefined;
  private reason: string | undefined;
  private syncTimer: NodeJS.Timeout | undefined;
  private readonly lifetime = new AbortController();

  constructor(
    private readonly deps: {
      db: Db;
      journal: ScanJournal;
      provider: TicketCheckProvider;
      config: KioskConfig;
      logger: Logger;
      now: () => number;
    },
  ) {
    const { db, provider, config, logger, now } = deps;
    this.store = new ReferenceStore(db);
    this.decider = new LocalDecider(db, this.store, config.offline.policy);
    this.queue = new UploadQueue(db);
    this.monitor = new ConnectivityMonitor(config.offline, probeFor(provider), now);
    this.uploader = provider.uploadOffline
      ? new Uploader({
          queue: this.queue,
          provider,
          logger,
          now,
          backoff: { baseMs: config.offline.uploadBackoffBaseMs, maxMs: config.offline.uploadBackoffMaxMs },
        })
      : undefined;
    this.monitor.on('change', (mode, { reason }) => {
      this.reason = reason;
      logger.warn({ mode, reason }, 'connectivity changed');
      this.uploader?.setOnline(mode === 'online');
      if (mode === 'online') {
        this.uploader?.kick();
        void this.syncReference();
      }
    });
  }

  get offline(): boolean {
    return this.monitor.mode === 'offline';
  }

  /** Local data exists to decide on (a kiosk may then start offline when the API is down at boot). */
  get hasReference(): boolean {
    return this.store.syncedAt(this.deps.provider.name) !== undefined;
  }

  start(): void {
    this.uploader?.start();
    void this.syncReference();
    this.syncTimer = setInterval(() => {
      if (!this.offline) void this.syncReference();
    }, this.deps.config.offline.syncIntervalMs);
    this.syncTimer.unref();
  }

  async stop(): Promise<void> {
    this.lifetime.abort();
    clearInterval(this.syncTimer);
    this.monitor.stop();
    await this.uploader?.stop();
  }

  async syncReference(): Promise<void> {
    const { provider, logger, now } = this.deps;
    if (!provider.syncReference) return;
    try {
      const data = await provider.syncReference(
        AbortSignal.any([this.lifetime.signal, AbortSignal.timeout(120_000)]),
      );
      this.store.replace(provider.name, data, now());
      logger.info(
        { events: data.events.length, tickets: data.tickets?.length ?? 0 },
        'reference data synced',
      );
    } catch (err) {
      logger.warn({ err: (err as Error).message }, 'reference sync failed');
    }
  }

  /** Decides a scan from local data, at once. `mode` says why it was local. */
  decideLocally(scan: NormalisedScan, mode: 'offline' | 'timeout', detail?: string): Decision {
    const local = this.decider.decide({
      provider: this.deps.provider.name,
      token: scan.token,
      direction: this.deps.config.direction,
      at: scan.receivedAt,
    });
    return {
      outcome: local.outcome,
      mode,
      reasonCode: local.reasonCode,
      reasonText: local.reasonText,
      rule: local.rule,
      ...(detail && { rawStatus: detail }),
      ...(local.seat && { seat: local.seat }),
      ...(local.eventId && { eventId: local.eventId }),
    };
  }

  /**
   * Journals the decision and, for a scan the server has not seen decided (offline, timeout), queues it
   * for upload — in one transaction, before the gate acts — and updates the local ticket state.
   */
  commit(entry: JournalEntry, scan: NormalisedScan, decision: Decision, journaledAt: number): void {
    const { db, journal, provider, config } = this.deps;
    const upload = decision.mode === 'offline' || decision.mode === 'timeout';
    db.transaction(() => {
      journal.record(entry, journaledAt);
      // A timed-out scan's live call may still reach the server within the late-answer window: hold its
      // upload until the window has closed, or the server could count it twice.
      const holdUntil =
        decision.mode === 'timeout'
          ? journaledAt + config.offline.lateAnswerWindowMs + LATE_WINDOW_MARGIN_MS
          : 0;
      if (upload && provider.uploadOffline)
        this.queue.enqueue(provider.name, this.record(scan, decision), journaledAt, holdUntil);
      if (decision.outcome === 'admit')
        this.decider.noteDecided({
          provider: provider.name,
          token: scan.token,
          direction: config.direction,
          at: scan.receivedAt,
          eventId: decision.eventId,
          outcome: decision.outcome,
        });
    })();
  }

  /**
   * The server answered after the budget: it has seen (and may have counted) this scan. Journal what it
   * said against what the patron was shown; the queued local copy is acknowledged, since uploading it as
   * well would report the scan twice.
   */
  recordLateAnswer(scanId: string, shown: Decision, late: ProviderDecision): void {
    const { journal, now } = this.deps;
    const reconciliation =
      late.outcome === shown.outcome
        ? 'agrees'
        : late.outcome === 'admit'
          ? 'server-admitted-local-refused'
          : shown.outcome === 'admit'
            ? 'server-refused-local-admitted'
            : 'differs';
    journal.recordLateAnswer(scanId, {
      outcome: late.outcome,
      rawStatus: late.rawStatus,
      at: now(),
      reconciliation,
    });
    this.queue.markAcked([scanId], now());
    this.deps.logger.warn({ scanId, reconciliation }, 'late answer from the provider');
  }

  adminStatus(): Omit<AdminStatus, 'recentScans'> {
    const { provider, config } = this.deps;
    const counts = this.queue.counts(provider.name);
    const cached = this.store.counts(provider.name);
    const syncedAt = this.store.syncedAt(provider.name);
    return {
      provider: provider.name,
      connectivity: this.monitor.mode,
      since: this.monitor.since,
      ...(this.reason && { reason: this.reason }),
      offlinePolicy: config.offline.policy,
      pendingUploads: counts.pending,
      uploaded: counts.acked,
      deadLetters: this.queue.deadLetters(50).map((d) => ({
        scanId: d.scanId,
        tokenHint: tokenHint(d.record.token),
        reason: d.reason.slice(0, 200),
      })),
      ...(syncedAt !== undefined && { referenceSyncedAt: syncedAt }),
      eventsCached: cached.events,
      ticketsCached: cached.tickets,
    };
  }

  private record(scan: NormalisedScan, decision: Decision): OfflineScanRecord {
    return {
      scanId: scan.scanId,
      token: scan.token,
      inputType: scan.inputType,
      ...(scan.barcodeType && { barcodeType: scan.barcodeType }),
      ...(scan.nfcType && { nfcType: scan.nfcType }),
      scannedAt: scan.receivedAt,
      outcome: decision.outcome,
      direction: this.deps.config.direction,
      ...(decision.eventId && { eventId: decision.eventId }),
    };
  }
}
