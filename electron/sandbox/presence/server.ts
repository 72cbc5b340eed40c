import type { SandboxFaults } from '../common/faults.js';
import { sandboxHandle, type SandboxHandle } from '../common/sandbox-handle.js';
import { routeTable, startSandboxServer } from '../common/sandbox-server.js';
import { createApiHandlers, type PresenceSandboxCounters } from './api-handlers.js';
import { DeviceRegistry } from './device-registry.js';
import { presenceErrorBody } from './error-reply.js';
import { presenceDemoFixture } from './fixtures.js';
import { PresenceTicketStore, type ScanKind, type TicketState } from './gate-rules.js';
import { OfflineStore, type StoredOfflineScan } from './offline-store.js';
import type { ScanFields } from './request-validation.js';
import {
  DEFAULT_PRESENCE_SANDBOX_PATHS,
  type PresenceSandboxFixture,
  type PresenceSandboxPaths,
  type PresenceSandboxRoute,
} from './types.js';

export interface PresenceSandboxOptions {
  /** 0 (default): any free port. The sandbox always binds 127.0.0.1. */
  port?: number;
  /** Expected `apikey` query parameter. Default `sandbox-presence-key`. */
  apiKey?: string;
  /** Venue, gates, events and tickets. Default: `presenceDemoFixture(clock())`. */
  fixture?: PresenceSandboxFixture;
  /** Epoch ms; drives scanning periods and the 2 s DUPLICATE window. Default `Date.now`. */
  clock?: () => number;
  paths?: Partial<PresenceSandboxPaths>;
  faults?: SandboxFaults;
}

export interface PresenceSandboxState extends PresenceSandboxCounters {
  ticketCount: number;
  deviceCount: number;
}

export interface PresenceSandbox extends SandboxHandle<PresenceSandboxState, TicketState> {
  /** The API lives under `/presence/v1` of `url`. */
  readonly paths: Readonly<PresenceSandboxPaths>;
  readonly tickets: PresenceTicketStore;
  readonly devices: DeviceRegistry;
  /** The last scan accepted (kind and body fields), or undefined. */
  readonly lastScan: { kind: ScanKind; fields: ScanFields } | undefined;
  offlineScans(): StoredOfflineScan[];
}

const WRONG_TYPES_BODY = {
  result: { status: 7, message: ['Okay'] },
  message: { tickets: 'PIT1:3:4', id: 'abc', gateId: false },
};

const ROUTE_METHODS: Readonly<Record<PresenceSandboxRoute, 'GET' | 'POST'>> = {
  deviceInit: 'POST',
  deviceInfo: 'GET',
  enter: 'POST',
  exit: 'POST',
  validate: 'POST',
  offlineUpload: 'POST',
};

/** Starts the stateful Presence stand-in on loopback. Node only: demo mode and tests share it. */
export async function startPresenceSandbox(options: PresenceSandboxOptions = {}): Promise<PresenceSandbox> {
  const clock = options.clock ?? Date.now;
  const paths: PresenceSandboxPaths = { ...DEFAULT_PRESENCE_SANDBOX_PATHS, ...options.paths };
  const fixture = options.fixture ?? presenceDemoFixture(clock());
  const store = new PresenceTicketStore(fixture.events, fixture.tickets);
  const devices = new DeviceRegistry(fixture.venueId, fixture.gates);
  const offline = new OfflineStore();
  const counters: PresenceSandboxCounters = {
    deviceInits: 0,
    deviceInfos: 0,
    scansValidated: 0,
    offlineUploads: 0,
    offlineScansStored: 0,
  };
  let lastScan: { kind: ScanKind; fields: ScanFields } | undefined;
  const handlers = createApiHandlers({
    apiKey: options.apiKey ?? 'sandbox-presence-key',
    clock,
    devices,
    store,
    offline,
    counters,
    recordScan: (kind, fields) => {
      lastScan = { kind, fields };
    },
  });
  const routes = routeTable(paths, ROUTE_METHODS, handlers);

  const state = (): PresenceSandboxState => ({
    ...counters,
    ticketCount: store.ticketCount,
    deviceCount: devices.deviceCount,
  });
  const ticketState = (token: string) => store.state(token);
  const server = await startSandboxServer<PresenceSandboxRoute>({
    port: options.port,
    routes,
    defaultFaultRoutes: ['enter', 'exit', 'validate'],
    errorBody: presenceErrorBody,
    wrongTypesBody: WRONG_TYPES_BODY,
    hugeBodyHead: '{"result":{"status":"OKAY","message":"Okay"},"padding":"',
    state,
    ticketState,
    controls: { 'reset-entries': () => store.resetEntries() },
    initialFaults: options.faults,
  });

  return sandboxHandle(
    server,
    { state, ticketState },
    {
      paths,
      get lastScan() {
        return lastScan;
      },
      tickets: store,
      devices,
      offlineScans: () => offline.list(),
    },
  );
}
