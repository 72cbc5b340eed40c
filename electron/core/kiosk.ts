import { EventEmitter } from 'node:events';
import { randomUUID } from 'node:crypto';
import type { KioskStatus, ScanDecided } from '../common/contract.js';
import type { KioskConfig } from './config/kiosk-config.js';
import {
  ProviderNotConfiguredError,
  type ProviderDecision,
  type TicketCheckProvider,
} from './providers/provider.js';
import type { GateAction } from './gate/gate.js';
import type { ScanJournal } from './journal/scan-journal.js';
import type { JournalCheckpointer } from './journal/journal-checkpointer.js';
import type { OfflineMode } from './offline/offline-mode.js';
import type { AdminStatus } from '../common/contract.js';
import type { Logger } from './logger.js';
import type { NormalisedScan, ScanInput } from './scan/scan-input.js';
import { normaliseToken, tokenHint } from './scan/normalise.js';
import { RereadFilter } from './scan/reread-filter.js';
import { BoundedMap } from './bounded-map.js';
import { decideWithinBudget } from './decision/decide-within-budget.js';
import type { Decision } from './decision/decision.js';

export interface KioskDeps {
  config: KioskConfig;
  provider: TicketCheckProvider;
  gate: GateAction;
  journal: ScanJournal;
  logger: Logger;
  demo: boolean;
  now?: () => number;
  /** Told of every scan, so WAL checkpoints wait for a quiet moment. */
  checkpointer?: JournalCheckpointer;
  /** Local decisions, reference data and the upload queue for when the API cannot be asked. */
  offline?: OfflineMode;
}

interface KioskEvents {
  'scan.decided': [ScanDecided];
  'kiosk.status': [KioskStatus];
}

/** Outcome of one read: a new decision, or a re-read of a scan already decided. */
export type ScanOutcome = { kind: 'decided'; scan: ScanDecided } | { kind: 'reread'; of: string };

const RECENT_DECISIONS = 256;

/**
 * The scan pipeline: normalise → suppress re-reads → decide under the budget → journal → gate → show.
 * Electron-free: the Electron main and the web shell both host it.
 */
export class Kiosk extends EventEmitter<KioskEvents> {
  private readonly now: () => number;
  private readonly rereads: RereadFilter;
  private readonly recent = new BoundedMap<string, Decision>(RECENT_DECISIONS);
  /** token → the last decided scan for it, to answer a server-side re-read (Presence DUPLICATE). */
  private readonly lastByToken = new BoundedMap<string, string>(RECENT_DECISIONS);
  private ready = false;
  private outOfService: string | undefined;
  private closed = false;
  private readonly lifetime = new AbortController();
  private heartbeatTimer: NodeJS.Timeout | undefined;

  constructor(private readonly deps: KioskDeps) {
    super();
    this.now = deps.now ?? Date.now;
    this.rereads = new RereadFilter(deps.config.rereadWindowMs);
    deps.offline?.monitor.on('change', () => this.emit('kiosk.status', this.status()));
  }

  /**
   * Registers with the provider, retrying with capped back-off: a kiosk that cannot open a session must
   * not scan, but it must also come up by itself when the network does.
   */
  async start(): Promise<void> {
    let delay = 500;
    while (!this.closed) {
      try {
        await this.deps.provider.configure(
          AbortSignal.any([this.lifetime.signal, AbortSignal.timeout(10_000)]),
        );
        this.outOfService = undefined;
        this.deps.logger.info({ provider: this.deps.provider.name }, 'provider configured; kiosk ready');
        this.becomeReady();
        this.startHeartbeat();
        return;
      } catch (err) {
        if (this.closed) return;
        // With reference data from an earlier sync, a kiosk that boots while the API is down starts
        // offline and decides locally, rather than turning every patron to staff.
        const { offline } = this.deps;
        if (!this.ready && offline?.hasReference && !(err instanceof ProviderNotConfiguredError)) {
          offline.monitor.goOffline(`API unreachable at start (${(err as Error).message})`);
          this.becomeReady();
        }
        if (err instanceof ProviderNotConfiguredError && this.outOfService !== err.message) {
          this.outOfService = err.message;
          this.emit('kiosk.status', this.status());
        }
        this.deps.logger.warn({ err: (err as Error).message, retryInMs: delay }, 'provider configure failed');
        await new Promise((r) => setTimeout(r, delay));
        delay = Math.min(delay * 2, 30_000);
      }
    }
  }

  private becomeReady(): void {
    if (this.ready) return;
    this.ready = true;
    this.deps.offline?.start();
    this.emit('kiosk.status', this.status());
  }

