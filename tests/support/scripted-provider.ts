import type { NormalisedScan } from '../../electron/core/scan/scan-input.js';
import type {
  ProviderDecision,
  TicketCheckProvider,
  ValidateContext,
} from '../../electron/core/providers/provider.js';

type Script = (scan: NormalisedScan, ctx: ValidateContext) => Promise<ProviderDecision>;

/**
 * A provider whose answers a unit test scripts, for the pipeline's own logic (deadline, ordering).
 * Real provider behaviour is tested against the sandboxes over HTTP, in tests/integration.
 */
export class ScriptedProvider implements TicketCheckProvider {
  readonly name = 'scripted';
  readonly seen: NormalisedScan[] = [];
  signals: AbortSignal[] = [];
  constructor(public script: Script) {}
  async configure(): Promise<void> {}
  validate(scan: NormalisedScan, ctx: ValidateContext): Promise<ProviderDecision> {
    this.seen.push(scan);
    this.signals.push(ctx.signal);
    return this.script(scan, ctx);
  }
  async close(): Promise<void> {}
}

export const admit = (): ProviderDecision => ({
  outcome: 'admit',
  rawStatus: 'Admit',
  reasonCode: 'OK',
  reasonText: 'Good Ticket',
});

export const never = (): Promise<ProviderDecision> => new Promise(() => {});
