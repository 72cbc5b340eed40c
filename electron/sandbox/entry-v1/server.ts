import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { z } from 'zod';
import { createApiHandlers, type SandboxCounters } from './api-handlers.js';
import { DEFAULT_HUGE_BODY_BYTES, FaultState, type EntryV1Faults } from './faults.js';
import { demoFixture } from './fixtures.js';
import {
  BodyTooLargeError,
  dripReply,
  errorReply,
  jsonReply,
  readRequestBody,
  waitUnlessClosed,
  writeReply,
  type Reply,
} from './http-io.js';
import { JwtIssuer } from './jwt-issuer.js';
import { OfflineStore, type OfflineScan } from './offline-store.js';
import { compileRoutes, type RouteMatch } from './route-matcher.js';
import { TicketStore } from './ticket-store.js';
import { DEFAULT_SANDBOX_PATHS, type SandboxEvent, type SandboxPaths, type SandboxTicket } from './types.js';

export interface EntryV1SandboxOptions {
  /** 0 (default): any free port. The sandbox always binds 127.0.0.1. */
  port?: number;
  /** Expected `API-Authorization-Key`. Default `sandbox-api-key`. */
  apiKey?: string;
  /** Default: `demoFixture()` tickets and events. */
  tickets?: SandboxTicket[];
  events?: SandboxEvent[];
  /** Session JWT lifetime. Default 86400 (the seed sample's 24 h). */
  jwtTtlSeconds?: number;
  /** Sessions for any other venue code or data account answer 404. Defaults `TS` and `390`. */
  venueCode?: string;
  venueName?: string;
  venueTimezone?: string;
  dataAccountId?: string;
  /** Epoch ms; drives JWT iat/exp checks and scan windows. Default `Date.now`. */
  clock?: () => number;
  paths?: Partial<SandboxPaths>;
  faults?: EntryV1Faults;
}

export interface EntryV1SandboxState extends SandboxCounters {
  ticketCount: number;
  faults: EntryV1Faults;
}

export interface EntryV1Sandbox {
  /** Base URL, e.g. `http://127.0.0.1:40123` (no trailing slash). */
  readonly url: string;
  readonly port: number;
  readonly paths: Readonly<SandboxPaths>;
  /** The fault knobs now in force (a copy; `unauthorizedCount` is what is left of the countdown). */
  readonly faults: EntryV1Faults;
  /** Counters, a snapshot. */
  readonly state: EntryV1SandboxState;
  /** Replaces all fault knobs (not a merge). Throws on an invalid knob. */
  setFaults(faults: EntryV1Faults): EntryV1Faults;
  resetFaults(): void;
  readonly tickets: TicketStore;
  offlineScans(): OfflineScan[];
  /** Resolves promptly even with hung or dripping requests: open sockets are destroyed. */
  close(): Promise<void>;
}

const MAX_REQUEST_BYTES = 1024 * 1024;
const MALFORMED_BODY = '{"status": "Adm';
const WRONG_TYPES_BODY = {
  status: 1,
  reasonCode: false,
  reasonMessage: ['Good Ticket'],
  seatInfo: 'UPPER-05-6-7',
  eventId: 390,
  events: 'none',
  jwt: 42,
};

