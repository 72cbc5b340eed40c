import type { Outcome, SeatInfo } from '../../common/contract.js';
import type { NormalisedScan } from '../scan/scan-input.js';

/** What a provider answered for one scan. `rawStatus`/`reasonCode` are kept verbatim for the journal. */
export interface ProviderDecision {
  outcome: Outcome;
  /** The provider's own status, e.g. Entry V1 `Admit`/`Stop`. */
  rawStatus: string;
  reasonCode: string;
  /** Text the patron (or staff) can read. */
  reasonText: string;
  seat?: SeatInfo;
  eventName?: string;
  eventId?: string;
}

export interface ValidateContext {
  /** Aborted when the scan's decision budget runs out; every call made for the scan must honour it. */
  signal: AbortSignal;
  /** Called with each request id sent (e.g. Entry V1 `PAC-Request-Id`), so the journal can keep them. */
  onRequestId(id: string): void;
}

/**
 * One check interface for online decisions (pretix's TicketCheckProvider shape). Offline decisions come
 * from the core's offline policy, never from a provider.
 */
export interface TicketCheckProvider {
  readonly name: string;
  /** Session / device registration. The kiosk does not scan until it succeeds. */
  configure(signal: AbortSignal): Promise<void>;
  validate(scan: NormalisedScan, ctx: ValidateContext): Promise<ProviderDecision>;
  close(): Promise<void>;
}

/** A provider answer that could not be understood (bad JSON, wrong types, unexpected status). */
export class ProviderProtocolError extends Error {
  constructor(
    message: string,
    readonly httpStatus?: number,
  ) {
    super(message);
    this.name = 'ProviderProtocolError';
  }
}

/** The provider could not be reached or refused service (network error, 5xx, auth failure). */
export class ProviderUnavailableError extends Error {
  constructor(
    message: string,
    readonly httpStatus?: number,
  ) {
    super(message);
    this.name = 'ProviderUnavailableError';
  }
}
