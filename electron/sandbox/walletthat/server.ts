import type { SandboxFaults } from '../common/faults.js';
import { sandboxHandle, type SandboxHandle } from '../common/sandbox-handle.js';
import { startSandboxServer } from '../common/sandbox-server.js';
import { createActionHandler } from './actions.js';
import { walletThatErrorBody } from './error-reply.js';
import { demoPasses, demoTemplate } from './fixtures.js';
import { PassStore, type PassCounters } from './pass-store.js';
import type { PassStatus, SandboxPass, SandboxTemplate, StatusPlacement } from './types.js';

/** Mirrors the client's default endpoint path (`https://api.walletthat.com/v3/passes`, unconfirmed). */
export const DEFAULT_SANDBOX_ENDPOINT_PATH = '/v3/passes';

export interface WalletThatSandboxOptions {
  /** 0 (default): any free port. The sandbox always binds 127.0.0.1. */
  port?: number;
  /** Expected `X-Api-Key`. Default `sandbox-api-key`. */
  apiKey?: string;
  /** Default: the demo template and `demoPasses()`. */
  templates?: SandboxTemplate[];
  passes?: SandboxPass[];
  /** Extra generated passes are added by the caller through `passes`; this is the endpoint path. */
  endpointPath?: string;
  /** Where GetPassData puts `pass-status`. Default `pass-data`. */
  statusPlacement?: StatusPlacement;
  /** HTTP status of Failure answers. Default 200 (the seed does not say). */
  failureHttpStatus?: number;
  faults?: SandboxFaults;
}

export interface WalletThatSandboxState extends PassCounters {
  passCount: number;
}

/** What a scan can change on a WalletThat pass. */
export interface WalletThatPassState {
  status: PassStatus;
}

export interface WalletThatSandbox extends SandboxHandle<WalletThatSandboxState, WalletThatPassState> {
  /** The full endpoint URL for the client's `endpointUrl`. */
  readonly endpointUrl: string;
  readonly passes: PassStore;
  /** The next `count` UpdatePassData calls answer the documented E809 internal error. */
  failNextUpdates(count: number): void;
}

const WRONG_TYPES_BODY = {
  status: true,
  'pass-id': 16178389328,
  'pass-status': ['active'],
  'pass-data': 'active',
};

/** Starts the stateful WalletThat stand-in on loopback. Node only: the demo mode and tests share it. */
export async function startWalletThatSandbox(
  options: WalletThatSandboxOptions = {},
): Promise<WalletThatSandbox> {
  const store = new PassStore(options.templates ?? [demoTemplate()], options.passes ?? demoPasses());
  const counters: PassCounters = { getPassData: 0, updatePassData: 0, redemptions: 0, getPassTemplate: 0 };
  const updateFailures = { left: 0 };
  const endpointPath = options.endpointPath ?? DEFAULT_SANDBOX_ENDPOINT_PATH;
  const handle = createActionHandler({
    apiKey: options.apiKey ?? 'sandbox-api-key',
    store,
    counters,
    statusPlacement: options.statusPlacement ?? 'pass-data',
    failureHttpStatus: options.failureHttpStatus ?? 200,
    updateFailures,
  });

  const state = (): WalletThatSandboxState => ({ ...counters, passCount: store.passCount });
  const ticketState = (passId: string): WalletThatPassState | undefined => {
    const pass = store.get(passId);
    return pass && { status: pass.status };
  };
  const server = await startSandboxServer<'passes'>({
    port: options.port,
    // One endpoint for every action, so the fault knobs hit every action alike.
    routes: { passes: { method: 'POST', path: endpointPath, handle } },
    defaultFaultRoutes: ['passes'],
    errorBody: walletThatErrorBody,
    wrongTypesBody: WRONG_TYPES_BODY,
    hugeBodyHead: '{"status":"Success","pass-id":"HUGE","padding":"',
    state,
    ticketState,
    controls: {
      'reset-passes': () => store.resetStatuses(),
      'fail-next-update': () => (updateFailures.left += 1),
    },
    initialFaults: options.faults,
  });

  return sandboxHandle(
    server,
    { state, ticketState },
    {
      endpointUrl: server.url + endpointPath,
      passes: store,
      failNextUpdates: (count: number) => {
        updateFailures.left = count;
      },
    },
  );
}
