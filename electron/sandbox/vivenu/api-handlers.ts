import type { IncomingHttpHeaders } from 'node:http';
import { jsonReply, type Reply } from '../common/http-io.js';
import type { SandboxRequest } from '../common/sandbox-server.js';
import { errorReply } from './error-reply.js';
import type { OfflineStore } from './offline-store.js';
import { parseCreateScans, parseOfflineScans, parsePaging, parseTimeQuery } from './request-validation.js';
import type { ScanLog } from './scan-log.js';
import type { TicketStore } from './ticket-store.js';
import type { SandboxRoute } from './types.js';

export interface SandboxCounters {
  accessScans: number;
  ticketPages: number;
  recordRequests: number;
  scansRecorded: number;
  offlineUploads: number;
  offlineScansStored: number;
}

export interface HandlerDeps {
  accessToken: string;
  /** The access user's name, stored as `deviceId` on the scans its scan calls create. */
  accessUserId: string;
  apiKey: string;
  clock: () => number;
  store: TicketStore;
  scans: ScanLog;
  offline: OfflineStore;
  counters: SandboxCounters;
}

const UNAUTHORIZED = () => errorReply(401, 'Unauthorized');

function header(headers: IncomingHttpHeaders, name: string): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? value[0] : value;
}

/** The vivenu API behaviour per route. Auth: access-user `token` header, or Portier `Bearer` API key. */
export function createApiHandlers(deps: HandlerDeps): Record<SandboxRoute, (req: SandboxRequest) => Reply> {
  const { store, scans, offline, counters } = deps;
  const accessUser = (req: SandboxRequest) => header(req.headers, 'token') === deps.accessToken;
  const portier = (req: SandboxRequest) => header(req.headers, 'authorization') === `Bearer ${deps.apiKey}`;

  return {
    accessScan(req) {
      if (!accessUser(req)) return UNAUTHORIZED();
      const barcode = req.params.barcode ?? '';
      const answer = store.scan(barcode);
      if (!answer) return errorReply(404, 'Ticket not found');
      counters.accessScans += 1;
      // The access-user scan is vivenu's own check-in: it creates the scan record (approved, or declined
      // for a refusal) that Portier lists, as a scan from the vivenu app does. Nobody records it again.
      const { ticket } = answer;
      scans.append({
        ticketId: ticket._id,
        eventId: ticket.eventId,
        barcode: ticket.barcode,
        ticketTypeId: ticket.ticketTypeId,
        ticketName: ticket.ticketName,
        ...(ticket.name && { name: ticket.name }),
        type: 'checkin',
        scanResult: answer.access === 'GRANTED' ? 'approved' : 'declined',
        time: new Date(deps.clock()).toISOString(),
        deviceId: deps.accessUserId,
      });
      counters.scansRecorded = scans.size;
      return jsonReply(200, answer);
    },

    accessTicket(req) {
      if (!accessUser(req)) return UNAUTHORIZED();
      const found = store.get(req.params.barcode ?? '');
      const eventId = req.query.get('eventId');
      if (!found || (eventId && found.ticket.eventId !== eventId)) return errorReply(404, 'Ticket not found');
      return jsonReply(200, found.ticket);
    },

    ticketDownload(req) {
      if (!accessUser(req)) return UNAUTHORIZED();
      const paging = parsePaging(req.query, 50);
      if (!paging.ok) return errorReply(400, ...paging.messages);
      const from = parseTimeQuery(req.query, 'from');
      const until = parseTimeQuery(req.query, 'until');
      if (Number.isNaN(from) || Number.isNaN(until))
        return errorReply(400, 'from/until must be ISO date-times');
      const page = store.page(req.params.eventId ?? '', paging.value.top, paging.value.skip, from, until);
      if (!page) return errorReply(404, 'Event not found');
      counters.ticketPages += 1;
      return jsonReply(200, page);
    },

    offlineUpload(req) {
      if (!accessUser(req)) return UNAUTHORIZED();
      const eventId = req.params.eventId ?? '';
      if (!store.hasEvent(eventId)) return errorReply(404, 'Event not found');
      const parsed = parseOfflineScans(req.body, eventId);
      if (!parsed.ok) return errorReply(400, ...parsed.messages);
      counters.offlineUploads += 1;
      const fresh = offline.add(parsed.value);
      counters.offlineScansStored = offline.size;
      // Fresh scans move the ticket state and show in Portier's list, like any device's scan.
      for (const scan of fresh) {
        const known = store.get(scan.barcode);
        const type = scan.direction === 'IN' ? 'checkin' : 'checkout';
        if (scan.type === 'OK') store.applyScan(scan.barcode, type);
        if (known) {
          scans.add({
            ticketId: known.ticket._id,
            eventId,
            barcode: scan.barcode,
            ticketTypeId: known.ticket.ticketTypeId,
            type,
            scanResult: scan.type === 'OK' ? 'approved' : 'declined',
            time: scan.scanned_at,
          });
        }
      }
      counters.scansRecorded = scans.size;
      return jsonReply(200, { received: parsed.value.length, stored: fresh.length });
    },

    recordScan(req) {
      if (!portier(req)) return UNAUTHORIZED();
      const parsed = parseCreateScans(req.body, new Date(deps.clock()).toISOString());
      if (!parsed.ok) return errorReply(400, ...parsed.messages);
      counters.recordRequests += 1;
      const stored = parsed.value.map((scan) => {
        const { fresh } = scans.add(scan);
        if (fresh && scan.scanResult === 'approved') store.applyScan(scan.barcode, scan.type);
        return scan;
      });
      counters.scansRecorded = scans.size;
      // The docs answer one scan object; for an array body, the first scan stands for the batch.
      return jsonReply(200, stored[0]);
    },

    listScans(req) {
      if (!portier(req)) return UNAUTHORIZED();
      const paging = parsePaging(req.query, 100);
      if (!paging.ok) return errorReply(400, ...paging.messages);
      const filter = {
        eventId: req.query.get('eventId') ?? undefined,
        parentEventId: req.query.get('parentEventId') ?? undefined,
        barcode: req.query.get('barcode') ?? undefined,
        type: req.query.get('type') ?? undefined,
      };
      return jsonReply(200, scans.list(filter, paging.value.top, paging.value.skip));
    },
  };
}
