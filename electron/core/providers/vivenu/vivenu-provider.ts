import type { NormalisedScan } from '../../scan/scan-input.js';
import {
  ProviderNotConfiguredError,
  ProviderUnavailableError,
  type OfflineScanRecord,
  type ProviderDecision,
  type ReferenceData,
  type ReferenceTicket,
  type TicketCheckProvider,
  type TicketLookup,
  type UploadResult,
  type ValidateContext,
} from '../provider.js';
import { fillPath, isSuccessStatus, parseBody, secretScrub } from '../http/answers.js';
import type { HttpAnswer, HttpTransport } from '../http/http-transport.js';
import { callJson, MAX_ANSWER_BYTES, MAX_LIST_ANSWER_BYTES } from '../http/json-call.js';
import { nodeHttpTransport } from '../http/node-http-transport.js';
import type { ProviderDeps, ProviderLogger } from '../provider-deps.js';
import { insideBarcodes } from './checkin-state.js';
import { httpStatusError, joinUrl, serverMessage } from './http-call.js';
import { groupByEvent } from './offline-upload.js';
import { readAllPages } from './paging.js';
import {
  VivenuAccessScanResponse,
  VivenuScanList,
  VivenuTicket,
  VivenuTicketPage,
  type VivenuScan,
} from './response-schemas.js';
import { notFoundDecision, toProviderDecision, toSeat } from './scan-decision.js';
import { VivenuSettings, type VivenuSettingsInput } from './settings.js';

type Route = keyof VivenuSettings['paths'];

/**
 * vivenu: decides online with the access-user scan call, downloads tickets (and Portier's scans, to know who
 * is inside) for offline decisions, and uploads offline scans. The access-user scan is vivenu's own check-in
 * and creates the scan record itself, so the kiosk records nothing to Portier (one admit, one record).
 */
export class VivenuProvider implements TicketCheckProvider {
  readonly name = 'vivenu';
  readonly maxUploadBatch: number;
  private readonly settings: VivenuSettings;
  private readonly now: () => number;
  private readonly transport: HttpTransport;
  private readonly logger: ProviderLogger | undefined;
  /** Downloaded tickets by barcode (merged across incremental syncs). */
  private tickets = new Map<string, VivenuTicket>();
  /** Per event: the kiosk time the last complete download started, the base of the next `from`. */
  private syncedFrom = new Map<string, number>();
  private closed = false;

  /** `deps.now` drives the ticket download's `from`/`until` window. */
  constructor(settings: VivenuSettingsInput, deps: ProviderDeps = {}) {
    this.settings = VivenuSettings.parse(settings);
    this.maxUploadBatch = this.settings.maxUploadBatch;
    this.now = deps.now ?? Date.now;
    this.transport = deps.transport ?? nodeHttpTransport;
    this.logger = deps.logger;
  }

  /**
   * Checks the access token against each configured event (one-ticket download page). A 404 means the
   * access user may not see that event: the device is not set up for it.
   */
  async configure(signal: AbortSignal): Promise<void> {
    this.closed = false;
    for (const eventId of this.settings.eventIds) {
      const answer = await this.accessCall(
        'ticketDownload',
        { eventId },
        { top: 1 },
        signal,
        MAX_LIST_ANSWER_BYTES,
      );
      if (answer.status === 404) {
        throw new ProviderNotConfiguredError(
          `vivenu: event ${eventId} is not accessible to this access user`,
        );
      }
      if (!isSuccessStatus(answer.status)) throw httpStatusError(answer, 'vivenu configure', this.scrub);
      parseBody(answer, VivenuTicketPage, 'vivenu configure');
    }
    this.logger?.debug({ events: this.settings.eventIds.length }, 'vivenu configured');
  }

  async validate(scan: NormalisedScan, ctx: ValidateContext): Promise<ProviderDecision> {
    const label = 'vivenu scan';
    const answer = await this.accessCall(
      'accessScan',
      { barcode: scan.token },
      undefined,
      ctx.signal,
      undefined,
      {},
    );
    // vivenu answers an unknown barcode with 404: that is a decision (STOP), not a fault.
    if (answer.status === 404) return notFoundDecision();
    if (!isSuccessStatus(answer.status)) throw httpStatusError(answer, label, this.scrub);
    const response = parseBody(answer, VivenuAccessScanResponse, label);
    const decision = toProviderDecision(response);
    this.logger?.debug(
      { scanId: scan.scanId, access: response.access, reason: decision.reasonCode },
      'vivenu scan decided',
    );
    return decision;
  }

