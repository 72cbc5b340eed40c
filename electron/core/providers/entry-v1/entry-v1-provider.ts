import { randomUUID } from 'node:crypto';
import type { NormalisedScan } from '../../scan/scan-input.js';
import {
  ProviderProtocolError,
  ProviderUnavailableError,
  type ProviderDecision,
  type TicketCheckProvider,
  type ValidateContext,
} from '../provider.js';
import {
  httpStatusError,
  MAX_EVENTS_RESPONSE_BYTES,
  MAX_RESPONSE_BYTES,
  parseBody,
  postJson,
} from './http-call.js';
import type { HttpAnswer, HttpTransport } from '../http/http-transport.js';
import { nodeHttpTransport } from '../http/node-http-transport.js';
import { needsRenewal, readSessionTimes, type SessionTimes } from './jwt-renewal.js';
import {
  EntryV1EventsResponse,
  EntryV1ScanResponse,
  EntryV1SessionResponse,
  type EntryV1Event,
} from './response-schemas.js';
import { toProviderDecision } from './scan-decision.js';
import { EntryV1Settings, type EntryV1SettingsInput } from './settings.js';

/** Structural subset of a pino logger, so tests can pass a stub. Secrets are never passed to it. */
export interface EntryV1Logger {
  debug(fields: Record<string, unknown>, msg: string): void;
  warn(fields: Record<string, unknown>, msg: string): void;
}

export interface EntryV1ProviderDeps {
  /** Epoch ms; drives JWT renewal and `deviceTimestamp`. Default `Date.now`. */
  now?: () => number;
  /** HTTP transport; tests wrap the default to observe or substitute answers. */
  transport?: HttpTransport;
  logger?: EntryV1Logger;
}

interface Session {
  jwt: string;
  times: SessionTimes;
}

type BearerRoute = 'events' | 'ping' | 'scan';

const noRequestIdSink = (): void => undefined;

/** Entry V1 online checks: session JWT, Get Events, Validate Scan. */
export class EntryV1Provider implements TicketCheckProvider {
  readonly name = 'entry-v1';
  private readonly settings: EntryV1Settings;
  private readonly now: () => number;
  private readonly transport: HttpTransport;
  private readonly logger: EntryV1Logger | undefined;
  private session: Session | undefined;
  /**
   * One session request at a time: concurrent callers share it instead of each creating a session. It runs
   * under the first caller's signal, so if that scan is aborted the others fail too and retry on their
   * next scan (the kiosk validates one scan at a time, so this is rare).
   */
  private pendingSession: Promise<Session> | undefined;
  private events: readonly EntryV1Event[] = [];
  private closed = false;

  constructor(settings: EntryV1SettingsInput, deps: EntryV1ProviderDeps = {}) {
    this.settings = EntryV1Settings.parse(settings);
    this.now = deps.now ?? Date.now;
    this.transport = deps.transport ?? nodeHttpTransport;
    this.logger = deps.logger;
  }

  async configure(signal: AbortSignal): Promise<void> {
    this.closed = false;
    this.session = undefined;
    await this.newSession(signal, noRequestIdSink);
    const answer = await this.bearerCall('events', this.deviceFields(), signal, noRequestIdSink);
    this.events = parseBody(answer, EntryV1EventsResponse, 'Entry V1 events').events;
  }

