import type { SandboxFaults } from '../common/faults.js';
import { sandboxHandle, type SandboxHandle } from '../common/sandbox-handle.js';
import {
  routeTable,
  startSandboxServer,
  type SandboxRoute as ServerRoute,
} from '../common/sandbox-server.js';
import { createApiHandlers, passcreatorErrorBody, type PasscreatorCounters } from './api-handlers.js';
import { demoFixture } from './fixtures.js';
import { PassStore } from './pass-store.js';
import { ScanStore } from './scan-store.js';
import {
  DEFAULT_SANDBOX_PATHS,
  type SandboxAppConfiguration,
  type SandboxPass,
  type SandboxRoute,
  type StoredAppScan,
} from './types.js';

export interface PasscreatorSandboxOptions {
  /** 0 (default): any free port. The sandbox always binds 127.0.0.1. */
  port?: number;
  /** Expected bare `Authorization` value. Default `sandbox-api-key`. */
  apiKey?: string;
  /** Default: the demo fixture's configurations and passes. */
  configurations?: SandboxAppConfiguration[];
  passes?: SandboxPass[];
  /** Valid passes generated on top of the demo fixture (benchmarks). */
  extraPasses?: number;
  /** Recognise re-sent App Scans (default true); false proves the client's own duplicate check. */
  dedupeAppScans?: boolean;
  faults?: SandboxFaults;
}

export interface PasscreatorSandboxState extends PasscreatorCounters {
  passCount: number;
}

/** What a scan can change on a Passcreator pass. */
export interface PasscreatorPassState {
  voided: boolean;
  attendance: number;
}

export interface PasscreatorSandbox extends SandboxHandle<PasscreatorSandboxState, PasscreatorPassState> {
  readonly passes: PassStore;
  /** Stored App Scans, ordered by createdOn. */
  appScans(appConfigurationId?: string): StoredAppScan[];
  /** Un-voids the passes that were not voided at start, clears attendance and stored scans. */
  reset(): void;
}

/** A 200 body whose fields have the wrong types for every Passcreator response schema. */
const WRONG_TYPES_BODY = {
  appScanId: 7,
  scanStatus: 'voided',
  success: 'yes',
  identifier: 42,
  voided: 'no',
  error: false,
  configurationId: 5,
  scanMode: 'void',
  query: 'none',
  results: 'none',
};

/** Starts the stateful Passcreator stand-in on loopback. Node only: the demo mode and tests share it. */
export async function startPasscreatorSandbox(
  options: PasscreatorSandboxOptions = {},
): Promise<PasscreatorSandbox> {
  const fixture = demoFixture(options.extraPasses ?? 0);
  const configurationList = options.configurations ?? fixture.configurations;
  const passList = options.passes ?? fixture.passes;
  const initiallyVoided = new Set(passList.filter((p) => p.voided).map((p) => p.uid));
  const configurations = new Map(configurationList.map((c) => [c.configurationId, c]));
  const passes = new PassStore(passList);
  const scans = new ScanStore(options.dedupeAppScans ?? true);
  const counters: PasscreatorCounters = {
    appScansReceived: 0,
    appScansStored: 0,
    duplicateAppScans: 0,
    passLookups: 0,
  };
  const handlers = createApiHandlers({
    apiKey: options.apiKey ?? 'sandbox-api-key',
    configurations,
    passes,
    scans,
    counters,
  });
  const methods: Record<SandboxRoute, ServerRoute['method']> = {
    appConfigurations: 'GET',
    appConfiguration: 'GET',
    passByUid: 'GET',
    passCheckById: 'GET',
    appScan: 'POST',
    appScanList: 'GET',
    appScanListAll: 'GET',
  };
  const routes = routeTable(DEFAULT_SANDBOX_PATHS, methods, handlers);

  const reset = () => {
    passes.reset(initiallyVoided);
    scans.clear();
  };
  const state = (): PasscreatorSandboxState => ({ ...counters, passCount: passes.size });
  /** By pass UID, or by the generated/user-provided ID a barcode holds. */
  const ticketState = (token: string): PasscreatorPassState | undefined => {
    const pass = passes.get(token) ?? passes.findById(token);
    return pass && { voided: pass.voided, attendance: pass.attendance };
  };
  const server = await startSandboxServer<SandboxRoute>({
    port: options.port,
    routes,
    // The calls a scan decision makes: pass lookup (either form) and the App Scan.
    defaultFaultRoutes: ['passCheckById', 'passByUid', 'appScan'],
    errorBody: passcreatorErrorBody,
    wrongTypesBody: WRONG_TYPES_BODY,
    hugeBodyHead: '{"appScanId":"x","scanStatus":0,"success":true,"padding":"',
    state: () => ({ ...state(), appScansListed: scans.size }),
    ticketState,
    controls: { reset },
    initialFaults: options.faults,
  });

  return sandboxHandle(
    server,
    { state, ticketState },
    {
      passes,
      appScans: (id?: string) => scans.list(id ? { appConfigurationId: id } : {}),
      reset,
    },
  );
}
