import type { z } from 'zod';
import type { NormalisedScan } from '../../scan/scan-input.js';
import type { HttpAnswer, HttpTransport } from '../http/http-transport.js';
import { nodeHttpTransport } from '../http/node-http-transport.js';
import {
  ProviderNotConfiguredError,
  ProviderProtocolError,
  ProviderUnavailableError,
  type OfflineScanRecord,
  type ProviderDecision,
  type ReferenceData,
  type TicketCheckProvider,
  type UploadResult,
  type ValidateContext,
} from '../provider.js';
import { isSuccessStatus, isUnavailableStatus, parseBody, parseValue, type Scrub } from '../http/answers.js';
import { callJson } from '../http/json-call.js';
import type { ProviderDeps, ProviderLogger } from '../provider-deps.js';
import { envelopeStatus, httpStatusError, makeScrub, presenceUrl } from './http-call.js';
import {
  PresenceDevice,
  PresenceDeviceResponse,
  PresenceScanResponse,
  PresenceUploadResponse,
} from './response-schemas.js';
import { toProviderDecision } from './scan-decision.js';
import { scanBody, scanRouteFor, uploadScan, type PresenceDeviceIds } from './scan-request.js';
import { formatMask, type PresenceOfflineSettings } from './offline-settings.js';
import { PresenceSettings, type PresenceSettingsInput } from './settings.js';
import { readTicketList } from './ticket-list.js';
import { presenceStatusRule, type PresenceLane } from './status-map.js';

/** Device Configure / Device Information statuses that mean "this device is not set up": out of service. */
const NOT_CONFIGURED_STATUSES: ReadonlySet<string> = new Set(['NOT_FOUND', 'BAD_REQUEST']);

/** Device Configure may leave out the gate id; Device Information is the documented source of it. */
const InitDevice = PresenceDevice.partial({ gateId: true });

type DeviceCall = 'device init' | 'device info';

/**
 * Ticketmaster Presence: Device Configure + Device Information at start (for the device and gate ids), then
 * one enter / exit / internal-entry call per scan, and an offline upload. The API key rides as the `apikey`
 * query parameter on every request, as documented; URLs are therefore never logged.
 */
export class PresenceProvider implements TicketCheckProvider {
  readonly name = 'presence';
  readonly maxUploadBatch: number;
  private readonly settings: PresenceSettings;
  private readonly transport: HttpTransport;
  private readonly logger: ProviderLogger | undefined;
  private readonly scrub: Scrub;
  private ids: PresenceDeviceIds | undefined;
  private closed = false;
  /**
   * The venue's offline rules as reference data (only when `offline` is configured: without them the
   * kiosk has nothing to validate with, and offline scans see staff). Reads settings and the local ticket
   * list only: it makes no call to Presence, so it works while the API is down.
   */
  readonly syncReference?: (signal: AbortSignal) => Promise<ReferenceData>;
  readonly referenceIsLocal: boolean;

  constructor(settings: PresenceSettingsInput, deps: ProviderDeps = {}) {
    this.settings = PresenceSettings.parse(settings);
    this.transport = deps.transport ?? nodeHttpTransport;
    this.logger = deps.logger;
    this.scrub = makeScrub(this.settings.apiKey);
    this.maxUploadBatch = this.settings.maxUploadBatch;
    const offline = this.settings.offline;
    if (offline) this.syncReference = (signal) => this.localReference(offline, signal);
    this.referenceIsLocal = offline !== undefined;
  }

  /** The ids Presence assigned at the last `configure` (undefined before). */
  get deviceIds(): Readonly<PresenceDeviceIds> | undefined {
    return this.ids;
  }

