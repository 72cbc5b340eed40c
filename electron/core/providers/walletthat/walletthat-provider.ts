import type { z } from 'zod';
import type { NormalisedScan } from '../../scan/scan-input.js';
import {
  ProviderNotConfiguredError,
  ProviderProtocolError,
  ProviderUnavailableError,
  type ProviderDecision,
  type TicketCheckProvider,
  type TicketLookup,
  type ValidateContext,
} from '../provider.js';
import { secretScrub } from '../http/answers.js';
import type { HttpTransport } from '../http/http-transport.js';
import { nodeHttpTransport } from '../http/node-http-transport.js';
import type { ProviderDeps, ProviderLogger } from '../provider-deps.js';
import { callAction, describeFailure, type ActionAnswer } from './http-call.js';
import {
  decide,
  decisionFromFailure,
  decisionFromPass,
  findPassStatus,
  seatOf,
  textField,
} from './pass-decision.js';
import { passIdMapper, type PassIdMapper } from './pass-id.js';
import {
  WalletThatGetPassDataSuccess,
  WalletThatGetPassTemplateSuccess,
  WalletThatUpdatePassDataSuccess,
  type WalletThatFailure,
} from './response-schemas.js';
import { WalletThatSettings, type WalletThatSettingsInput } from './settings.js';
import { failureRule, WALLETTHAT_LOCAL_RULES } from './status-map.js';

/** Pause before the one retry of a failed redeem (it is idempotent, so retrying is safe). */
const REDEEM_RETRY_DELAY_MS = 250;

/**
 * WalletThat (Skycore) event-ticket wallet passes: one POST endpoint, `action` in the body, `X-Api-Key`.
 * validate = GetPassData + status/expiry check; afterAdmit = UpdatePassData `pass-status: "redeemed"`.
 * The API has no sessions, no offline upload and no ticket list, so those capabilities are absent.
 */
export class WalletThatProvider implements TicketCheckProvider {
  readonly name = 'walletthat';
  private readonly settings: WalletThatSettings;
  private readonly now: () => number;
  private readonly transport: HttpTransport;
  private readonly logger: ProviderLogger | undefined;
  private readonly toPassId: PassIdMapper;
  private closed = false;

  /** `deps.now` drives the expiry check. */
  constructor(settings: WalletThatSettingsInput, deps: ProviderDeps = {}) {
    this.settings = WalletThatSettings.parse(settings);
    this.now = deps.now ?? Date.now;
    this.transport = deps.transport ?? nodeHttpTransport;
    this.logger = deps.logger;
    this.toPassId = passIdMapper(this.settings);
  }

  /**
   * No session to open. With a `passTemplateId`, GetPassTemplate proves the endpoint, the key and the
   * template before the first scan; a template the server does not know puts the kiosk out of service.
   */
  async configure(signal: AbortSignal): Promise<void> {
    this.closed = false;
    const templateId = this.settings.passTemplateId;
    if (!templateId) return;
    const answer = await this.call(
      { action: 'getpasstemplate', 'pass-template-id': templateId },
      signal,
      WalletThatGetPassTemplateSuccess,
    );
    if (answer.kind === 'failure') {
      const detail = describeFailure(answer.failure, this.scrub) ?? answer.failure.status;
      if (answer.failure['error-code']?.toUpperCase() === 'E802') {
        throw new ProviderNotConfiguredError(`WalletThat: pass template not found (${detail})`);
      }
      throw new ProviderProtocolError(`WalletThat getpasstemplate: ${detail}`, answer.httpStatus);
    }
    this.logger?.debug({ passTemplateId: templateId }, 'WalletThat pass template found');
  }

  async validate(scan: NormalisedScan, ctx: ValidateContext): Promise<ProviderDecision> {
    const passId = this.toPassId(scan.token);
    if (passId === undefined) {
      this.logger?.debug({ scanId: scan.scanId }, 'WalletThat: barcode does not map to a pass-id');
      return decide(WALLETTHAT_LOCAL_RULES.notAPass, 'NOT_A_PASS');
    }
    const answer = await this.getPassData(passId, ctx.signal);
    const decision =
      answer.kind === 'failure'
        ? this.failureDecision(answer.failure, passId)
        : decisionFromPass(answer.body, passId, this.now(), this.settings.seatFields);
    this.logger?.debug(
      { scanId: scan.scanId, outcome: decision.outcome, rawStatus: decision.rawStatus },
      'WalletThat pass checked',
    );
    return decision;
  }