  async syncReference(signal: AbortSignal): Promise<ReferenceData> {
    for (const eventId of this.settings.eventIds) await this.downloadTickets(eventId, signal);
    const inside = this.settings.apiKey ? await this.insideFromScans(signal) : undefined;
    const tickets: ReferenceTicket[] = [];
    for (const ticket of this.tickets.values()) {
      const status = ticket.status === 'VALID' && inside?.has(ticket.barcode) ? 'CHECKED_IN' : ticket.status;
      const ref: ReferenceTicket = {
        token: ticket.barcode,
        eventId: ticket.eventId,
        ticketId: ticket._id,
        status,
      };
      const seat = toSeat(ticket);
      if (seat) ref.seat = seat;
      tickets.push(ref);
    }
    this.logger?.debug(
      { tickets: tickets.length, inside: inside?.size, events: this.settings.eventIds.length },
      'vivenu reference synced',
    );
    // vivenu's access-user API gives no event names; the id stands in.
    return { events: this.settings.eventIds.map((eventId) => ({ eventId, name: eventId })), tickets };
  }

  /**
   * One request per event. Re-sending is safe: vivenu receives the same scans (same barcode, time and
   * direction) again, which it (and the sandbox) stores once. A 4xx for a group dead-letters that group's
   * scans; a fault throws, and the whole batch is re-sent later.
   */
  async uploadOffline(batch: OfflineScanRecord[], signal: AbortSignal): Promise<UploadResult> {
    const only = this.settings.eventIds.length === 1 ? this.settings.eventIds[0] : undefined;
    const { groups, rejected } = groupByEvent(
      batch,
      (barcode) => {
        const t = this.tickets.get(barcode);
        return t && { ticketId: t._id, eventId: t.eventId };
      },
      only,
    );
    const accepted: string[] = [];
    for (const group of groups) {
      const label = 'vivenu offline upload';
      const answer = await this.accessCall(
        'offlineUpload',
        { eventId: group.eventId },
        undefined,
        signal,
        MAX_ANSWER_BYTES,
        group.scans,
      );
      if (isSuccessStatus(answer.status)) {
        accepted.push(...group.scanIds);
        continue;
      }
      const err = httpStatusError(answer, label, this.scrub);
      if (err instanceof ProviderUnavailableError) throw err;
      const reason = `HTTP ${answer.status}${this.detail(answer)}`;
      for (const scanId of group.scanIds) rejected.push({ scanId, reason });
    }
    this.logger?.debug({ accepted: accepted.length, rejected: rejected.length }, 'vivenu offline upload');
    return { accepted, rejected };
  }

  /** The ticket (per configured event until found) and, with an API key, its Portier scan history. */
  async lookup(token: string, signal: AbortSignal): Promise<TicketLookup> {
    const label = 'vivenu lookup';
    const candidates: (string | undefined)[] =
      this.settings.eventIds.length > 0 ? this.settings.eventIds : [undefined];
    let ticket: VivenuTicket | undefined;
    for (const eventId of candidates) {
      const answer = await this.accessCall('accessTicket', { barcode: token }, { eventId }, signal);
      if (answer.status === 404) continue;
      if (!isSuccessStatus(answer.status)) throw httpStatusError(answer, label, this.scrub);
      ticket = parseBody(answer, VivenuTicket, label);
      break;
    }
    if (!ticket) return { token, found: false };
    const result: TicketLookup = { token, found: true, eventId: ticket.eventId, status: ticket.status };
    const seat = toSeat(ticket);
    if (seat) result.seat = seat;
    if (ticket.name) result.holderName = ticket.name;
    if (this.settings.apiKey) {
      const { docs } = await this.scansPage({ barcode: token, eventId: ticket.eventId }, 0, signal);
      result.history = docs.map((s) => ({
        at: s.time ?? '',
        outcome: `${s.type} ${s.scanResult}`,
        ...(s.deviceId && { where: s.deviceId }),
      }));
    }
    return result;
  }

  async close(): Promise<void> {
    this.closed = true;
    this.tickets = new Map();
    this.syncedFrom = new Map();
  }