  async configure(signal: AbortSignal): Promise<void> {
    this.closed = false;
    this.ids = undefined;
    const s = this.settings;
    const initBody = {
      venueId: s.venueId,
      name: s.deviceName,
      mac: s.mac,
      ip: s.ip,
      gateName: s.gateName,
      serial: s.serial,
      model: s.model,
    };
    const initAnswer = await this.call('POST', s.paths.deviceInit, signal, 'Presence device init', initBody);
    const init = this.readDevice(initAnswer, 'device init', InitDevice);
    // The FAQ: "the Device endpoint will return the gate Id"; it also proves the registration took.
    const infoAnswer = await this.call('GET', s.paths.deviceInfo, signal, 'Presence device info', undefined, {
      venue: s.venueId,
      mac: s.mac,
    });
    const info = this.readDevice(infoAnswer, 'device info', PresenceDevice);
    if (init.id !== info.id || (init.gateId !== undefined && init.gateId !== info.gateId)) {
      this.logger?.warn(
        { initDeviceId: init.id, deviceId: info.id, initGateId: init.gateId, gateId: info.gateId },
        'Presence device init and device info disagree; using device info',
      );
    }
    if (this.closed) throw new ProviderUnavailableError('Presence: provider closed');
    this.ids = { deviceId: info.id, gateId: info.gateId };
    this.logger?.debug(
      { deviceId: info.id, gateId: info.gateId, gateMode: s.gateMode },
      'Presence device configured',
    );
  }

  async validate(scan: NormalisedScan, ctx: ValidateContext): Promise<ProviderDecision> {
    const ids = this.requireIds();
    const route = scanRouteFor(this.settings.gateMode);
    const lane: PresenceLane = route === 'exit' ? 'exit' : 'entry';
    const label = `Presence ${route}`;
    const body = scanBody(scan, scan.receivedAt, ids, this.settings);
    const answer = await this.call('POST', this.settings.paths[route], ctx.signal, label, body);
    if (isSuccessStatus(answer.status)) {
      return toProviderDecision(parseBody(answer, PresenceScanResponse, label), lane);
    }
    // A documented ticket status carried on a 4xx (e.g. BAD_REQUEST on HTTP 400) is still the answer.
    const status = isUnavailableStatus(answer.status) ? undefined : envelopeStatus(answer);
    if (status !== undefined && presenceStatusRule(status)) {
      this.logger?.warn({ route, httpStatus: answer.status, status }, 'Presence answered a status on a 4xx');
      return toProviderDecision(parseBody(answer, PresenceScanResponse, label), lane);
    }
    throw httpStatusError(answer, label, this.scrub);
  }

  /**
   * Uploads offline scans (the upload path and body are placeholders: not public). Only admitted scans are
   * sent: a denied scan moved no ticket state, and Presence would record every uploaded scan as an
   * entry/exit. Denied ones are acknowledged without sending. The `scanId` of each scan rides along, so a
   * re-sent batch after a lost reply creates no duplicates on a server that keys on it.
   */
  async uploadOffline(batch: OfflineScanRecord[], signal: AbortSignal): Promise<UploadResult> {
    const ids = this.requireIds();
    const result: UploadResult = { accepted: [], rejected: [] };
    const toSend: OfflineScanRecord[] = [];
    for (const record of batch) {
      if (record.outcome === 'admit') toSend.push(record);
      else result.accepted.push(record.scanId);
    }
    for (let i = 0; i < toSend.length; i += this.maxUploadBatch) {
      const chunk = toSend.slice(i, i + this.maxUploadBatch);
      const chunkResult = await this.uploadChunk(chunk, ids, signal);
      result.accepted.push(...chunkResult.accepted);
      result.rejected.push(...chunkResult.rejected);
    }
    return result;
  }

  async close(): Promise<void> {
    this.closed = true;
    this.ids = undefined;
  }

  private async localReference(
    offline: PresenceOfflineSettings,
    signal: AbortSignal,
  ): Promise<ReferenceData> {
    const defaultMasks = offline.barcodeFormat ? [formatMask(offline.barcodeFormat)] : [];
    const data: ReferenceData = {
      events: offline.events.map((e) => ({
        eventId: e.eventId,
        name: e.name ?? e.eventId,
        ...(e.start && { start: e.start }),
        ...(e.end && { end: e.end }),
        ...(e.scanStart && { scanStart: e.scanStart }),
        ...(e.scanEnd && { scanEnd: e.scanEnd }),
        ...(e.timeZone && { timeZone: e.timeZone }),
        barcodeMasks: e.barcodeMasks?.length ? e.barcodeMasks : defaultMasks,
      })),
      rules: offline.timeZone ? { venueTimeZone: offline.timeZone } : {},
    };
    if (offline.ticketList) data.tickets = await readTicketList(offline.ticketList, signal);
    this.logger?.debug(
      { events: data.events.length, tickets: data.tickets?.length },
      'Presence offline rules loaded',
    );
    return data;
  }

