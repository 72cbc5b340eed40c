import { randomUUID } from 'node:crypto';
import { promisify } from 'node:util';
import { gzip } from 'node:zlib';
import type { NormalisedScan } from '../../scan/scan-input.js';
import {
  ProviderProtocolError,
  ProviderUnavailableError,
  type HeartbeatStatus,
  type OfflineScanRecord,
  type ProviderDecision,
  type ReferenceData,
  type TicketCheckProvider,
  type TicketLookup,
  type UploadResult,
  type ValidateContext,
} from '../provider.js';
import { httpStatusError } from './http-call.js';
import { isSuccessStatus, parseBody, secretScrub } from '../http/answers.js';
import type { HttpAnswer, HttpTransport } from '../http/http-transport.js';
import { MAX_ANSWER_BYTES, MAX_LIST_ANSWER_BYTES } from '../http/json-call.js';
import { nodeHttpTransport } from '../http/node-http-transport.js';
import type { ProviderDeps, ProviderLogger } from '../provider-deps.js';
import { firstLocalIPv4 } from './device-fields.js';
import { readSessionTimes, type SessionTimes } from './jwt-renewal.js';
import {
  buildUploadBatches,
  ENTRY_V1_MAX_SCANS_PER_UPLOAD,
  planUploadRequests,
  uploadFilename,
  type EventScanRecord,
} from './offline-upload.js';
import { toReferenceData } from './reference-data.js';
import {
  EntryV1EventsResponse,
  EntryV1OfflineUploadResponse,
  EntryV1ScanResponse,
  EntryV1SessionResponse,
  EntryV1TicketLookupResponse,
  EntryV1VenuesResponse,
  type EntryV1Event,
  type EntryV1Venue,
} from './response-schemas.js';
import { toProviderDecision } from './scan-decision.js';
import { readAccessRules, readVenueTimezone } from './session-claims.js';
import { SessionKeeper, type Session } from './session-keeper.js';
import { EntryV1Settings, type EntryV1Paths, type EntryV1SettingsInput } from './settings.js';
import { notFoundLookup, toTicketLookup } from './ticket-lookup.js';
import { venueTimeToEpoch } from './time-zone.js';

/** `now` drives JWT renewal and `deviceTimestamp`. */
export interface EntryV1ProviderDeps extends ProviderDeps {
  /** This machine's LAN address for `localIPAddress`. Default: the first non-internal IPv4 address. */
  localIPAddress?: () => string | undefined;
}

type Route = keyof EntryV1Paths;
type BearerRoute = 'events' | 'ping' | 'scan' | 'ticketLookup';

interface SendOptions {
  headers: Record<string, string>;
  body: string | Uint8Array;
  signal: AbortSignal;
  onRequestId: (id: string) => void;
  maxBytes?: number;
  pathParams?: Record<string, string>;
}

const noRequestIdSink = (): void => undefined;
const gzipAsync = promisify(gzip);

/**
 * Entry V1 (Paciolan): device session JWT, Validate Scan, and the capabilities around it — Get Events as
 * reference data, Ping as heartbeat, Ticket Lookup, Offline Scan Upload — plus Get Venues for the admin.
 */
export class EntryV1Provider implements TicketCheckProvider {
  readonly name = 'entry-v1';
  readonly maxUploadBatch = ENTRY_V1_MAX_SCANS_PER_UPLOAD;
  private readonly settings: EntryV1Settings;
  private readonly now: () => number;
  private readonly transport: HttpTransport;
  private readonly logger: ProviderLogger | undefined;
  private readonly readLocalIp: () => string | undefined;
  /** The device session (Create Session): every Bearer call. */
  private readonly full: SessionKeeper;
  /** Create Session (Lite): Ticket Lookup only, when `liteSessionForLookup` is set. */
  private readonly lite: SessionKeeper;
  private events: readonly EntryV1Event[] = [];
  private localIp: string | undefined;
  private lastFilenameMs = 0;
  private closed = false;

  constructor(settings: EntryV1SettingsInput, deps: EntryV1ProviderDeps = {}) {
    this.settings = EntryV1Settings.parse(settings);
    this.now = deps.now ?? Date.now;
    this.transport = deps.transport ?? nodeHttpTransport;
    this.logger = deps.logger;
    this.readLocalIp = deps.localIPAddress ?? firstLocalIPv4;
    const keeperOptions = (kind: string) => ({
      now: this.now,
      renewMarginSeconds: this.settings.renewMarginSeconds,
      onRenewalFailed: (err: unknown) =>
        this.logger?.warn(
          { session: kind, error: err instanceof Error ? this.scrub(err.message) : 'unknown' },
          'Entry V1 renewal failed; keeping the current token',
        ),
    });
    this.full = new SessionKeeper(
      (signal, onId) => this.createSession('session', signal, onId),
      keeperOptions('device'),
    );
    this.lite = new SessionKeeper(
      (signal, onId) => this.createSession('sessionLite', signal, onId),
      keeperOptions('lite'),
    );
  }

