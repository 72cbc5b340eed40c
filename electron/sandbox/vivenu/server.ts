import type { SandboxFaults } from '../common/faults.js';
import { startSandboxServer, type SandboxRoute as ServerRoute } from '../common/sandbox-server.js';
import { createApiHandlers, type SandboxCounters } from './api-handlers.js';
import { vivenuErrorBody } from './error-reply.js';
import { demoFixture } from './fixtures.js';
import { OfflineStore, type OfflineScan } from './offline-store.js';
import { ScanLog } from './scan-log.js';
import { TicketStore } from './ticket-store.js';
import {
  SANDBOX_ROUTES,
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
  requests: number;
  unauthorizedSent: number;
  ticketCount: number;
  checkedInCount: number;
  faults: SandboxFaults;
}

export interface VivenuSandbox {
  /** Base URL, e.g. `http://127.0.0.1:40123` (no trailing slash); the API and Portier live under `/api`. */
  readonly url: string;
  readonly port: number;
  readonly faults: SandboxFaults;
  readonly state: VivenuSandboxState;
  setFaults(faults: SandboxFaults): SandboxFaults;
  resetFaults(): void;
  readonly tickets: TicketStore;
  scans(): SandboxScan[];
  offlineScans(): OfflineScan[];
  close(): Promise<void>;
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
    apiKey: options.apiKey ?? 'key_sandbox',
    clock,
    store,
    scans,
    offline,
    counters,
  });
  const routes = Object.fromEntries(
    (Object.keys(SANDBOX_ROUTES) as SandboxRoute[]).map((route): [SandboxRoute, ServerRoute] => [
      route,
      { ...SANDBOX_ROUTES[route], handle: (req) => handlers[route](req) },
    ]),
  ) as Record<SandboxRoute, ServerRoute>;

  const server = await startSandboxServer<SandboxRoute>({
    ...(options.port !== undefined && { port: options.port }),
    routes,
    defaultFaultRoutes: ['accessScan'],
    errorBody: vivenuErrorBody,
    wrongTypesBody: WRONG_TYPES_BODY,
    hugeBodyHead: '{"access":"GRANTED","padding":"',
    state: () => ({ ...counters, ticketCount: store.ticketCount, checkedInCount: store.checkedInCount }),
    controls: { 'reset-entries': () => store.resetEntries() },
    ...(options.faults && { initialFaults: options.faults }),
  });

  const snapshot = (): VivenuSandboxState => ({
    ...counters,
    requests: server.counters.requests,
    unauthorizedSent: server.counters.unauthorizedSent,
    ticketCount: store.ticketCount,
    checkedInCount: store.checkedInCount,
    faults: server.faults,
  });

  return {
    url: server.url,
    port: server.port,
    get faults() {
      return server.faults;
    },
    get state() {
      return snapshot();
    },
    setFaults: (f) => server.setFaults(f),
    resetFaults: () => server.resetFaults(),
    tickets: store,
    scans: () => scans.all(),
    offlineScans: () => offline.list(),
    close: () => server.close(),
  };
}
