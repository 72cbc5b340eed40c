import { EventEmitter } from 'node:events';
import {
  ProviderProtocolError,
  type ProviderDecision,
  type TicketCheckProvider,
} from '../providers/provider.js';
import type { NormalisedScan } from '../scan/scan-input.js';
import {
  ConnectivityMonitor,
  type Connectivity,
  type ConnectivityThresholds,
} from '../offline/connectivity-monitor.js';
import type { LocalCheckProvider } from './local-check-provider.js';
import type { Decision } from './decision.js';
import { markLoopLoad } from './loop-load.js';

export interface FallbackOptions {
  online: TicketCheckProvider;
  local: LocalCheckProvider;
  /** From the scan's `receivedAt` (the device's read) to the decision. */
  budgetMs: number;
  /**
   * How long past the budget the online call may still run so its answer can be recorded; the patron's
   * decision never waits for it. 0 aborts the call at the budget.
   */
  lateAnswerWindowMs: number;
  thresholds: ConnectivityThresholds;
  /** The cheapest call that proves the API answers again (see provider-probe.ts). */
  probe: (signal: AbortSignal) => Promise<void>;
  /** Epoch ms, the kiosk's clock: stamps reads and deadlines. */
  now: () => number;
}

export interface CheckOutcome {
  decision: Decision;
  requestIds: string[];
  /**
   * Only for a scan decided locally at the budget while its online call still runs: resolves with the
   * provider's answer if it arrives inside the late-answer window, else with undefined.
   */
  lateAnswer?: Promise<ProviderDecision | undefined>;
}

export interface ConnectivityState {
  mode: Connectivity;
  /** Epoch ms of the last switch. */
  since: number;
  reason?: string;
}

interface FallbackEvents {
  connectivity: [ConnectivityState];
}

type Race = { kind: 'answer'; decision: ProviderDecision; ms: number } | { kind: 'error'; err: unknown };

/**
 * Busier than this share of a call's time, the kiosk's own event loop is what kept the answer waiting (a
 * flood of input), not the provider: see `online`. An idle kiosk waiting on the network is near 0.
 */
const BUSY_UTILIZATION = 0.8;
/** While the kiosk is that busy, a call may be given its remaining time again this many times. */
const BUSY_EXTENSIONS = 2;

function delay(ms: number): { done: Promise<'deadline'>; cancel(): void } {
  let timer: NodeJS.Timeout | undefined;
  const done = new Promise<'deadline'>((resolve) => (timer = setTimeout(() => resolve('deadline'), ms)));
  return { done, cancel: () => clearTimeout(timer) };
}

/**
 * One component in front of the online and the local check provider. It owns the decision budget, the
 * late-answer window and the connectivity monitor's bookkeeping: every online answer is a success (its
 * latency measured from the moment the call left, never time the scan spent queued in the kiosk), every
 * failure, time-out or malformed answer a fault; known offline, it asks the local provider at once.
 *
 * Risk cases of the fallback at the budget (pretix's analysis, "case d" included):
 *  (a) no answer, the server never saw the scan: decided locally and queued for upload, so the server
 *      learns of it (and counts it) exactly once.
 *  (b) no answer in time, but the server recorded the entry (reply late or lost): if the late answer
 *      arrives within `lateAnswerWindowMs` it is journaled with a reconciliation
 *      (`server-admitted-local-refused`: a patron turned away whom the server counted in — staff can look
 *      it up by the journaled request id) and the queued copy is not uploaded; the upload is held until
 *      that window closes, so the server is never told twice. An answer lost entirely means the server
 *      counted a scan the kiosk also uploads: Entry V1 dedupes offline uploads, others may count it twice
 *      (known risk).
 *  (c) a late ADMIT after the patron saw STOP or see-staff: the gate is never actuated late; the journal
 *      records the late answer.
 *  (d) the scan's budget ran out before the online call could start (the read waited in a device buffer
 *      or a worker): decided locally at once, without blaming the provider.
 *  (e) a malformed answer: STOP with a reason (the server may have recorded something we cannot read),
 *      counted as a fault so a server that keeps answering garbage sends the kiosk offline.
 */
export class FallbackChecker extends EventEmitter<FallbackEvents> {
  private readonly monitor: ConnectivityMonitor;
  private reason: string | undefined;

  constructor(private readonly opts: FallbackOptions) {
    super();
    this.monitor = new ConnectivityMonitor(opts.thresholds, opts.probe, opts.now);
    this.monitor.on('change', (mode, { since, reason }) => {
      this.reason = reason;
      this.emit('connectivity', { mode, since, reason });
    });
  }

  get connectivity(): ConnectivityState {
    return {
      mode: this.monitor.mode,
      since: this.monitor.since,
      ...(this.reason !== undefined && { reason: this.reason }),
    };
  }

  /** The API did not answer at start-up but local data exists: decide locally until a probe succeeds. */
  startOffline(reason: string): void {
    this.monitor.goOffline(reason);
  }

  stop(): void {
    this.monitor.stop();
  }

  /** A new decision budget from the technician's settings, in effect from the next scan. */
  setBudgetMs(budgetMs: number): void {
    this.opts.budgetMs = budgetMs;
  }

