import { EventEmitter } from 'node:events';
import { randomUUID } from 'node:crypto';
import type { AdminStatus, GateOpened, KioskStatus, ScanDecided, StaffFault } from '../common/contract.js';
import type { KioskConfig } from './config/kiosk-config.js';
import {
  ProviderNotConfiguredError,
  type ProviderDecision,
  type TicketCheckProvider,
} from './providers/provider.js';
import type { ScanJournal } from './journal/scan-journal.js';
import type { ScanRecorder } from './journal/scan-recorder.js';
import type { JournalCheckpointer } from './journal/journal-checkpointer.js';
import type { JournalGuard } from './journal/journal-guard.js';
import type { OfflineMode } from './offline/offline-mode.js';
import type { Logger } from './logger.js';
import type { NormalisedScan, ReadFailure, ScanInput } from './scan/scan-input.js';
import { journalableToken, normaliseToken, tokenHint } from './scan/normalise.js';
import { RereadIndex } from './scan/reread-index.js';
import type { FallbackChecker } from './decision/fallback-checker.js';
import type { Decision } from './decision/decision.js';
import type { DeviceSet } from './devices/device-set.js';
import { describeGateResult } from './devices/gate-driver.js';
import { withTimeLimit } from './timeout-signal.js';
import type { ScanGatekeeper } from './admin/scan-gatekeeper.js';
import { boundedHealth } from './devices/device-health.js';

export interface KioskDeps {
  config: KioskConfig;
  provider: TicketCheckProvider;
  /** Online provider in front of the local one, under the budget. */
  fallback: FallbackChecker;
  /** The one writer of every scan's durable state. */
  recorder: ScanRecorder;
  /** For the admin screen's recent scans. */
  journal: ScanJournal;
  offline: OfflineMode;
  devices: DeviceSet;
  logger: Logger;
  demo: boolean;
  /** Epoch ms, the kiosk's clock. */
  now: () => number;
  /** Told of every scan, so WAL checkpoints wait for a quiet moment. */
  checkpointer?: JournalCheckpointer;
  /** Puts the kiosk out of service while the journal cannot be written, and back when it can. */
  guard?: JournalGuard;
  /** Other faults staff should see (a damaged journal set aside at start, log lines dropped). */
  staffFaults?: () => StaffFault[];
  /**
   * Sees every read first (the technician console): admin badges, provisioning codes and a test read are
   * taken out of the pipeline; while a technician is logged in, scans are refused, not decided.
   */
  gatekeeper?: ScanGatekeeper;
}

interface KioskEvents {
  'scan.decided': [ScanDecided];
  'kiosk.status': [KioskStatus];
  'gate.opened': [GateOpened];
}

/** Outcome of one read: a new decision, or a re-read of a scan already decided. */
export type ScanOutcome =
  | { kind: 'decided'; scan: ScanDecided }
  | { kind: 'reread'; of: string }
  /** Not a ticket: taken by the technician console (admin badge, provisioning code, test read). */
  | { kind: 'taken' };

/**
 * The kiosk: its start-up (the provider session, with back-off), its status, and the scan pipeline. A
 * read goes through it in one pass: normalise → re-read → fallback over online/local → record → gate →
 * show. Electron-free: the Electron main and the web shell both host it through electron/host.
 */
export class Kiosk extends EventEmitter<KioskEvents> {
  private readonly rereads: RereadIndex;
  private ready = false;
  private configured = false;
  /** Why the kiosk cannot start scanning yet (the provider refused it, or cannot be reached). */
  private outOfService: { message: string; code: 'PROVIDER-REFUSED' | 'PROVIDER-UNREACHABLE' } | undefined;
  private closed = false;
  private inFlight = 0;
  private shed = 0;
  private readonly lifetime = new AbortController();
  private heartbeatTimer: NodeJS.Timeout | undefined;
  private idleTimer: NodeJS.Timeout | undefined;
  /** Cuts the configure back-off short (the probe saw the API answer again). */
  private wakeConfigure: (() => void) | undefined;