  /** Full download the first time, then `from`/`until` windows merged in; committed only when complete. */
  private async downloadTickets(eventId: string, signal: AbortSignal): Promise<void> {
    const label = 'vivenu ticket download';
    const startedAt = this.now();
    const previous = this.syncedFrom.get(eventId);
    const window =
      previous === undefined
        ? {}
        : {
            from: new Date(previous - this.settings.syncOverlapSeconds * 1000).toISOString(),
            until: new Date(startedAt).toISOString(),
          };
    const pageSize = this.settings.pageSize;
    const tickets = await readAllPages(
      async (skip) => {
        const answer = await this.accessCall(
          'ticketDownload',
          { eventId },
          { top: pageSize, skip, ...window },
          signal,
          MAX_LIST_ANSWER_BYTES,
        );
        if (!isSuccessStatus(answer.status)) throw httpStatusError(answer, label, this.scrub);
        const page = parseBody(answer, VivenuTicketPage, label);
        return { items: page.tickets, total: page.total };
      },
      this.settings.maxPages,
      label,
    );
    if (this.closed) throw new ProviderUnavailableError('vivenu: provider closed');
    if (previous === undefined) {
      for (const [barcode, t] of this.tickets) if (t.eventId === eventId) this.tickets.delete(barcode);
    }
    for (const ticket of tickets) this.tickets.set(ticket.barcode, ticket);
    this.syncedFrom.set(eventId, startedAt);
  }

  /** All Portier scans of the configured events (every device's), reduced to who is inside now. */
  private async insideFromScans(signal: AbortSignal): Promise<Set<string>> {
    const scans: VivenuScan[] = [];
    for (const eventId of this.settings.eventIds) {
      const all = await readAllPages(
        async (skip) => {
          const page = await this.scansPage({ eventId }, skip, signal);
          return { items: page.docs, total: page.total };
        },
        this.settings.maxPages,
        'vivenu scans list',
      );
      scans.push(...all);
    }
    return insideBarcodes(scans);
  }

  private async scansPage(
    filter: { eventId?: string; barcode?: string },
    skip: number,
    signal: AbortSignal,
  ): Promise<{ docs: VivenuScan[]; total: number }> {
    const label = 'vivenu scans list';
    const answer = await this.portierGet(
      'listScans',
      { ...filter, top: this.settings.pageSize, skip },
      signal,
      MAX_LIST_ANSWER_BYTES,
    );
    if (!isSuccessStatus(answer.status)) throw httpStatusError(answer, label, this.scrub);
    return parseBody(answer, VivenuScanList, label);
  }

  /** A call to the access-user endpoints (`token` header). GET unless a body is given. */
  private accessCall(
    route: Extract<Route, 'accessScan' | 'accessTicket' | 'ticketDownload' | 'offlineUpload'>,
    params: Record<string, string>,
    query: Record<string, string | number | undefined> | undefined,
    signal: AbortSignal,
    maxBytes: number = MAX_ANSWER_BYTES,
    body?: unknown,
  ): Promise<HttpAnswer> {
    if (this.closed) return Promise.reject(new ProviderUnavailableError('vivenu: provider closed'));
    return callJson({
      transport: this.transport,
      method: body === undefined ? 'GET' : 'POST',
      url: joinUrl(this.settings.apiBaseUrl, fillPath(this.settings.paths[route], params), query),
      headers: { token: this.settings.accessToken },
      body,
      signal,
      maxBytes,
      label: `vivenu ${route}`,
    });
  }

  /** A read from Portier (`Authorization: Bearer` API key). */
  private portierGet(
    route: Extract<Route, 'listScans'>,
    query: Record<string, string | number | undefined>,
    signal: AbortSignal,
    maxBytes: number,
  ): Promise<HttpAnswer> {
    if (this.closed) return Promise.reject(new ProviderUnavailableError('vivenu: provider closed'));
    return callJson({
      transport: this.transport,
      method: 'GET',
      url: joinUrl(this.settings.portierBaseUrl, this.settings.paths[route], query),
      headers: { Authorization: `Bearer ${this.settings.apiKey ?? ''}` },
      signal,
      maxBytes,
      label: `vivenu ${route}`,
    });
  }

  private detail(answer: HttpAnswer): string {
    const message = serverMessage(answer.text, this.scrub);
    return message ? ` (${message})` : '';
  }

  /** Blanks the access token, the API key and anything key-shaped out of server-provided text. */
  private readonly scrub = secretScrub(
    () => [this.settings.accessToken, this.settings.apiKey],
    [[/\bkey_[\w-]+/g, '[redacted]']],
  );
}