  /** Today's events from the last `configure`. */
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
    const answer = await this.bearerCall('scan', body, ctx.signal, (id) => ctx.onRequestId(id));
    return toProviderDecision(parseBody(answer, EntryV1ScanResponse, 'Entry V1 scan'));
  }

  /** Connectivity check (Bearer). Resolves when the API answered 2xx. */
  async ping(signal: AbortSignal): Promise<void> {
    await this.bearerCall('ping', { testMode: false, ...this.deviceFields() }, signal, noRequestIdSink);
  }

  async close(): Promise<void> {
    this.closed = true;
    this.session = undefined;
    this.events = [];
  }

  private deviceFields() {
    return { softwareMode: 'Pedestal', deviceTimestamp: new Date(this.now()).toISOString() };
  }

  /** Bearer call with the renewal rules: renew near `exp` first; on a 401 renew once and retry once. */
  private async bearerCall(
    route: BearerRoute,
    body: unknown,
    signal: AbortSignal,
    onRequestId: (id: string) => void,
  ): Promise<HttpAnswer> {
    const label = `Entry V1 ${route}`;
    const maxBytes = route === 'events' ? MAX_EVENTS_RESPONSE_BYTES : MAX_RESPONSE_BYTES;
    let session = await this.usableSession(signal, onRequestId);
    let answer = await this.post(
      route,
      { Authorization: `Bearer ${session.jwt}` },
      body,
      signal,
      onRequestId,
      maxBytes,
    );
    if (answer.status === 401 && !signal.aborted) {
      this.logger?.warn({ route }, 'Entry V1 refused the session; renewing once');
      session = await this.renewRejected(session, signal, onRequestId);
      answer = await this.post(
        route,
        { Authorization: `Bearer ${session.jwt}` },
        body,
        signal,
        onRequestId,
        maxBytes,
      );
    }
    if (answer.status === 401) {
      // Still refused with a brand-new session: stop here (no loop) and let the core fall back.
      throw new ProviderUnavailableError(`${label}: session refused after renewal (HTTP 401)`, 401);
    }
    if (answer.status < 200 || answer.status > 299) throw httpStatusError(answer, label, this.scrub);
    return answer;
  }

  private async usableSession(signal: AbortSignal, onRequestId: (id: string) => void): Promise<Session> {
    if (this.closed) throw new ProviderUnavailableError('Entry V1: provider closed');
    const current = this.session;
    if (current && !needsRenewal(current.times, this.now(), this.settings.renewMarginSeconds)) return current;
    try {
      return await this.newSession(signal, onRequestId);
    } catch (err) {
      // A failed early renewal need not stop scanning while the old token is still valid.
      const stillValid = current?.times.exp !== undefined && this.now() < current.times.exp * 1000;
      if (!current || !stillValid || signal.aborted) throw err;
      this.logger?.warn(
        { error: err instanceof Error ? err.message : String(err) },
        'Entry V1 renewal failed',
      );
      return current;
    }
  }

  /** After a 401: renew, unless another call already replaced the refused token. */
  private renewRejected(
    rejected: Session,
    signal: AbortSignal,
    onRequestId: (id: string) => void,
  ): Promise<Session> {
    if (this.session && this.session.jwt !== rejected.jwt) return Promise.resolve(this.session);
    if (this.session === rejected) this.session = undefined;
    return this.newSession(signal, onRequestId);
  }

  private newSession(signal: AbortSignal, onRequestId: (id: string) => void): Promise<Session> {
    this.pendingSession ??= this.createSession(signal, onRequestId).finally(() => {
      this.pendingSession = undefined;
    });
    return this.pendingSession;
  }

  private async createSession(signal: AbortSignal, onRequestId: (id: string) => void): Promise<Session> {
    const s = this.settings;
    const body: Record<string, unknown> = {
      venueCode: s.venueCode,
      dataAccountId: s.dataAccountId,
      serialNumber: s.serialNumber,
      make: s.make,
      model: s.model,
      ...this.deviceFields(),
    };
    if (s.softwareVersion) body.softwareVersion = s.softwareVersion;
    const label = 'Entry V1 session';
    const answer = await this.post(
      'session',
      { 'API-Authorization-Key': s.apiKey },
      body,
      signal,
      onRequestId,
    );
    if (answer.status === 401 || answer.status === 403) {
      throw new ProviderUnavailableError(`${label}: API key refused (HTTP ${answer.status})`, answer.status);
    }
    if (answer.status < 200 || answer.status > 299) throw httpStatusError(answer, label, this.scrub);
    const { jwt } = parseBody(answer, EntryV1SessionResponse, label);
    let times: SessionTimes;
    try {
      times = readSessionTimes(jwt);
    } catch {
      throw new ProviderProtocolError(`${label}: token is not a JWT`, answer.status);
    }
    if (this.closed) throw new ProviderUnavailableError('Entry V1: provider closed');
    const session = { jwt, times };
    this.session = session;
    this.logger?.debug({ exp: times.exp }, 'Entry V1 session created');
    return session;
  }

  private async post(
    route: 'session' | BearerRoute,
    headers: Record<string, string>,
    body: unknown,
    signal: AbortSignal,
    onRequestId: (id: string) => void,
    maxBytes = MAX_RESPONSE_BYTES,
  ): Promise<HttpAnswer> {
    // A fresh PAC-Request-Id per HTTP call (retries included), reported before sending so the journal
    // has it even if the call never returns.
    const requestId = randomUUID();
    onRequestId(requestId);
    return postJson({
      transport: this.transport,
      url: this.url(this.settings.paths[route]),
      headers: { ...headers, 'PAC-Request-Id': requestId },
      body,
      signal,
      maxBytes,
      label: `Entry V1 ${route}`,
    });
  }

  private url(path: string): string {
    return this.settings.baseUrl.replace(/\/+$/, '') + path;
  }

  /** Blanks the API key and any session JWT out of server-provided text. */
  private readonly scrub = (text: string): string => {
    let out = text.split(this.settings.apiKey).join('[redacted]');
    if (this.session) out = out.split(this.session.jwt).join('[redacted]');
    // Anything JWT-shaped, in case the server quotes an older token.
    return out.replace(/eyJ[\w-]+\.[\w-]+\.[\w-]*/g, '[redacted]');
  };
}