  async configure(signal: AbortSignal): Promise<void> {
    this.closed = false;
    this.full.clear();
    this.lite.clear();
    this.refreshLocalIp();
    await this.full.renew(signal, noRequestIdSink);
    await this.fetchEvents(signal);
  }

  /** Today's events from the last `configure` or `syncReference`. */
  getEvents(): readonly EntryV1Event[] {
    return this.events;
  }

  async validate(scan: NormalisedScan, ctx: ValidateContext): Promise<ProviderDecision> {
    const body: Record<string, unknown> = {
      token: scan.token,
      inputType: scan.inputType,
      scanMode: this.settings.scanMode,
      testMode: false,
      ...this.deviceFields(),
    };
    if (scan.nfcType) body.nfcType = scan.nfcType;
    if (scan.barcodeType) body.barcodeType = scan.barcodeType;
    const answer = await this.bearerCall(this.full, 'scan', body, ctx.signal, (id) => ctx.onRequestId(id));
    return toProviderDecision(parseBody(answer, EntryV1ScanResponse, 'Entry V1 scan'));
  }

  /**
   * Get Events as reference data: events with scan windows (offset-less venue time; `timeZone` is the
   * JWT's `venueTimezone`), barcode masks, and the NFC keys passed on opaquely.
   */
  async syncReference(signal: AbortSignal): Promise<ReferenceData> {
    const { events, nfcKeys } = await this.fetchEvents(signal);
    const session = this.full.current;
    return toReferenceData(
      events,
      nfcKeys,
      session?.venueTimezone,
      session ? readAccessRules(session.jwt) : {},
    );
  }

  /** Get Venues (API key): the venues of the data account, for the admin screen's venue picker. */
  async venues(signal: AbortSignal): Promise<EntryV1Venue[]> {
    const s = this.settings;
    const label = 'Entry V1 venues';
    const body = {
      dataAccountId: s.dataAccountId,
      serialNumber: s.serialNumber,
      make: s.make,
      model: s.model,
      ...this.deviceFields(),
    };
    const answer = await this.send('venues', {
      headers: { 'API-Authorization-Key': s.apiKey },
      body: JSON.stringify(body),
      signal,
      onRequestId: noRequestIdSink,
    });
    if (!isSuccessStatus(answer.status)) throw httpStatusError(answer, label, this.scrub);
    return parseBody(answer, EntryV1VenuesResponse, label).venues;
  }

  /** Ping with the device's network fields; resolves when the API answered 2xx. */
  async heartbeat(status: HeartbeatStatus, signal: AbortSignal): Promise<void> {
    this.refreshLocalIp();
    const body = { testMode: false, ...this.deviceFields(status.deviceTime) };
    await this.bearerCall(this.full, 'ping', body, signal, noRequestIdSink);
  }

  /** Connectivity check: a heartbeat with the current time. */
  async ping(signal: AbortSignal): Promise<void> {
    await this.heartbeat({ deviceTime: this.now(), pendingUploads: 0, mode: 'online' }, signal);
  }

  /** Ticket Lookup with scan history, for staff. An unknown ticket (404) is `found: false`, not an error. */
  async lookup(token: string, signal: AbortSignal): Promise<TicketLookup> {
    const label = 'Entry V1 ticketLookup';
    const keeper = this.settings.liteSessionForLookup ? this.lite : this.full;
    const answer = await this.bearerAnswer(
      keeper,
      'ticketLookup',
      this.deviceFields(),
      signal,
      noRequestIdSink,
      {
        barcode: token,
      },
    );
    if (answer.status === 404) return notFoundLookup(token);
    if (!isSuccessStatus(answer.status)) throw httpStatusError(answer, label, this.scrub);
    return toTicketLookup(token, parseBody(answer, EntryV1TicketLookupResponse, label));
  }