  /**
   * Marks the pass redeemed, so the next scan of it STOPs. Redeeming a redeemed pass is harmless, which
   * makes one retry after a network or server fault safe. The status goes inside `pass-data`, where the
   * seed's UpdatePassData sample puts it; no `new-pass-id` is sent, so the pass keeps its id.
   */
  async afterAdmit(scan: NormalisedScan, decision: ProviderDecision, signal: AbortSignal): Promise<void> {
    const passId = decision.ticketId ?? this.toPassId(scan.token);
    if (passId === undefined) return;
    try {
      await this.redeem(passId, signal);
    } catch (err) {
      if (!(err instanceof ProviderUnavailableError) || signal.aborted) throw err;
      this.logger?.warn(
        { scanId: scan.scanId, error: err.message },
        'WalletThat redeem failed; retrying once',
      );
      await pause(REDEEM_RETRY_DELAY_MS, signal);
      await this.redeem(passId, signal);
    }
    this.logger?.debug({ scanId: scan.scanId }, 'WalletThat pass redeemed');
  }

  /** Staff lookup through GetPassData; `E808` (pass-id invalid) means "not found". */
  async lookup(token: string, signal: AbortSignal): Promise<TicketLookup> {
    const passId = this.toPassId(token);
    if (passId === undefined) return { token, found: false };
    const answer = await this.getPassData(passId, signal);
    if (answer.kind === 'failure') {
      if (failureRule(answer.failure['error-code']).reasonCode === 'PASS_NOT_FOUND')
        return { token, found: false };
      const detail = describeFailure(answer.failure, this.scrub) ?? answer.failure.status;
      throw new ProviderProtocolError(`WalletThat getpassdata: ${detail}`, answer.httpStatus);
    }
    const body = answer.body;
    const data = body['pass-data'] ?? undefined;
    const found = findPassStatus(body);
    const result: TicketLookup = { token, found: true };
    if (found.kind === 'one') result.status = found.status;
    if (found.kind === 'conflict') result.status = `${found.topLevel}/${found.inPassData}`;
    const eventName = data && textField(data, 'event-name');
    if (eventName) result.eventName = eventName;
    if (body['pass-template-id']) result.eventId = body['pass-template-id'];
    const seat = data && seatOf(data, this.settings.seatFields);
    if (seat) result.seat = seat;
    const holder = data && textField(data, 'ticket-holder');
    if (holder) result.holderName = holder;
    return result;
  }

  async close(): Promise<void> {
    this.closed = true;
  }

  private getPassData(passId: string, signal: AbortSignal) {
    return this.call(
      { action: 'getpassdata', 'pass-id': passId, ...this.templateField() },
      signal,
      WalletThatGetPassDataSuccess,
    );
  }

  private async redeem(passId: string, signal: AbortSignal): Promise<void> {
    const answer = await this.call(
      {
        action: 'updatepassdata',
        'pass-id': passId,
        ...this.templateField(),
        'pass-data': { 'pass-status': 'redeemed' },
      },
      signal,
      WalletThatUpdatePassDataSuccess,
    );
    if (answer.kind === 'failure') {
      const detail = describeFailure(answer.failure, this.scrub) ?? answer.failure.status;
      const message = `WalletThat updatepassdata: ${detail}`;
      // A documented internal error is worth a retry; any other refusal is not.
      if (failureRule(answer.failure['error-code']).reasonCode === 'SERVER_ERROR') {
        throw new ProviderUnavailableError(message, answer.httpStatus);
      }
      throw new ProviderProtocolError(message, answer.httpStatus);
    }
    const trackingId = answer.body['tracking-id'];
    if (trackingId) this.logger?.debug({ trackingId }, 'WalletThat update tracking id');
  }

  private failureDecision(failure: WalletThatFailure, passId: string): ProviderDecision {
    const decision = decisionFromFailure(failure, passId);
    if (decision.outcome === 'see-staff') {
      this.logger?.warn({ errorCode: decision.rawStatus }, 'WalletThat answered an unexpected Failure');
    }
    return decision;
  }

  private templateField(): Record<string, string> {
    const id = this.settings.passTemplateId;
    return id ? { 'pass-template-id': id } : {};
  }

  private call<S extends z.ZodType>(
    body: { action: string } & Record<string, unknown>,
    signal: AbortSignal,
    success: S,
  ): Promise<ActionAnswer<z.output<S>>> {
    if (this.closed) return Promise.reject(new ProviderUnavailableError('WalletThat: provider closed'));
    return callAction({
      transport: this.transport,
      url: this.settings.endpointUrl,
      apiKey: this.settings.apiKey,
      body,
      signal,
      success,
      scrub: this.scrub,
    });
  }

  /** Blanks the API key out of server-provided text. */
  private readonly scrub = secretScrub(() => [this.settings.apiKey]);
}

/** Waits `ms`, or rejects at once when the signal aborts, so no timer outlives the caller's budget. */
function pause(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) return reject(new ProviderUnavailableError('WalletThat: aborted'));
    const onAbort = () => {
      clearTimeout(timer);
      reject(new ProviderUnavailableError('WalletThat: aborted'));
    };
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal.addEventListener('abort', onAbort, { once: true });
  });
}