  adminStatus(): AdminStatus {
    const recentScans = this.deps.journal.recent(20).map((r) => ({
      scanId: r.scanId,
      at: r.receivedAt,
      outcome: r.outcome as AdminStatus['recentScans'][number]['outcome'],
      mode: r.mode as AdminStatus['recentScans'][number]['mode'],
      reasonCode: r.reasonCode,
      ...(r.rawStatus !== undefined && { rawStatus: r.rawStatus.slice(0, 100) }),
      tokenHint: tokenHint(r.token),
    }));
    const base = this.deps.offline?.adminStatus() ?? {
      provider: this.deps.provider.name,
      connectivity: 'online' as const,
      since: 0,
      offlinePolicy: this.deps.config.offline.policy,
      pendingUploads: 0,
      uploaded: 0,
      deadLetters: [],
      eventsCached: 0,
      ticketsCached: 0,
    };
    return { ...base, recentScans };
  }

  status(): KioskStatus {
    const { config } = this.deps;
    return {
      ready: this.ready,
      ...(this.outOfService !== undefined && { outOfService: this.outOfService.slice(0, 200) }),
      connectivity: this.deps.offline?.monitor.mode ?? 'online',
      provider: this.deps.provider.name,
      demo: this.deps.demo,
      deviceName: config.deviceName,
      resultHoldMs: config.resultHoldMs,
      wedge: config.wedge,
      sounds: config.sounds,
    };
  }

  /**
   * Never rejects: if the pipeline itself fails (say the disk is full and the journal cannot be written),
   * the patron still gets an answer — "see staff" — and the kiosk keeps scanning.
   */
  async submit(input: ScanInput): Promise<ScanOutcome> {
    const scanId = randomUUID();
    this.deps.checkpointer?.touch();
    try {
      return await this.process(scanId, input);
    } catch (err) {
      this.deps.logger.error({ scanId, err: (err as Error).message }, 'scan pipeline failed');
      const scan: ScanDecided = {
        scanId,
        outcome: 'see-staff',
        mode: 'local',
        reasonCode: 'KIOSK_FAULT',
        reasonText: 'Kiosk fault — please see staff',
        tokenHint: tokenHint(input.token.slice(0, 64)),
      };
      this.emit('scan.decided', scan);
      return { kind: 'decided', scan };
    }
  }

  private async process(scanId: string, input: ScanInput): Promise<ScanOutcome> {
    const normalised = normaliseToken(input.token, this.deps.config.maxTokenChars);
    if (!normalised.ok) {
      const decision: Decision = {
        outcome: 'stop',
        mode: 'local',
        reasonCode: normalised.reasonCode,
        reasonText: normalised.reasonText,
      };
      return {
        kind: 'decided',
        scan: this.conclude(scanId, input, input.token.slice(0, 1024), decision, []),
      };
    }
    const token = normalised.token;
    const repeats = this.rereads.check(input.source, token, input.receivedAt, scanId);
    const earlier = repeats && this.recent.get(repeats);
    if (repeats && earlier) {
      this.deps.journal.record(
        { ...this.entry(scanId, input, token, earlier, []), rereadOf: repeats },
        this.now(),
      );
      return { kind: 'reread', of: repeats };
    }
    if (!this.ready) {
      const decision: Decision = {
        outcome: 'see-staff',
        mode: 'local',
        reasonCode: 'NOT_READY',
        reasonText: 'Kiosk is starting — please see staff',
      };
      return { kind: 'decided', scan: this.conclude(scanId, input, token, decision, []) };
    }
    const scan = { ...input, token, scanId };
    const { offline } = this.deps;
    if (offline?.offline) {
      // Known offline: decide locally at once instead of waiting on a call known to fail.
      const decision = offline.decideLocally(scan, 'offline');
      return { kind: 'decided', scan: this.conclude(scanId, input, token, decision, []) };
    }
    // Filled in once decided; a late answer (after the budget) is compared with what the patron saw.
    const concluded: { decision?: Decision } = {};
    const late =
      offline && this.deps.config.offline.lateAnswerWindowMs > 0
        ? {
            lateWindowMs: this.deps.config.offline.lateAnswerWindowMs,
            onLateAnswer: (answer: ProviderDecision) => {
              if (concluded.decision) offline.recordLateAnswer(scanId, concluded.decision, answer);
            },
          }
        : undefined;
    const budgeted = await decideWithinBudget(
      this.deps.provider,
      scan,
      this.deps.config.decisionBudgetMs,
      late,
    );
    const { requestIds } = budgeted;
    let { decision } = budgeted;
    if (budgeted.fellBack) {
      offline?.monitor.recordFault(decision.reasonCode);
      // The provider failed or ran past the budget: decide from local data (the offline policy), and
      // queue the scan for upload. Risk cases of this fallback are listed in offline-policy.ts.
      if (offline)
        decision = offline.decideLocally(
          scan,
          decision.mode === 'timeout' ? 'timeout' : 'offline',
          decision.rawStatus,
        );
    } else if (budgeted.answeredInMs !== undefined) offline?.monitor.recordSuccess(budgeted.answeredInMs);
    concluded.decision = decision;
    if (decision.serverReread) {
      // The server saw this ticket moments ago (a re-read of our own earlier scan): repeat that answer,
      // never a denial. Without an earlier scan here (say, after a restart) the STOP stands.
      const earlierId = this.lastByToken.get(token);
      const earlierDecision = earlierId && this.recent.get(earlierId);
      if (earlierId && earlierDecision) {
        this.deps.journal.record(
          {
            ...this.entry(
              scanId,
              input,
              token,
              { ...earlierDecision, rawStatus: decision.rawStatus },
              requestIds,
            ),
            rereadOf: earlierId,
          },
          this.now(),
        );
        return { kind: 'reread', of: earlierId };
      }
    }
    const shown = this.conclude(scanId, input, token, decision, requestIds);
    this.lastByToken.set(token, scanId);
    if (decision.outcome === 'admit' && decision.mode === 'online' && decision.provider) {
      void this.runAfterAdmit(scan, decision.provider);
    }
    return { kind: 'decided', scan: shown };
  }