  /**
   * Offline Scan Upload: one gzip request per event and per 100 scans (API key, so it works without a
   * session). A 200 accepts the request's scans; a 400 rejects them with the server's reason; anything else
   * throws so the caller retries the whole batch (the server de-duplicates re-sent scans). The event and
   * venue zone come with each record (captured when it was decided); a record without one is inferred from
   * the events synced since, and if that is impossible it is deferred — kept and retried, never refused
   * by the kiosk itself.
   */
  async uploadOffline(batch: OfflineScanRecord[], signal: AbortSignal): Promise<UploadResult> {
    const label = 'Entry V1 offlineUpload';
    const result: UploadResult = { accepted: [], rejected: [] };
    const withEvent: EventScanRecord[] = [];
    const deferred: UploadResult['deferred'] = [];
    for (const record of batch) {
      const eventId = record.eventId ?? this.inferEventId(record.scannedAt);
      if (eventId) withEvent.push({ ...record, eventId });
      else deferred.push({ scanId: record.scanId, reason: 'event of the scan not known yet' });
    }
    if (deferred.length > 0) result.deferred = deferred;
    const s = this.settings;
    const session = this.full.current;
    const plans = planUploadRequests(withEvent, this.maxUploadBatch);
    for (const plan of plans) {
      const first = plan.records[0]!;
      const synced = this.events.find((e) => e.eventId === plan.eventId);
      const event = first.event
        ? { startDateTime: first.event.start, endDateTime: first.event.end }
        : synced && { startDateTime: synced.startDateTime, endDateTime: synced.endDateTime };
      const timeZone = first.timeZone ?? session?.venueTimezone;
      const batches = buildUploadBatches(plan.eventId, plan.records, {
        serialNumber: s.serialNumber,
        dataAccountId: s.dataAccountId,
        venueCode: s.venueCode,
        ...(session && { jwt: session.jwt }),
        ...(timeZone && { timeZone }),
        ...(event && { event }),
      });
      const answer = await this.send('offlineUpload', {
        headers: {
          'API-Authorization-Key': s.apiKey,
          'Content-Encoding': 'gzip',
          Filename: uploadFilename(s.serialNumber, this.nextFilenameMs()),
        },
        body: await gzipAsync(JSON.stringify(batches)),
        signal,
        onRequestId: noRequestIdSink,
        pathParams: { eventId: plan.eventId },
      });
      const scanIds = plan.records.map((r) => r.scanId);
      if (isSuccessStatus(answer.status)) {
        parseBody(answer, EntryV1OfflineUploadResponse, label);
        result.accepted.push(...scanIds);
      } else if (answer.status === 400) {
        const reason = httpStatusError(answer, label, this.scrub).message;
        result.rejected.push(...scanIds.map((scanId) => ({ scanId, reason })));
      } else {
        throw httpStatusError(answer, label, this.scrub);
      }
    }
    this.logger?.debug(
      { requests: plans.length, accepted: result.accepted.length, rejected: result.rejected.length },
      'Entry V1 offline upload',
    );
    return result;
  }

  async close(): Promise<void> {
    this.closed = true;
    this.full.clear();
    this.lite.clear();
    this.events = [];
  }

  private async fetchEvents(signal: AbortSignal) {
    const answer = await this.bearerCall(this.full, 'events', this.deviceFields(), signal, noRequestIdSink);
    const parsed = parseBody(answer, EntryV1EventsResponse, 'Entry V1 events');
    this.events = parsed.events;
    return parsed;
  }

  /**
   * The event an offline scan without one belongs to: the only synced event whose scan window covers the
   * scan, else the only synced event. Never a guess between several.
   */
  private inferEventId(scannedAt: number): string | undefined {
    const timeZone = this.full.current?.venueTimezone;
    const open = this.events.filter((e) => {
      if (!e.scanStartDateTime || !e.scanEndDateTime) return false;
      return (
        scannedAt >= venueTimeToEpoch(e.scanStartDateTime, timeZone) &&
        scannedAt <= venueTimeToEpoch(e.scanEndDateTime, timeZone)
      );
    });
    if (open.length === 1) return open[0]?.eventId;
    return this.events.length === 1 ? this.events[0]?.eventId : undefined;
  }

  /** Filenames must differ between requests, even two sent in the same millisecond. */
  private nextFilenameMs(): number {
    this.lastFilenameMs = Math.max(this.now(), this.lastFilenameMs + 1);
    return this.lastFilenameMs;
  }

  private refreshLocalIp(): void {
    try {
      this.localIp = this.readLocalIp();
    } catch {
      this.localIp = undefined; // Optional field: a failing lookup must not stop a call.
    }
  }

  /** Fields the seed lists on every device call. */
  private deviceFields(ms: number = this.now()): Record<string, unknown> {
    return {
      networkType: this.settings.networkType,
      ...(this.localIp && { localIPAddress: this.localIp }),
      softwareMode: 'Pedestal',
      deviceTimestamp: new Date(ms).toISOString(),
    };
  }

  /** A Bearer call that must answer 2xx. */
  private async bearerCall(
    keeper: SessionKeeper,
    route: BearerRoute,
    body: unknown,
    signal: AbortSignal,
    onRequestId: (id: string) => void,
  ): Promise<HttpAnswer> {
    const answer = await this.bearerAnswer(keeper, route, body, signal, onRequestId);
    if (!isSuccessStatus(answer.status)) throw httpStatusError(answer, `Entry V1 ${route}`, this.scrub);
    return answer;
  }

