import type { NormalisedScan } from '../scan/scan-input.js';
import {
  type ProviderDecision,
  ProviderProtocolError,
  ProviderUnavailableError,
  type TicketCheckProvider,
} from '../providers/provider.js';
import type { Decision } from './decision.js';
import { fallbackDecision, protocolErrorDecision } from './offline-policy.js';

export interface BudgetedDecision {
  decision: Decision;
  requestIds: string[];
  /** How long the provider took to answer, when it answered in time. */
  answeredInMs?: number;
  /** True when the fallback decided (the provider failed or ran past the budget): a connectivity fault. */
  fellBack: boolean;
}

export interface LateAnswerOptions {
  /**
   * How long past the budget the provider call may still run so its answer can be recorded (pretix's
   * "late answer" case: the server may have counted an entry the patron was refused). The patron's
   * decision never waits for it. 0 aborts the call at the budget.
   */
  lateWindowMs: number;
  onLateAnswer(decision: ProviderDecision): void;
}

/**
 * Asks the provider under a hard deadline. The provider gets an AbortSignal that fires at the deadline;
 * the decision does not wait for the provider to notice it — a timer resolves the race, so a provider
 * that ignores its signal still cannot hold the patron past the budget.
 */
export async function decideWithinBudget(
  provider: TicketCheckProvider,
  scan: NormalisedScan,
  budgetMs: number,
  late?: LateAnswerOptions,
): Promise<BudgetedDecision> {
  const requestIds: string[] = [];
  const controller = new AbortController();
  const started = performance.now();
  let answeredInMs: number | undefined;
  let timedOut = false;
  let timer: NodeJS.Timeout | undefined;
  let lateTimer: NodeJS.Timeout | undefined;
  const deadline = new Promise<Decision>((resolve) => {
    timer = setTimeout(() => {
      timedOut = true;
      const lateWindow = late?.lateWindowMs ?? 0;
      if (lateWindow > 0) {
        lateTimer = setTimeout(() => controller.abort(new Error('late-answer window over')), lateWindow);
        lateTimer.unref();
      } else controller.abort(new Error('decision budget exhausted'));
      resolve(fallbackDecision('timeout', `no answer within ${budgetMs} ms`));
    }, budgetMs);
  });
  const answer = provider
    .validate(scan, { signal: controller.signal, onRequestId: (id) => requestIds.push(id) })
    .then(
      (d): Decision => {
        if (timedOut) {
          clearTimeout(lateTimer);
          late?.onLateAnswer(d);
        } else answeredInMs = performance.now() - started;
        return { ...d, mode: 'online', provider: d };
      },
      (err: unknown): Decision => {
        clearTimeout(lateTimer);
        if (controller.signal.aborted || timedOut)
          return fallbackDecision('timeout', `no answer within ${budgetMs} ms`);
        if (err instanceof ProviderProtocolError) return protocolErrorDecision(err.message);
        if (err instanceof ProviderUnavailableError) return fallbackDecision('unavailable', err.message);
        return fallbackDecision('unavailable', err instanceof Error ? err.message : String(err));
      },
    );
  try {
    const decision = await Promise.race([answer, deadline]);
    const fellBack = decision.mode !== 'online';
    return { decision, requestIds, fellBack, ...(answeredInMs !== undefined && { answeredInMs }) };
  } finally {
    clearTimeout(timer);
    // Cancel anything still in flight for this scan, unless it is inside its late-answer window.
    if (!timedOut && !controller.signal.aborted) controller.abort(new Error('decided'));
  }
}