  /**
   * Post-admission work (e.g. marking a wallet pass redeemed) runs after the gate, off the patron's path,
   * with its own time limit; the result is journaled with the scan.
   */
  private async runAfterAdmit(scan: NormalisedScan, decision: ProviderDecision): Promise<void> {
    const { provider, journal, logger } = this.deps;
    if (!provider.afterAdmit) return;
    try {
      await provider.afterAdmit(
        scan,
        decision,
        AbortSignal.any([this.lifetime.signal, AbortSignal.timeout(10_000)]),
      );
      journal.recordAfterAdmit(scan.scanId, 'ok');
    } catch (err) {
      const reason = err instanceof Error ? err.message : String(err);
      logger.warn({ scanId: scan.scanId, err: reason }, 'after-admit action failed');
      try {
        journal.recordAfterAdmit(scan.scanId, `failed: ${reason}`);
      } catch {
        // The journal itself is failing; the next scan reports it ("see staff") and the log has this.
      }
    }
  }

  private startHeartbeat(): void {
    const { provider, config, logger } = this.deps;
    if (!provider.heartbeat || this.heartbeatTimer || config.heartbeatIntervalMs === 0) return;
    const beat = provider.heartbeat.bind(provider);
    this.heartbeatTimer = setInterval(() => {
      beat(
        {
          deviceTime: this.now(),
          pendingUploads: this.deps.offline?.queue.pendingCount(provider.name) ?? 0,
          mode: this.deps.offline?.monitor.mode ?? 'online',
        },
        AbortSignal.any([this.lifetime.signal, AbortSignal.timeout(config.heartbeatIntervalMs)]),
      ).catch((err: unknown) => logger.warn({ err: (err as Error).message }, 'heartbeat failed'));
    }, config.heartbeatIntervalMs);
    this.heartbeatTimer.unref();
  }

  markShown(scanId: string): void {
    this.deps.journal.markShown(scanId, this.now());
  }

  async close(): Promise<void> {
    this.closed = true;
    clearInterval(this.heartbeatTimer);
    this.deps.checkpointer?.stop();
    this.lifetime.abort();
    await this.deps.offline?.stop();
    await this.deps.gate.close();
    await this.deps.provider.close();
  }

  /** Journal first (synchronously, durable), then the gate, then the screen. */
  private conclude(
    scanId: string,
    input: ScanInput,
    token: string,
    decision: Decision,
    requestIds: string[],
  ): ScanDecided {
    const entry = this.entry(scanId, input, token, decision, requestIds);
    const { offline } = this.deps;
    // Validation refusals (empty, garbled input) never reached the ticketing system: nothing to note.
    if (offline && decision.mode !== 'local')
      offline.commit(entry, { ...input, token, scanId }, decision, this.now());
    else this.deps.journal.record(entry, this.now());
    this.recent.set(scanId, decision);
    this.deps.gate.act(decision.outcome, scanId).catch((err: unknown) => {
      this.deps.logger.error({ scanId, err: (err as Error).message }, 'gate action failed');
    });
    const shown: ScanDecided = {
      scanId,
      outcome: decision.outcome,
      mode: decision.mode,
      reasonCode: decision.reasonCode,
      reasonText: decision.reasonText,
      tokenHint: tokenHint(token),
      ...(decision.seat && { seat: decision.seat }),
      ...(decision.eventName && { eventName: decision.eventName }),
    };
    this.deps.logger.info(
      {
        scanId,
        hint: shown.tokenHint,
        outcome: decision.outcome,
        mode: decision.mode,
        reason: decision.reasonCode,
        ...(decision.rule && { rule: decision.rule }),
      },
      'scan decided',
    );
    this.emit('scan.decided', shown);
    return shown;
  }

  private entry(scanId: string, input: ScanInput, token: string, decision: Decision, requestIds: string[]) {
    return {
      scanId,
      token,
      inputType: input.inputType,
      barcodeType: input.barcodeType,
      nfcType: input.nfcType,
      source: input.source,
      outcome: decision.outcome,
      mode: decision.mode,
      reasonCode: decision.reasonCode,
      reasonText: decision.reasonText,
      rawStatus: decision.rawStatus,
      provider: this.deps.provider.name,
      requestIds,
      eventId: decision.eventId,
      rule: decision.rule,
      receivedAt: input.receivedAt,
      decidedAt: this.now(),
    };
  }
}
