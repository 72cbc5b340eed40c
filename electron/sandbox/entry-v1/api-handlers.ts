import type { IncomingHttpHeaders } from 'node:http';
import { jsonReply, type Reply } from '../common/http-io.js';
import { errorReply } from './error-reply.js';
import type { JwtIssuer, SessionClaims } from './jwt-issuer.js';
import { parseOfflineUpload, type OfflineScan, type OfflineStore } from './offline-store.js';
import { checkScanBody, isJsonObject, requireStrings, type JsonObject } from './request-validation.js';
import type { ScanMode, TicketStore } from './ticket-store.js';
import type { SandboxRoute } from './types.js';

export interface ApiRequest {
  headers: IncomingHttpHeaders;
  body: Buffer;
  params: Record<string, string>;
}

export interface SandboxCounters {
  sessionsCreated: number;
  liteSessionsCreated: number;
  scansValidated: number;
  unauthorizedSent: number;
  offlineUploads: number;
  offlineScansStored: number;
  requests: number;
}

export interface HandlerContext {
  apiKey: string;
  venueCode: string;
  venueName: string;
  venueTimezone: string;
  dataAccountId: string;
  clock: () => number;
  issuer: JwtIssuer;
  store: TicketStore;
  offline: OfflineStore;
  /** What Get Events answers as `nfcKeys`. */
  nfcKeys: unknown;
  counters: SandboxCounters;
}

/** LIMITED (lite-session) tokens may only call these, as the seed says. */
const LIMITED_ROUTES: ReadonlySet<SandboxRoute> = new Set<SandboxRoute>(['events', 'ticketLookup']);

type Handler = (req: ApiRequest) => Promise<Reply>;

