import type { NormalisedScan } from '../scan/scan-input.js';
import {
  ProviderProtocolError,
  ProviderUnavailableError,
  type TicketCheckProvider,
} from '../providers/provider.js';
import type { Decision } from './decision.js';
import { fallbackDecision, protocolErrorDecision } from './offline-policy.js';

export interface BudgetedDecision {
  decision: Decision;
  requestIds: string[];
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
): Promise<BudgetedDecision> {
  const requestIds: string[] = [];
  const controller = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<Decision>((resolve) => {
    timer = setTimeout(() => {
      controller.abort(new Error('decision budget exhausted'));
      resolve(fallbackDecision('timeout', `no answer within ${budgetMs} ms`));
    }, budgetMs);
  });
  const answer = provider
    .validate(scan, { signal: controller.signal, onRequestId: (id) => requestIds.push(id) })
    .then(
      (d): Decision => ({ ...d, mode: 'online', provider: d }),
      (err: unknown): Decision => {
        if (controller.signal.aborted) return fallbackDecision('timeout', `no answer within ${budgetMs} ms`);
        if (err instanceof ProviderProtocolError) return protocolErrorDecision(err.message);
        if (err instanceof ProviderUnavailableError) return fallbackDecision('unavailable', err.message);
        return fallbackDecision('unavailable', err instanceof Error ? err.message : String(err));
      },
    );
  try {
    const decision = await Promise.race([answer, deadline]);
    return { decision, requestIds };
  } finally {
    clearTimeout(timer);
    // Cancel anything still in flight for this scan; no provider call may outlive its scan.
    if (!controller.signal.aborted) controller.abort(new Error('decided'));
  }
}
