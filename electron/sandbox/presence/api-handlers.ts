import { jsonReply, type Reply } from '../common/http-io.js';
import type { SandboxRequest } from '../common/sandbox-server.js';
import type { DeviceRegistry, SandboxDevice } from './device-registry.js';
import { errorReply } from './error-reply.js';
import type { PresenceTicketStore, ScanKind } from './gate-rules.js';
import type { OfflineStore } from './offline-store.js';
import {
  checkInitBody,
  checkScanBody,
  checkUploadBody,
  parseJsonObject,
  type JsonObject,
  type ScanFields,
} from './request-validation.js';
import type { PresenceSandboxGate, PresenceSandboxRoute } from './types.js';

export interface PresenceSandboxCounters {
  deviceInits: number;
  deviceInfos: number;
  scansValidated: number;
  offlineUploads: number;
  offlineScansStored: number;
}

export interface HandlerContext {
  apiKey: string;
  clock: () => number;
  devices: DeviceRegistry;
  store: PresenceTicketStore;
  offline: OfflineStore;
  counters: PresenceSandboxCounters;
  /** The last scan body accepted, so tests can check the fields exactly as sent. */
  recordScan(kind: ScanKind, fields: ScanFields): void;
}

type Handler = (req: SandboxRequest) => Reply;

const okay = (message: unknown): Reply =>
  jsonReply(200, { result: { status: 'OKAY', message: 'Okay' }, message });
/** A documented refusal in the envelope; the HTTP status for these is not documented, 200 is assumed. */
const refusal = (status: 'NOT_FOUND' | 'BAD_REQUEST', message: string): Reply =>
  jsonReply(200, { result: { status, message } });

export function createApiHandlers(ctx: HandlerContext): Record<PresenceSandboxRoute, Handler> {
  /** The `apikey` query parameter on every request, as documented; checked before anything else. */
  const withKey =
    (handle: Handler): Handler =>
    (req) =>
      req.query.get('apikey') === ctx.apiKey ? handle(req) : errorReply(401, 'Invalid ApiKey');

  const withJson = (req: SandboxRequest, handle: (body: JsonObject) => Reply): Reply => {
    const body = parseJsonObject(req.body);
    return body ? handle(body) : errorReply(400, 'body must be a JSON object');
  };

  const scan = (kind: ScanKind): Handler =>
    withKey((req) =>
      withJson(req, (body) => {
        const { fields, problems } = checkScanBody(body);
        if (!fields) return errorReply(400, ...problems);
        const where = deviceAndGate(ctx, fields);
        if (typeof where === 'string') return errorReply(400, where);
        ctx.counters.scansValidated += 1;
        ctx.recordScan(kind, fields);
        return jsonReply(200, ctx.store.scan(kind, fields.token, where.gate, ctx.clock()));
      }),
    );

  return {
    deviceInit: withKey((req) =>
      withJson(req, (body) => {
        const { fields, problems } = checkInitBody(body);
        if (!fields) return errorReply(400, ...problems);
        ctx.counters.deviceInits += 1;
        const device = ctx.devices.init(fields);
        if (!device) return refusal('NOT_FOUND', 'Venue with the sent ID was not found');
        // Device Configure's documented answer has no gateName.
        const { gateName: _gateName, localId: _localId, ...answer } = device;
        return okay(answer);
      }),
    ),

    deviceInfo: withKey((req) => {
      // The doc lists `venue`; its own examples send `venueId`. Both are served.
      const venue = req.query.get('venue') ?? req.query.get('venueId');
      const mac = req.query.get('mac');
      const deviceParam = req.query.get('device');
      if (!venue || (!mac && !deviceParam))
        return errorReply(400, 'venue and one of mac or device are required');
      ctx.counters.deviceInfos += 1;
      const device: SandboxDevice | undefined = mac
        ? ctx.devices.info(venue, mac)
        : ctx.devices.device(Number(deviceParam));
      if (!device || device.venueId !== venue) return refusal('NOT_FOUND', 'Device was not found');
      return okay(device);
    }),

    enter: scan('enter'),
    exit: scan('exit'),
    validate: scan('validate'),

    offlineUpload: withKey((req) =>
      withJson(req, (body) => {
        const { fields, problems } = checkUploadBody(body);
        if (!fields) return errorReply(400, ...problems);
        const gates: PresenceSandboxGate[] = [];
        for (const scan of fields.scans) {
          const where = deviceAndGate(ctx, scan);
          if (typeof where === 'string') return errorReply(400, where);
          gates.push(where.gate);
        }
        const fresh = new Set(
          ctx.offline
            .add(
              fields.scans.map((s) => ({
                scanId: s.scanId,
                token: s.token,
                scanType: s.scanType,
                scanTime: s.scanTime,
                deviceId: s.deviceId,
                gateId: s.gateId,
                deviceOs: s.deviceOs,
                ...(s.eventId && { eventId: s.eventId }),
              })),
            )
            .map((s) => s.scanId),
        );
        fields.scans.forEach((s, i) => {
          const gate = gates[i];
          if (gate && fresh.has(s.scanId)) ctx.store.applyOffline(s.scanType, s.token, gate);
        });
        ctx.counters.offlineUploads += 1;
        ctx.counters.offlineScansStored += fresh.size;
        return okay({ received: fields.scans.length });
      }),
    ),
  };
}

/** The scan's device must be configured at this venue, and its gate known. */
function deviceAndGate(
  ctx: HandlerContext,
  fields: Pick<ScanFields, 'venueId' | 'deviceId' | 'gateId'>,
): { device: SandboxDevice; gate: PresenceSandboxGate } | string {
  const device = ctx.devices.device(fields.deviceId);
  if (!device || device.venueId !== fields.venueId) return 'device is not configured for this venue';
  const gate = ctx.devices.gate(fields.gateId);
  if (!gate) return 'gate not found';
  return { device, gate };
}