export function createApiHandlers(ctx: HandlerContext): Record<SandboxRoute, Handler> {
  const deviceIds = new Map<string, number>();
  const deviceIdFor = (serial: string): number => {
    let id = deviceIds.get(serial);
    if (id === undefined) {
      id = 101_934 + deviceIds.size;
      deviceIds.set(serial, id);
    }
    return id;
  };

  const hasApiKey = (req: ApiRequest) => req.headers['api-authorization-key'] === ctx.apiKey;

  /** Auth first, then body checks: the real API's guards run before its validation pipes. */
  async function withBearer(
    route: SandboxRoute,
    req: ApiRequest,
    handle: (claims: SessionClaims, body: JsonObject) => Reply | Promise<Reply>,
  ): Promise<Reply> {
    const header = req.headers.authorization ?? '';
    const match = /^Bearer (\S+)$/.exec(header);
    const claims = match?.[1] ? await ctx.issuer.verify(match[1]) : undefined;
    if (!claims) return errorReply(401, 'Unauthorized');
    if (claims.integratorType === 'LIMITED' && !LIMITED_ROUTES.has(route)) {
      return errorReply(403, 'Forbidden resource');
    }
    const body = parseJsonBody(req.body);
    if (!body) return errorReply(400, 'body must be a JSON object');
    return handle(claims, body);
  }

  function withApiKey(req: ApiRequest, handle: (body: JsonObject) => Reply | Promise<Reply>): Promise<Reply> {
    if (!hasApiKey(req)) return Promise.resolve(errorReply(401, 'Unauthorized'));
    const body = parseJsonBody(req.body);
    if (!body) return Promise.resolve(errorReply(400, 'body must be a JSON object'));
    return Promise.resolve(handle(body));
  }

  function unknownAccount(body: JsonObject): Reply | undefined {
    if (body.dataAccountId !== ctx.dataAccountId) return errorReply(404, 'Data account not found');
    if (body.venueCode !== undefined && body.venueCode !== ctx.venueCode)
      return errorReply(404, 'Venue not found');
    return undefined;
  }

  function claimsFor(
    body: JsonObject,
    integratorType: 'FULL' | 'LIMITED',
  ): Omit<SessionClaims, 'iat' | 'exp'> {
    const serialNumber = String(body.serialNumber);
    const deviceId = deviceIdFor(serialNumber);
    const optional = <T>(v: unknown, type: 'string' | 'number' | 'boolean'): T | null =>
      typeof v === type ? (v as T) : null;
    return {
      deviceId,
      deviceName: `Sandbox device ${serialNumber}`,
      deviceNumber: deviceId - 101_933,
      serialNumber,
      venueName: ctx.venueName,
      venueCode: ctx.venueCode,
      checkpointLayoutId: 30_187_083,
      checkpointLayoutName: 'Sandbox Layout',
      checkpointLayoutCode: 'CL.1',
      specialAreaId: optional<string>(body.specialAreaId, 'string'),
      specialAreaName: optional<string>(body.specialAreaName, 'string'),
      specialAreaMaxCapacity: optional<number>(body.specialAreaMaxCapacity, 'number'),
      specialAreaMaxEntryPerTicket: optional<number>(body.specialAreaMaxEntryPerTicket, 'number'),
      specialAreaRequireEntryExit: optional<boolean>(body.specialAreaRequireEntryExit, 'boolean'),
      checkpointId: 221_006,
      checkpointName: 'Main Entry',
      partnerId: 'gatepost-sandbox',
      deviceType: body.softwareMode === 'Handheld' ? 'handheld' : 'pedestal',
      dataAccountId: ctx.dataAccountId,
      accessorySerialNumber: optional<string>(body.accessorySerialNumber, 'string'),
      accessoryNumber: null,
      venueTimezone: ctx.venueTimezone,
      integratorType,
    };
  }

  return {
    session: (req) =>
      withApiKey(req, async (body) => {
        const problems = requireStrings(body, [
          'venueCode',
          'dataAccountId',
          'serialNumber',
          'make',
          'model',
        ]);
        if (problems.length > 0) return errorReply(400, ...problems);
        const unknown = unknownAccount(body);
        if (unknown) return unknown;
        const jwt = await ctx.issuer.issue(claimsFor(body, 'FULL'));
        ctx.counters.sessionsCreated += 1;
        return jsonReply(201, { jwt });
      }),

    sessionLite: (req) =>
      withApiKey(req, async (body) => {
        const problems = requireStrings(body, ['dataAccountId', 'serialNumber', 'venueCode']);
        if (problems.length > 0) return errorReply(400, ...problems);
        const unknown = unknownAccount(body);
        if (unknown) return unknown;
        const jwt = await ctx.issuer.issue(claimsFor(body, 'LIMITED'));
        ctx.counters.liteSessionsCreated += 1;
        return jsonReply(200, { jwt });
      }),

    events: (req) =>
      withBearer('events', req, () =>
        jsonReply(200, { nfcKeys: ctx.nfcKeys, events: ctx.store.listEvents() }),
      ),

    venues: (req) =>
      withApiKey(req, (body) => {
        const problems = requireStrings(body, ['dataAccountId', 'serialNumber', 'make', 'model']);
        if (problems.length > 0) return errorReply(400, ...problems);
        const unknown = unknownAccount(body);
        if (unknown) return unknown;
        return jsonReply(200, {
          venues: [{ facilityCode: ctx.venueCode, title: ctx.venueName, venueTimezone: ctx.venueTimezone }],
        });
      }),

    ping: (req) => withBearer('ping', req, () => jsonReply(200, {})),

    scan: (req) =>
      withBearer('scan', req, (claims, body) => {
        const problems = checkScanBody(body);
        if (problems.length > 0) return errorReply(400, ...problems);
        const answer = ctx.store.scan(
          String(body.token),
          body.scanMode as ScanMode,
          ctx.clock(),
          body.testMode === true,
          {
            deviceType: claims.deviceType,
            serialNumber: claims.serialNumber,
            checkpointName: claims.checkpointName,
            barcodeType: typeof body.barcodeType === 'string' ? body.barcodeType : undefined,
            nfcType: typeof body.nfcType === 'string' ? body.nfcType : undefined,
            deviceNumber: claims.deviceNumber,
            deviceName: claims.deviceName,
            checkpointLayoutName: claims.checkpointLayoutName,
            venueName: claims.venueName,
            checkpointLayoutCode: claims.checkpointLayoutCode,
            venueCode: claims.venueCode,
            inputType: String(body.inputType),
            tokenType: String(body.inputType),
            deviceStatus: 'Online',
            softwareMode: typeof body.softwareMode === 'string' ? body.softwareMode : 'Pedestal',
          },
        );
        ctx.counters.scansValidated += 1;
        return jsonReply(200, answer);
      }),

    ticketLookup: (req) =>
      withBearer('ticketLookup', req, () => {
        const found = ctx.store.lookup(req.params.barcode ?? '');
        if (!found) return errorReply(404, 'Ticket not found');
        const event = ctx.store.getEvent(found.ticket.eventId);
        return jsonReply(200, {
          eventId: found.ticket.eventId,
          eventName: event?.eventName,
          eventStartDateTime: event?.startDateTime,
          eventEndDateTime: event?.endDateTime,
          venue: { name: ctx.venueName, code: ctx.venueCode },
          offset: utcOffset(ctx.clock()),
          timeZone: ctx.venueTimezone,
          token: found.ticket.token,
          ticket: found.ticket.token,
          patronId: found.ticket.patronId,
          firstName: found.ticket.firstName,
          lastName: found.ticket.lastName,
          seatInfo: found.ticket.seatInfo,
          scanHistory: found.history,
        });
      }),

    offlineUpload: async (req) => {
      if (!hasApiKey(req)) return errorReply(401, 'Unauthorized');
      if (req.headers['content-encoding'] !== 'gzip') return errorReply(400, 'Content-Encoding must be gzip');
      const filename = req.headers.filename;
      if (typeof filename !== 'string' || filename.trim() === '')
        return errorReply(400, 'Filename is required');
      const eventId = req.params.eventId ?? '';
      const [account, season, eventCd, ...rest] = eventId.split(':');
      if (!account || !season || !eventCd || rest.length > 0) {
        return errorReply(400, 'eventId must be {dataAccountId:seasonCd:eventCd}');
      }
      const parsed = parseOfflineUpload(req.body, eventId);
      if (!parsed.ok) return errorReply(400, ...parsed.messages);
      const fresh = ctx.offline.add(parsed.scans);
      for (const scan of fresh) {
        ctx.store.applyOffline(scan.token, scan.scanMode, scan.status, offlineHistoryEntry(ctx, scan));
      }
      ctx.counters.offlineUploads += 1;
      ctx.counters.offlineScansStored += fresh.length;
      const day = new Date(ctx.clock()).toISOString().slice(0, 10);
      const safeName = filename.replace(/[^A-Za-z0-9_.-]/g, '_');
      return jsonReply(200, {
        message:
          'Entry Offline Scan - Upload to S3 bucket entry-offline-scans successful at ' +
          `incoming/${account}/${season}/${eventCd}/${day}/${safeName}.json`,
      });
    },
  };
}