  constructor(private readonly deps: KioskDeps) {
    super();
    this.rereads = new RereadIndex({
      sameSourceMs: deps.config.rereadWindowMs,
      crossSourceMs: deps.config.crossSourceWindowMs,
    });
    deps.fallback.on('connectivity', (state) => {
      deps.offline.connectivityChanged(state);
      if (state.mode === 'online') this.wakeConfigure?.();
      this.emitStatus();
    });
    deps.devices.on('change', () => this.emitStatus());
    deps.guard?.on('change', () => this.emitStatus());
  }

  /**
   * Starts the devices, then registers with the provider, retrying with capped back-off: a kiosk that
   * cannot open a session must not scan online, but it must come up by itself when the network does.
   */
  async start(): Promise<void> {
    await this.deps.devices.start(
      (read) => void this.submit(read),
      (failure) => void this.reportUnreadable(failure),
    );
    // Reference data from the kiosk's own configuration needs no API: load it first, so a kiosk that
    // boots while the API is down can decide offline from it.
    if (this.deps.provider.referenceIsLocal) await this.deps.offline.syncReference();
    let delay = 500;
    while (!this.closed) {
      // An API that does not answer at all (a dead route) holds configure for its whole time-out: with
      // local data, patrons are decided offline after one decision budget instead of waiting for it.
      const offlineSoon =
        !this.ready && this.deps.offline.hasReference
          ? setTimeout(
              () => this.startOffline('API not answering at start'),
              this.deps.config.decisionBudgetMs,
            )
          : undefined;
      try {
        await withTimeLimit(this.lifetime.signal, 10_000, (signal) => this.deps.provider.configure(signal));
        clearTimeout(offlineSoon);
        this.outOfService = undefined;
        this.configured = true;
        this.deps.logger.info({ provider: this.deps.provider.name }, 'provider configured; kiosk ready');
        this.deps.offline.providerConfigured();
        this.becomeReady();
        this.startHeartbeat();
        return;
      } catch (err) {
        clearTimeout(offlineSoon);
        if (this.closed) return;
        // With reference data from an earlier sync, a kiosk that boots while the API is down starts
        // offline and decides locally, rather than turning every patron to staff.
        if (!(err instanceof ProviderNotConfiguredError))
          this.startOffline(`API unreachable at start (${(err as Error).message})`);
        // Not ready after a failed start: the patron sees out-of-service with the reason, not a
        // "Connecting…" that never ends.
        const fault = {
          message: (err as Error).message,
          code:
            err instanceof ProviderNotConfiguredError
              ? ('PROVIDER-REFUSED' as const)
              : ('PROVIDER-UNREACHABLE' as const),
        };
        if (
          !this.ready &&
          (this.outOfService?.message !== fault.message || this.outOfService.code !== fault.code)
        ) {
          this.outOfService = fault;
          this.emitStatus();
        }
        this.deps.logger.warn({ err: (err as Error).message, retryInMs: delay }, 'provider configure failed');
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, delay);
          this.wakeConfigure = () => {
            clearTimeout(timer);
            resolve();
          };
        });
        this.wakeConfigure = undefined;
        delay = Math.min(delay * 2, 30_000);
      }
    }
  }

  /** Before the first session, with local data: decide offline rather than keep patrons waiting. */
  private startOffline(reason: string): void {
    if (this.ready || this.closed || !this.deps.offline.hasReference) return;
    this.deps.fallback.startOffline(reason);
    this.becomeReady();
  }

  status(): KioskStatus {
    const { config } = this.deps;
    const gate = boundedHealth(this.deps.devices.gate.health());
    const gateFault = this.deps.devices.blockingFault();
    const maintenance = this.deps.gatekeeper?.outOfService();
    // A journal that cannot be written outranks everything: no scan may be decided without it.
    const journalFault = this.deps.guard?.fault;
    const outOfService = journalFault
      ? { outOfService: journalFault.message.slice(0, 200), code: journalFault.code }
      : gateFault
        ? {
            outOfService: `Gate fault: ${gateFault.lastError ?? 'relay not confirmed off'}`.slice(0, 200),
            code: gateFault.code ?? 'GATE-FAULT',
          }
        : maintenance
          ? { outOfService: maintenance.reason.slice(0, 200), code: maintenance.code }
          : this.outOfService !== undefined && !this.ready
            ? { outOfService: this.outOfService.message.slice(0, 200), code: this.outOfService.code }
            : {};
    return {
      ready: this.ready && !journalFault,
      ...outOfService,
      ...(gate.code === 'GATE-HELD-OPEN' && {
        freePassage: (gate.lastError ?? 'Gate held open').slice(0, 200),
      }),
      connectivity: this.deps.fallback.connectivity.mode,
      provider: this.deps.provider.name,
      demo: this.deps.demo,
      deviceName: config.deviceName,
      resultHoldMs: config.resultHoldMs,
      wedge: config.wedge,
      sounds: config.sounds,
      devices: this.deps.devices.health(),
      display: {
        language: config.display.language,
        languages: config.display.languages,
        orientation: config.display.orientation,
        ...(config.display.artwork !== undefined && { artwork: config.display.artwork }),
        scannerAt: config.display.scannerAt,
        readerAt: config.display.readerAt,
      },
    };
  }

  adminStatus(): AdminStatus {
    const connectivity = this.deps.fallback.connectivity;
    const recentScans = this.deps.journal.recent(20).map((r) => ({
      scanId: r.scanId,
      at: r.receivedAt,
      outcome: r.outcome,
      mode: r.mode,
      reasonCode: r.reasonCode,
      ...(r.rawStatus !== undefined && { rawStatus: r.rawStatus.slice(0, 100) }),
      tokenHint: tokenHint(r.token),
    }));
    return {
      provider: this.deps.provider.name,
      connectivity: connectivity.mode,
      since: connectivity.since,
      ...(connectivity.reason !== undefined && { reason: connectivity.reason }),
      offlinePolicy: this.deps.config.offline.policy,
      ...this.deps.offline.adminStatus(),
      devices: this.deps.devices.health(),
      shedScans: this.shed,
      faults: this.faults(),
      recentScans,
    };
  }

  private faults(): StaffFault[] {
    const guard = this.deps.guard?.fault;
    return [...(guard ? [guard] : []), ...(this.deps.staffFaults?.() ?? [])].slice(0, 16);
  }

  /**
   * Never rejects: if the pipeline itself fails (say the disk is full and the journal cannot be written),
   * the patron still gets an answer — "see staff" — and the kiosk keeps scanning.
   */
  async submit(input: ScanInput): Promise<ScanOutcome> {
    const verdict = this.deps.gatekeeper?.screen(input) ?? 'decide';
    if (verdict === 'taken') return { kind: 'taken' };
    const scanId = randomUUID();
    this.deps.checkpointer?.touch();
    let settle: (d: Decision | undefined) => void = () => {};
    const decided = new Promise<Decision | undefined>((resolve) => (settle = resolve));
    try {
      // Whole epoch ms, whatever a source computed (the journal's columns are integers).
      const read = { ...input, scanId, receivedAt: Math.round(input.receivedAt) };
      const outcome = await this.process(read, decided, settle, verdict === 'maintenance');
      return outcome;
    } catch (err) {
      settle(undefined);
      this.deps.logger.error({ scanId, err: (err as Error).message }, 'scan pipeline failed');
      const decision: Decision = {
        outcome: 'see-staff',
        mode: 'local',
        reasonCode: 'KIOSK_FAULT',
        reasonText: 'Kiosk fault — please see staff',
        rawStatus: String((err as Error).message).slice(0, 200),
      };
      // The journal failed for a storage reason: out of service now; this answer is journaled later.
      if (this.deps.guard?.failed(err))
        this.deps.recorder.recordUnjournaled(
          { ...input, scanId, token: journalableToken(input.token) },
          decision,
        );
      const scan: ScanDecided = {
        scanId,
        outcome: decision.outcome,
        mode: decision.mode,
        reasonCode: decision.reasonCode,
        reasonText: decision.reasonText,
        tokenHint: tokenHint(input.token.slice(0, 64)),
      };
      this.emit('scan.decided', scan);
      return { kind: 'decided', scan };
    }
  }

  /**
   * A read that yielded no token (a wallet pass without a key here, a card pulled away): STOP with a
   * reason the patron understands, the staff detail journaled; the provider is never asked.
   */
  reportUnreadable(failure: ReadFailure): ScanOutcome {
    const scan: NormalisedScan = {
      scanId: randomUUID(),
      token: '',
      inputType: failure.inputType,
      ...(failure.nfcType && { nfcType: failure.nfcType }),
      source: failure.source,
      receivedAt: Math.round(failure.receivedAt),
    };
    const decision: Decision = {
      outcome: 'stop',
      mode: 'local',
      reasonCode: failure.code,
      reasonText:
        failure.patronMessage === 'tap-again'
          ? 'Please tap again and hold still'
          : 'Pass could not be read — please see staff',
      rawStatus: failure.reason.slice(0, 500),
    };
    try {
      this.deps.recorder.recordRefused(scan, decision);
    } catch (err) {
      this.deps.logger.error({ err: (err as Error).message }, 'journal write failed');
    }
    return { kind: 'decided', scan: this.show(scan, decision) };
  }

  private async process(
    raw: NormalisedScan,
    decided: Promise<Decision | undefined>,
    settle: (d: Decision | undefined) => void,
    maintenance = false,
  ): Promise<ScanOutcome> {
    const { config, recorder, fallback } = this.deps;
    // 1. Normalise: garbage never reaches the provider; it is refused with a reason and journaled.
    const normalised = normaliseToken(raw.token, config.maxTokenChars);
    if (!normalised.ok) {
      const scan = { ...raw, token: journalableToken(raw.token) };
      return this.refuse(scan, settle, normalised.reasonCode, normalised.reasonText);
    }
    const scan: NormalisedScan = { ...raw, token: normalised.token };

    // 2. Re-read: a repeat of a scan already decided (or being decided) is journaled against it.
    const claim = this.rereads.claim(scan.source, scan.token, scan.receivedAt, {
      scanId: scan.scanId,
      decided,
    });
    if (claim.kind === 'repeat') {
      const decision = await claim.of.decided;
      if (decision) {
        recorder.recordReread(scan, claim.of.scanId, decision, []);
        settle(decision);
        return { kind: 'reread', of: claim.of.scanId };
      }
    }

    // 3. Admission: a kiosk that cannot take the scan says so; it never queues without bound.
    if (!this.ready) return this.refuse(scan, settle, 'NOT_READY', 'Kiosk is starting — please see staff');
    if (this.deps.guard?.fault)
      return this.refuse(scan, settle, 'OUT_OF_SERVICE', 'This gate is out of service — please see staff');
    // A technician is logged in: the screen is theirs, nobody is decided (or let through) meanwhile.
    if (maintenance)
      return this.refuse(scan, settle, 'ADMIN_OPEN', 'Kiosk in maintenance — please see staff');
    // A relay that may be stuck on is a gate that may not hold: nobody is admitted through it.
    if (this.deps.devices.blockingFault())
      return this.refuse(scan, settle, 'GATE_FAULT', 'Gate out of order — please see staff');
    if (this.inFlight >= config.maxScansInFlight) {
      this.shed += 1;
      return this.refuse(scan, settle, 'OVERLOADED', 'Too many scans at once — please scan again');
    }

    // 4. Decide: online under the budget, locally when the provider cannot answer.
    this.inFlight += 1;
    let checked;
    try {
      checked = await fallback.check(scan);
    } finally {
      this.inFlight -= 1;
    }
    const { decision, requestIds, lateAnswer } = checked;
    if (decision.serverReread) {
      // The server saw this ticket moments ago (our own earlier scan): repeat that answer, never a
      // denial. Without an earlier scan here (say, after a restart) the STOP stands.
      const previous = claim.kind === 'new' ? claim.previous : undefined;
      const previousDecision = previous && (await previous.decided);
      if (previous && previousDecision) {
        recorder.recordReread(
          scan,
          previous.scanId,
          { ...previousDecision, rawStatus: decision.rawStatus },
          requestIds,
        );
        settle(previousDecision);
        return { kind: 'reread', of: previous.scanId };
      }
    }

    // 5. Record (durably, one transaction) → 6. gate → 7. show.
    recorder.recordDecided(scan, decision, requestIds);
    settle(decision);
    if (decision.outcome === 'admit') void this.openGate(scan.scanId);
    const shown = this.show(scan, decision);
    if (lateAnswer) void this.awaitLateAnswer(scan.scanId, decision, lateAnswer);
    if (decision.outcome === 'admit' && decision.mode === 'online' && decision.provider)
      void this.runAfterAdmit(scan, decision.provider);
    return { kind: 'decided', scan: shown };
  }

  private async refuse(
    scan: NormalisedScan,
    settle: (d: Decision | undefined) => void,
    reasonCode: string,
    reasonText: string,
  ): Promise<ScanOutcome> {
    const decision: Decision = {
      outcome: ['NOT_READY', 'GATE_FAULT', 'ADMIN_OPEN', 'OUT_OF_SERVICE'].includes(reasonCode)
        ? 'see-staff'
        : 'stop',
      mode: 'local',
      reasonCode,
      reasonText,
    };
    // Journaled before it is shown, like every decision (in a flood, with the rest of its batch).
    await this.deps.recorder.recordRefused(scan, decision);
    settle(decision);
    return { kind: 'decided', scan: this.show(scan, decision) };
  }

  private show(scan: NormalisedScan, decision: Decision): ScanDecided {
    const shown: ScanDecided = {
      scanId: scan.scanId,
      outcome: decision.outcome,
      mode: decision.mode,
      reasonCode: decision.reasonCode,
      reasonText: decision.reasonText,
      tokenHint: tokenHint(scan.token),
      ...(decision.seat && { seat: decision.seat }),
      ...(decision.eventName && { eventName: decision.eventName }),
    };
    this.deps.logger.info(
      {
        scanId: scan.scanId,
        hint: shown.tokenHint,
        outcome: decision.outcome,
        mode: decision.mode,
        reason: decision.reasonCode,
        ...(decision.rule && { rule: decision.rule }),
      },
      'scan decided',
    );
    this.emit('scan.decided', shown);
    this.deps.devices.feedback(decision.outcome);
    clearTimeout(this.idleTimer);
    this.idleTimer = setTimeout(() => this.deps.devices.feedback('idle'), this.deps.config.resultHoldMs);
    this.idleTimer.unref();
    return shown;
  }

  /** Once per admitted scan, after it is journaled; the result goes into the scan's journal row. */
  private async openGate(scanId: string): Promise<void> {
    let result: string;
    try {
      const opened = await this.deps.devices.gate.open(this.deps.config.direction, scanId);
      if (opened.kind === 'pulsed')
        this.emit('gate.opened', { scanId, channel: opened.channel, ms: opened.ms });
      result = describeGateResult(opened);
    } catch (err) {
      result = `failed: ${(err as Error).message}`;
    }
    if (result.startsWith('failed')) this.deps.logger.error({ scanId, result }, 'gate did not open');
    // On the next turn: this record is bookkeeping after the decision, and its commit (a second fsync)
    // would otherwise run in the same turn as the decision whenever the gate answers at once, ahead of
    // the caller and of the next scan.
    setImmediate(() => this.quietly(() => this.deps.recorder.recordGate(scanId, result)));
  }

  private async awaitLateAnswer(
    scanId: string,
    shown: Decision,
    lateAnswer: Promise<ProviderDecision | undefined>,
  ): Promise<void> {
    const late = await lateAnswer;
    if (!late || this.closed) return;
    this.quietly(() => {
      const reconciliation = this.deps.recorder.recordLateAnswer(scanId, shown.outcome, late);
      this.deps.logger.warn({ scanId, reconciliation }, 'late answer from the provider');
    });
  }

  /**
   * Post-admission work (e.g. marking a wallet pass redeemed) runs after the gate, off the patron's path,
   * with its own time limit; the result is journaled with the scan.
   */
  private async runAfterAdmit(scan: NormalisedScan, decision: ProviderDecision): Promise<void> {
    const { provider, recorder, logger } = this.deps;
    if (!provider.afterAdmit) return;
    let result = 'ok';
    try {
      await withTimeLimit(this.lifetime.signal, 10_000, (signal) =>
        provider.afterAdmit!(scan, decision, signal),
      );
    } catch (err) {
      result = `failed: ${err instanceof Error ? err.message : String(err)}`;
      logger.warn({ scanId: scan.scanId, err: result }, 'after-admit action failed');
    }
    this.quietly(() => recorder.recordAfterAdmit(scan.scanId, result));
  }

  /** A follow-up write that fails (disk full) is logged; the next scan reports the fault to the patron. */
  private quietly(write: () => void): void {
    try {
      write();
    } catch (err) {
      this.deps.guard?.failed(err);
      this.deps.logger.error({ err: (err as Error).message }, 'journal update failed');
    }
  }

  private becomeReady(): void {
    if (this.ready) return;
    this.ready = true;
    // Reference sync and uploads start with the first scan-ready moment (uploads wait for a session).
    this.deps.offline.start();
    this.emitStatus();
  }

  private emitStatus(): void {
    this.emit('kiosk.status', this.status());
  }

  /** Sends the status again (the console opened or closed, a setting was applied live). */
  refreshStatus(): void {
    if (!this.closed) this.emitStatus();
  }

  private startHeartbeat(): void {
    const { provider, config, logger } = this.deps;
    if (!provider.heartbeat || this.heartbeatTimer || config.heartbeatIntervalMs === 0) return;
    const beat = provider.heartbeat.bind(provider);
    this.heartbeatTimer = setInterval(() => {
      let pendingUploads = 0;
      try {
        pendingUploads = this.deps.offline.pendingUploads();
      } catch (err) {
        // A journal that cannot be read (damage) must not end the process from a timer.
        this.deps.guard?.failed(err);
      }
      const status = {
        deviceTime: this.deps.now(),
        pendingUploads,
        mode: this.deps.fallback.connectivity.mode,
      };
      withTimeLimit(this.lifetime.signal, config.heartbeatIntervalMs, (signal) => beat(status, signal)).catch(
        (err: unknown) => logger.warn({ err: (err as Error).message }, 'heartbeat failed'),
      );
    }, config.heartbeatIntervalMs);
    this.heartbeatTimer.unref();
  }

  markShown(scanId: string): void {
    this.deps.recorder.markShown(scanId);
  }

  /** Whether the provider session is open (uploads and heartbeats need it). */
  get isConfigured(): boolean {
    return this.configured;
  }

  async close(): Promise<void> {
    this.closed = true;
    this.wakeConfigure?.();
    clearInterval(this.heartbeatTimer);
    clearTimeout(this.idleTimer);
    this.deps.checkpointer?.stop();
    this.deps.guard?.stop();
    this.lifetime.abort();
    this.deps.fallback.stop();
    await this.deps.offline.stop();
    await this.deps.devices.close();
    await this.deps.provider.close();
  }
}
