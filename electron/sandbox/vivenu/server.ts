import type { SandboxFaults } from '../common/faults.js';
import { sandboxHandle, type SandboxHandle } from '../common/sandbox-handle.js';
import { routeTable, startSandboxServer } from '../common/sandbox-server.js';
import { createApiHandlers, type SandboxCounters } from './api-handlers.js';
import { vivenuErrorBody } from './error-reply.js';
import { demoFixture } from './fixtures.js';
import { OfflineStore, type OfflineScan } from './offline-store.js';
import { ScanLog } from './scan-log.js';
import { TicketStore } from './ticket-store.js';
import {
  SANDBOX_METHODS,
  SANDBOX_PATHS,
  type SandboxEvent,
  type SandboxRoute,
  type SandboxScan,
  type SandboxTicket,
} from './types.js';

export interface VivenuSandboxOptions {
  /** 0 (default): any free port. The sandbox always binds 127.0.0.1. */
  port?: number;
  /** Expected access-user `token` header. Default `sandbox-access-token`. */
  accessToken?: string;
  /** The access user's name, the `deviceId` of the scans its scan calls create. Default `sandbox-access-user`. */
  accessUserId?: string;
  /** Expected Portier `Authorization: Bearer` key. Default `key_sandbox`. */
  apiKey?: string;
  /** Default: `demoFixture()` (events, tickets, who is inside, and the scans that put them there). */
  events?: SandboxEvent[];
  tickets?: SandboxTicket[];
  checkedIn?: string[];
  scans?: SandboxScan[];
  /** Extra generated valid tickets for the demo event (benchmarks). */
  extraTickets?: number;
  /** Epoch ms; stamps ticket changes and scans without a `time`. Default `Date.now`. */
  clock?: () => number;
  faults?: SandboxFaults;
}

export interface VivenuSandboxState extends SandboxCounters {
  ticketCount: number;
  checkedInCount: number;
}

/** What a scan can change on a vivenu ticket. */
export interface VivenuTicketState {
  status: string;
  checkedIn: boolean;
}

export interface VivenuSandbox extends SandboxHandle<VivenuSandboxState, VivenuTicketState> {
  /** The API and Portier live under `/api` of `url`. */
  readonly tickets: TicketStore;
  scans(): SandboxScan[];
  offlineScans(): OfflineScan[];
}

/** 200 bodies whose fields have the wrong types for every route (the `wrongTypes` knob). */
const WRONG_TYPES_BODY = { access: 42, reason: ['x'], ticket: 'none', rows: 'none', docs: 7, total: '1' };

/** Starts the stateful vivenu stand-in (access-user API and Portier on one port) on loopback. */
export async function startVivenuSandbox(options: VivenuSandboxOptions = {}): Promise<VivenuSandbox> {
  const clock = options.clock ?? Date.now;
  const fixture = demoFixture(options.extraTickets ?? 0);
  const store = new TicketStore(
    options.events ?? fixture.events,
    options.tickets ?? fixture.tickets,
    clock(),
  );
  store.checkIn(options.checkedIn ?? (options.tickets ? [] : fixture.checkedIn));
  const scans = new ScanLog();
  for (const scan of options.scans ?? (options.tickets ? [] : fixture.scans)) scans.add(scan);
  const offline = new OfflineStore();
  const counters: SandboxCounters = {
    accessScans: 0,
    ticketPages: 0,
    recordRequests: 0,
    scansRecorded: scans.size,
    offlineUploads: 0,
    offlineScansStored: 0,
  };
  const handlers = createApiHandlers({
    accessToken: options.accessToken ?? 'sandbox-access-token',
    accessUserId: options.accessUserId ?? 'sandbox-access-user',
    apiKey: options.apiKey ?? 'key_sandbox',
    clock,
    store,
    scans,
    offline,
    counters,
  });
  const routes = routeTable(SANDBOX_PATHS, SANDBOX_METHODS, handlers);

  const state = (): VivenuSandboxState => ({
    ...counters,
    ticketCount: store.ticketCount,
    checkedInCount: store.checkedInCount,
  });
  const ticketState = (barcode: string): VivenuTicketState | undefined => {
    const found = store.get(barcode);
    return found && { status: found.ticket.status, checkedIn: found.checkedIn };
  };
  const server = await startSandboxServer<SandboxRoute>({
    port: options.port,
    routes,
    defaultFaultRoutes: ['accessScan'],
    errorBody: vivenuErrorBody,
    wrongTypesBody: WRONG_TYPES_BODY,
    hugeBodyHead: '{"access":"GRANTED","padding":"',
    state,
    ticketState,
    controls: { 'reset-entries': () => store.resetEntries() },
    initialFaults: options.faults,
  });

  return sandboxHandle(
    server,
    { state, ticketState },
    { tickets: store, scans: () => scans.all(), offlineScans: () => offline.list() },
  );
}