  async check(scan: NormalisedScan): Promise<CheckOutcome> {
    const { budgetMs, now } = this.opts;
    if (this.monitor.mode === 'offline') return { decision: this.local(scan, 'offline'), requestIds: [] };
    // The budget runs from the read. A clock that jumped back cannot lengthen it past the budget; one that
    // jumped forward decides the few scans in flight locally (case d).
    const remaining = Math.min(budgetMs, scan.receivedAt + budgetMs - now());
    if (remaining <= 0)
      return { decision: this.local(scan, 'timeout', 'budget spent before the call'), requestIds: [] };
    return this.online(scan, remaining);
  }

  private async online(scan: NormalisedScan, remainingMs: number): Promise<CheckOutcome> {
    const requestIds: string[] = [];
    const controller = new AbortController();
    const started = performance.now();
    const load = markLoopLoad();
    // Busy: most of the call's time, and at least half its budget, went to other work in this process.
    const kioskBusy = () => {
      const { share, busyMs } = load();
      return share > BUSY_UTILIZATION && busyMs > remainingMs / 2;
    };
    const call: Promise<Race> = this.opts.online
      .validate(scan, { signal: controller.signal, onRequestId: (id) => requestIds.push(id) })
      .then(
        (decision): Race => ({ kind: 'answer', decision, ms: performance.now() - started }),
        (err: unknown): Race => ({ kind: 'error', err }),
      );
    const race = async (ms: number): Promise<Race | 'deadline'> => {
      const timer = delay(ms);
      try {
        return await Promise.race([call, timer.done]);
      } finally {
        timer.cancel();
      }
    };
    let first = await race(remainingMs);

    // The kiosk's own backlog must never count as a slow or failing provider: it would switch itself
    // offline, and its offline rules would then decide scans the provider answers (issue 7: 10,000 scans
    // in a second admitted hundreds of never-sold barcodes). When the kiosk's event loop was busy for most
    // of the call, the answer may be sitting unread in the socket: the call gets its time again, and if
    // the kiosk is still swamped the scan is refused as overloaded, never decided locally.
    for (let i = 0; first === 'deadline' && i < BUSY_EXTENSIONS && kioskBusy(); i++)
      first = await race(remainingMs);
    if (first === 'deadline' && kioskBusy()) {
      const decision: Decision = {
        outcome: 'stop',
        mode: 'local',
        reasonCode: 'OVERLOADED',
        reasonText: 'Too many scans at once — please scan again',
        rawStatus: 'the kiosk was too busy to read the answer within the budget',
      };
      return { decision, requestIds, lateAnswer: this.lateAnswer(call, controller) };
    }

    if (first === 'deadline') {
      this.monitor.recordFault('timeout');
      const decision = this.local(scan, 'timeout', `no answer within ${this.opts.budgetMs} ms`);
      return { decision, requestIds, lateAnswer: this.lateAnswer(call, controller) };
    }
    // Decided: nothing more may run for this scan.
    controller.abort(new Error('decided'));
    if (first.kind === 'answer') {
      // Time the kiosk spent busy with other work is not the provider's answer time.
      this.monitor.recordSuccess(kioskBusy() ? first.ms * (1 - load().share) : first.ms);
      return {
        decision: { ...first.decision, mode: 'online', provider: first.decision },
        requestIds,
      };
    }
    const message = first.err instanceof Error ? first.err.message : String(first.err);
    if (first.err instanceof ProviderProtocolError) {
      this.monitor.recordFault('malformed answer');
      return {
        decision: {
          outcome: 'stop',
          mode: 'online',
          reasonCode: 'BAD_PROVIDER_RESPONSE',
          reasonText: 'Ticket check failed — please see staff',
          rawStatus: message,
        },
        requestIds,
      };
    }
    this.monitor.recordFault(message);
    return { decision: this.local(scan, 'offline', message), requestIds };
  }

  /** The call keeps running through the late-answer window; then it is aborted. */
  private lateAnswer(
    call: Promise<Race>,
    controller: AbortController,
  ): Promise<ProviderDecision | undefined> {
    const window = this.opts.lateAnswerWindowMs;
    if (window <= 0) {
      controller.abort(new Error('decision budget exhausted'));
      return Promise.resolve(undefined);
    }
    let timer: NodeJS.Timeout | undefined;
    const closed = new Promise<undefined>((resolve) => {
      timer = setTimeout(() => {
        controller.abort(new Error('late-answer window over'));
        resolve(undefined);
      }, window);
      timer.unref();
    });
    const answered = call.then((r) => (r.kind === 'answer' ? r.decision : undefined));
    return Promise.race([answered, closed]).finally(() => clearTimeout(timer));
  }

  private local(scan: NormalisedScan, mode: 'offline' | 'timeout', detail?: string): Decision {
    const answer = this.opts.local.check(scan);
    return {
      outcome: answer.outcome,
      mode,
      reasonCode: answer.reasonCode,
      reasonText: answer.reasonText,
      ...(answer.rule && { rule: answer.rule }),
      ...(detail && { rawStatus: detail }),
      ...(answer.seat && { seat: answer.seat }),
      ...(answer.eventId && { eventId: answer.eventId }),
      upload: answer.upload,
    };
  }
}