/** Starts the stateful Entry V1 stand-in on loopback. Node only: the demo mode and tests share it. */
export async function startEntryV1Sandbox(options: EntryV1SandboxOptions = {}): Promise<EntryV1Sandbox> {
  const clock = options.clock ?? Date.now;
  const paths: SandboxPaths = { ...DEFAULT_SANDBOX_PATHS, ...options.paths };
  const fixture = options.tickets && options.events ? undefined : demoFixture(clock());
  const store = new TicketStore(
    options.events ?? fixture?.events ?? [],
    options.tickets ?? fixture?.tickets ?? [],
  );
  const offline = new OfflineStore();
  const faults = new FaultState();
  if (options.faults) faults.set(options.faults);
  const counters: SandboxCounters = {
    sessionsCreated: 0,
    liteSessionsCreated: 0,
    scansValidated: 0,
    unauthorizedSent: 0,
    offlineUploads: 0,
    offlineScansStored: 0,
    requests: 0,
  };
  const handlers = createApiHandlers({
    apiKey: options.apiKey ?? 'sandbox-api-key',
    venueCode: options.venueCode ?? 'TS',
    venueName: options.venueName ?? 'Sandbox Stadium',
    venueTimezone: options.venueTimezone ?? Intl.DateTimeFormat().resolvedOptions().timeZone,
    dataAccountId: options.dataAccountId ?? '390',
    clock,
    issuer: await JwtIssuer.create(options.jwtTtlSeconds ?? 86_400, clock),
    store,
    offline,
    counters,
  });
  const matchRoute = compileRoutes(paths);

  const snapshot = (): EntryV1SandboxState => ({
    ...counters,
    ticketCount: store.ticketCount,
    faults: faults.current,
  });

  const send = async (res: ServerResponse, reply: Reply, dripMs?: number): Promise<void> => {
    if (res.destroyed) return;
    if (reply.status === 401) counters.unauthorizedSent += 1;
    if (dripMs) await dripReply(res, reply, dripMs);
    else writeReply(res, reply);
  };

  /** Runs the fault knobs; returns the faulty reply, `hang`, `gone` (client left), or undefined (no fault). */
  async function applyFaults(res: ServerResponse): Promise<Reply | 'hang' | 'gone' | undefined> {
    const knobs = faults.current;
    if (knobs.latencyMs && !(await waitUnlessClosed(res, knobs.latencyMs))) return 'gone';
    if (knobs.hang) return 'hang';
    if (faults.takeUnauthorized()) return errorReply(401, 'Unauthorized');
    if (knobs.status) return errorReply(knobs.status);
    if (knobs.malformed) return { status: 200, body: MALFORMED_BODY };
    if (knobs.wrongTypes) return jsonReply(200, WRONG_TYPES_BODY);
    if (knobs.hugeBody) {
      const size = knobs.hugeBody === true ? DEFAULT_HUGE_BODY_BYTES : knobs.hugeBody;
      const head = '{"status":"Admit","reasonCode":"OK","padding":"';
      const padding = Math.max(0, size - head.length - 2);
      return { status: 200, body: Buffer.from(`${head}${'x'.repeat(padding)}"}`) };
    }
    return undefined;
  }

  async function handleControl(req: IncomingMessage, res: ServerResponse, pathname: string): Promise<void> {
    if (req.method === 'GET' && pathname === '/__sandbox/state') return send(res, jsonReply(200, snapshot()));
    if (req.method !== 'POST') return send(res, errorReply(405, 'Method Not Allowed'));
    if (pathname === '/__sandbox/reset-faults') {
      faults.reset();
      return send(res, jsonReply(200, { faults: faults.current }));
    }
    if (pathname === '/__sandbox/reset-entries') {
      store.resetEntries();
      return send(res, jsonReply(200, {}));
    }
    if (pathname === '/__sandbox/faults') {
      const raw = await readRequestBody(req, MAX_REQUEST_BYTES);
      let parsed: unknown;
      try {
        parsed = JSON.parse(raw.toString('utf8'));
      } catch {
        return send(res, errorReply(400, 'body must be JSON'));
      }
      try {
        return send(res, jsonReply(200, { faults: faults.set(parsed) }));
      } catch (err) {
        const messages =
          err instanceof z.ZodError
            ? err.issues.map((i) => `${i.path.join('.') || 'faults'}: ${i.message}`)
            : ['invalid faults'];
        return send(res, errorReply(400, ...messages));
      }
    }
    return send(res, errorReply(404, 'Not Found'));
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    counters.requests += 1;
    const pathname = new URL(req.url ?? '/', 'http://sandbox').pathname;
    if (pathname.startsWith('/__sandbox/')) return handleControl(req, res, pathname);

    const match: RouteMatch | undefined = matchRoute(pathname);
    if (!match) return send(res, errorReply(404, `Cannot ${req.method ?? 'GET'} ${pathname}`));
    if (req.method !== 'POST') return send(res, errorReply(405, 'Method Not Allowed'));
    const body = await readRequestBody(req, MAX_REQUEST_BYTES);

    const faulted = faults.appliesTo(match.route, match.template);
    const dripMs = faulted ? faults.current.dripMs : undefined;
    if (faulted) {
      const fault = await applyFaults(res);
      if (fault === 'hang' || fault === 'gone') return; // Socket is destroyed by the client or close().
      if (fault) return send(res, fault, dripMs);
    }
    const reply = await handlers[match.route]({ headers: req.headers, body, params: match.params });
    return send(res, reply, dripMs);
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((err: unknown) => {
      if (res.headersSent || res.destroyed) {
        res.destroy();
        return;
      }
      if (err instanceof BodyTooLargeError) writeReply(res, errorReply(413, err.message));
      else writeReply(res, errorReply(500, 'Internal Server Error'));
    });
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;

  let closing: Promise<void> | undefined;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    paths,
    get faults() {
      return faults.current;
    },
    get state() {
      return snapshot();
    },
    setFaults: (f) => faults.set(f),
    resetFaults: () => faults.reset(),
    tickets: store,
    offlineScans: () => offline.list(),
    close() {
      closing ??= new Promise<void>((resolve, reject) => {
        server.close((err) => (err ? reject(err) : resolve()));
        // Hung, dripping and keep-alive sockets would otherwise hold close() open.
        server.closeAllConnections();
      });
      return closing;
    },
  };
}
