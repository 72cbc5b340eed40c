import { createApiHandlers, type SandboxCounters } from './api-handlers.js';
import type { SandboxFaults } from '../common/faults.js';
import { sandboxHandle, type SandboxHandle } from '../common/sandbox-handle.js';
import { routeTable, startSandboxServer } from '../common/sandbox-server.js';
import { entryV1ErrorBody } from './error-reply.js';
import { DEMO_NFC_KEYS, demoFixture } from './fixtures.js';
import { JwtIssuer } from './jwt-issuer.js';
import { OfflineStore, type OfflineScan } from './offline-store.js';
import { TicketStore } from './ticket-store.js';
import {
  DEFAULT_SANDBOX_PATHS,
  type SandboxEvent,
  type SandboxPaths,
  type SandboxRoute,
  type SandboxTicket,
} from './types.js';

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
  faults?: SandboxFaults;
  /** Get Events' `nfcKeys`. Default `DEMO_NFC_KEYS` (stand-ins, not real keys). */
  nfcKeys?: unknown;
}

export interface EntryV1SandboxState extends SandboxCounters {
  ticketCount: number;
}

/** What a scan can change on an Entry V1 ticket. */
export interface EntryV1TicketState {
  voided: boolean;
  inside: boolean;
}

export interface EntryV1Sandbox extends SandboxHandle<EntryV1SandboxState, EntryV1TicketState> {
  readonly paths: Readonly<SandboxPaths>;
  readonly tickets: TicketStore;
  offlineScans(): OfflineScan[];
}

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
    nfcKeys: options.nfcKeys ?? DEMO_NFC_KEYS,
    counters,
  });
  // Every Entry V1 call is a POST.
  const routes = routeTable<SandboxRoute>(paths, 'POST', handlers);

  const state = (): EntryV1SandboxState => ({ ...counters, ticketCount: store.ticketCount });
  const ticketState = (token: string): EntryV1TicketState | undefined => {
    const found = store.lookup(token);
    return found && { voided: found.ticket.voided === true, inside: found.inside };
  };
  const server = await startSandboxServer<SandboxRoute>({
    port: options.port,
    routes,
    defaultFaultRoutes: ['scan'],
    errorBody: entryV1ErrorBody,
    wrongTypesBody: WRONG_TYPES_BODY,
    hugeBodyHead: '{"status":"Admit","reasonCode":"OK","padding":"',
    state,
    controls: { 'reset-entries': () => store.resetEntries() },
    ticketState,
    initialFaults: options.faults,
  });

  return sandboxHandle(
    server,
    { state, ticketState },
    { paths, tickets: store, offlineScans: () => offline.list() },
  );
}