function parseJsonBody(raw: Buffer): JsonObject | undefined {
  if (raw.length === 0) return {};
  try {
    const value: unknown = JSON.parse(raw.toString('utf8'));
    return isJsonObject(value) ? value : undefined;
  } catch {
    return undefined;
  }
}

function utcOffset(ms: number): string {
  const minutes = -new Date(ms).getTimezoneOffset();
  const sign = minutes < 0 ? '-' : '+';
  const abs = Math.abs(minutes);
  return `${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
}

function offlineHistoryEntry(ctx: HandlerContext, scan: OfflineScan) {
  return {
    deviceType: 'pedestal',
    serialNumber: scan.serialNumber,
    checkpointName: 'Main Entry',
    reasonMessage: scan.status === 'Admit' ? 'Offline admit' : 'Offline stop',
    barcodeType: scan.barcodeType,
    nfcType: scan.nfcType,
    scanMode: scan.scanMode,
    testMode: false,
    deviceNumber: 0,
    deviceName: `Sandbox device ${scan.serialNumber}`,
    checkpointLayoutName: 'Sandbox Layout',
    venueName: ctx.venueName,
    checkpointLayoutCode: 'CL.1',
    scanTimestamp: scan.scanTimestamp,
    venueCode: ctx.venueCode,
    inputType: scan.inputType ?? 'Barcode',
    reasonCode: scan.status === 'Admit' ? 'OK' : 'OFFLINE_STOP',
    tokenType: scan.inputType ?? 'Barcode',
    status: scan.status === 'Admit' ? ('Admit' as const) : ('Stop' as const),
    deviceStatus: 'Offline' as const,
    softwareMode: 'Pedestal',
  };
}