  private async uploadChunk(
    chunk: OfflineScanRecord[],
    ids: PresenceDeviceIds,
    signal: AbortSignal,
  ): Promise<UploadResult> {
    const s = this.settings;
    const label = 'Presence offline upload';
    const body = {
      venueId: s.venueId,
      deviceId: ids.deviceId,
      gateId: ids.gateId,
      gateName: s.gateName,
      scans: chunk.map((record) => uploadScan(record, ids, s)),
    };
    const answer = await this.call('POST', s.paths.offlineUpload, signal, label, body);
    const status = isSuccessStatus(answer.status)
      ? parseBody(answer, PresenceUploadResponse, label).result.status
      : isUnavailableStatus(answer.status)
        ? undefined
        : envelopeStatus(answer);
    const scanIds = chunk.map((r) => r.scanId);
    if (status === 'OKAY') {
      this.logger?.debug({ scans: chunk.length }, 'Presence offline scans uploaded');
      return { accepted: scanIds, rejected: [] };
    }
    if (status === 'BAD_REQUEST') {
      // The doc: uploads are never refused for the tickets, only for a malformed message. Dead-letter them.
      const reason = 'Presence refused the upload as malformed (BAD_REQUEST)';
      this.logger?.warn({ scans: chunk.length, httpStatus: answer.status }, reason);
      return { accepted: [], rejected: scanIds.map((scanId) => ({ scanId, reason })) };
    }
    if (status === 'GENERAL_ERROR') {
      throw new ProviderUnavailableError(`${label}: GENERAL_ERROR`, answer.status);
    }
    if (!isSuccessStatus(answer.status)) throw httpStatusError(answer, label, this.scrub);
    throw new ProviderProtocolError(`${label}: unexpected status "${String(status).slice(0, 40)}"`);
  }

  private readDevice<S extends z.ZodType>(answer: HttpAnswer, call: DeviceCall, schema: S): z.output<S> {
    const label = `Presence ${call}`;
    if (isUnavailableStatus(answer.status)) throw httpStatusError(answer, label, this.scrub);
    const status = isSuccessStatus(answer.status)
      ? parseBody(answer, PresenceDeviceResponse, label).result.status
      : envelopeStatus(answer);
    if (status !== undefined && NOT_CONFIGURED_STATUSES.has(status)) {
      // Out of service until someone fixes the settings or registers the device in TM1 Entry.
      this.logger?.warn(
        { call, status, httpStatus: answer.status },
        'Presence says the device is not configured',
      );
      const what = call === 'device init' ? 'venue' : 'device';
      const why = status === 'NOT_FOUND' ? `${what} not found` : 'request refused';
      throw new ProviderNotConfiguredError(`${label}: ${why} (${status})`);
    }
    if (status === 'GENERAL_ERROR')
      throw new ProviderUnavailableError(`${label}: GENERAL_ERROR`, answer.status);
    if (!isSuccessStatus(answer.status)) throw httpStatusError(answer, label, this.scrub);
    if (status !== 'OKAY') {
      throw new ProviderProtocolError(`${label}: unexpected status "${String(status).slice(0, 40)}"`);
    }
    const { message } = parseBody(answer, PresenceDeviceResponse, label);
    return parseValue(message ?? null, schema, `${label} message`, answer.status);
  }

  private requireIds(): PresenceDeviceIds {
    if (this.closed) throw new ProviderUnavailableError('Presence: provider closed');
    if (!this.ids) throw new ProviderNotConfiguredError('Presence: device not configured yet');
    return this.ids;
  }

  private call(
    method: 'GET' | 'POST',
    path: string,
    signal: AbortSignal,
    label: string,
    body?: unknown,
    query?: Record<string, string>,
  ): Promise<HttpAnswer> {
    if (this.closed) return Promise.reject(new ProviderUnavailableError('Presence: provider closed'));
    return callJson({
      transport: this.transport,
      method,
      url: presenceUrl(this.settings.baseUrl, path, this.settings.apiKey, query),
      body,
      signal,
      label,
    });
  }
}