  /** Bearer call with the renewal rules: renew near `exp` first; on a 401 renew once and retry once. */
  private async bearerAnswer(
    keeper: SessionKeeper,
    route: BearerRoute,
    body: unknown,
    signal: AbortSignal,
    onRequestId: (id: string) => void,
    pathParams?: Record<string, string>,
  ): Promise<HttpAnswer> {
    if (this.closed) throw new ProviderUnavailableError('Entry V1: provider closed');
    const maxBytes = route === 'events' ? MAX_LIST_ANSWER_BYTES : MAX_ANSWER_BYTES;
    const json = JSON.stringify(body);
    const call = (session: Session) =>
      this.send(route, {
        headers: { Authorization: `Bearer ${session.jwt}` },
        body: json,
        signal,
        onRequestId,
        maxBytes,
        ...(pathParams && { pathParams }),
      });
    let session = await keeper.usable(signal, onRequestId);
    let answer = await call(session);
    if (answer.status === 401 && !signal.aborted) {
      this.logger?.warn({ route }, 'Entry V1 refused the session; renewing once');
      session = await keeper.renewRejected(session, signal, onRequestId);
      answer = await call(session);
    }
    if (answer.status === 401) {
      // Still refused with a brand-new session: stop here (no loop) and let the core fall back.
      throw new ProviderUnavailableError(`Entry V1 ${route}: session refused after renewal (HTTP 401)`, 401);
    }
    return answer;
  }

  private async createSession(
    route: 'session' | 'sessionLite',
    signal: AbortSignal,
    onRequestId: (id: string) => void,
  ): Promise<Session> {
    if (this.closed) throw new ProviderUnavailableError('Entry V1: provider closed');
    const s = this.settings;
    const body: Record<string, unknown> =
      route === 'sessionLite'
        ? { dataAccountId: s.dataAccountId, serialNumber: s.serialNumber, venueCode: s.venueCode }
        : {
            venueCode: s.venueCode,
            dataAccountId: s.dataAccountId,
            serialNumber: s.serialNumber,
            make: s.make,
            model: s.model,
            ...(s.softwareVersion && { softwareVersion: s.softwareVersion }),
            ...this.deviceFields(),
          };
    const label = `Entry V1 ${route}`;
    const answer = await this.send(route, {
      headers: { 'API-Authorization-Key': s.apiKey },
      body: JSON.stringify(body),
      signal,
      onRequestId,
    });
    if (answer.status === 401 || answer.status === 403) {
      throw new ProviderUnavailableError(`${label}: API key refused (HTTP ${answer.status})`, answer.status);
    }
    if (!isSuccessStatus(answer.status)) throw httpStatusError(answer, label, this.scrub);
    const { jwt } = parseBody(answer, EntryV1SessionResponse, label);
    let times: SessionTimes;
    try {
      times = readSessionTimes(jwt);
    } catch {
      throw new ProviderProtocolError(`${label}: token is not a JWT`, answer.status);
    }
    if (this.closed) throw new ProviderUnavailableError('Entry V1: provider closed');
    const venueTimezone = readVenueTimezone(jwt);
    this.logger?.debug({ route, exp: times.exp, venueTimezone }, 'Entry V1 session created');
    return { jwt, times, ...(venueTimezone && { venueTimezone }) };
  }

  private send(route: Route, opts: SendOptions): Promise<HttpAnswer> {
    // A fresh PAC-Request-Id per HTTP call (retries included), reported before sending so the journal
    // has it even if the call never returns.
    const requestId = randomUUID();
    opts.onRequestId(requestId);
    return this.transport({
      method: 'POST',
      url: this.url(route, opts.pathParams),
      headers: {
        'Content-Type': 'application/json',
        Accept: 'application/json',
        ...opts.headers,
        'PAC-Request-Id': requestId,
      },
      body: opts.body,
      signal: opts.signal,
      maxBytes: opts.maxBytes ?? MAX_ANSWER_BYTES,
      label: `Entry V1 ${route}`,
    });
  }

  private url(route: Route, params: Record<string, string> = {}): string {
    const path = this.settings.paths[route].replace(/\{([A-Za-z]+)\}/g, (_, name: string) =>
      // `:` is legal in a path segment and is how event ids are written (`390:DEMO:LIVE`).
      encodeURIComponent(params[name] ?? '').replace(/%3A/gi, ':'),
    );
    return this.settings.baseUrl.replace(/\/+$/, '') + path;
  }

  /** Blanks the API key, the session JWTs and anything JWT-shaped (an older token) out of server text. */
  private readonly scrub = secretScrub(
    () => [this.settings.apiKey, this.full.current?.jwt, this.lite.current?.jwt],
    [[/eyJ[\w-]+\.[\w-]+\.[\w-]*/g, '[redacted]']],
  );
}
