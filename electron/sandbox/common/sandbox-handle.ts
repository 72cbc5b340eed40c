import type { SandboxFaults } from './faults.js';
import type { SandboxServer } from './sandbox-server.js';

/** Counters every sandbox keeps, whatever the API. */
export interface SandboxBaseState {
  /** Requests seen in all. */
  requests: number;
  /** Requests answered 401 by the `unauthorized*` knobs. */
  unauthorizedSent: number;
  /** The fault knobs now in force. */
  faults: SandboxFaults;
}

/**
 * What a test, a benchmark or the demo holds of any provider's sandbox: its address, its control token,
 * the fault knobs, a state snapshot, the state of one ticket, and close. Each sandbox adds its own stores.
 */
export interface SandboxHandle<State extends object = object, TicketState = unknown> {
  /** Base URL, e.g. `http://127.0.0.1:40123` (no trailing slash). */
  readonly url: string;
  readonly port: number;
  /**
   * Secret for the `/__sandbox/*` control endpoints (header `X-Sandbox-Control-Token`); they also require
   * this sandbox's own loopback `Host`, no foreign `Origin` and `application/json` bodies.
   */
  readonly controlToken: string;
  /** The fault knobs now in force (a copy; `unauthorizedCount` is what is left of the countdown). */
  readonly faults: SandboxFaults;
  /** Counters, a snapshot. */
  readonly state: State & SandboxBaseState;
  /** Replaces all fault knobs (not a merge). Throws on an invalid knob. */
  setFaults(faults: SandboxFaults): SandboxFaults;
  resetFaults(): void;
  /**
   * What the server holds about one ticket or pass that a scan could change (entered, checked in, voided,
   * redeemed…), as plain JSON; undefined for a token it does not know. Also at `GET /__sandbox/ticket-state`.
   */
  ticketState(token: string): TicketState | undefined;
  /** Resolves promptly even with hung or dripping requests: open sockets are destroyed. */
  close(): Promise<void>;
}

/**
 * Builds a sandbox's handle from its server, its state counters and its own extras (stores, helpers).
 * Extras are copied as property descriptors, so their getters stay live.
 */
export function sandboxHandle<State extends object, TicketState, Extra extends object>(
  server: SandboxServer,
  parts: { state: () => State; ticketState: (token: string) => TicketState | undefined },
  extra: Extra,
): SandboxHandle<State, TicketState> & Extra {
  const handle: SandboxHandle<State, TicketState> = {
    url: server.url,
    port: server.port,
    controlToken: server.controlToken,
    get faults() {
      return server.faults;
    },
    get state() {
      return {
        ...parts.state(),
        requests: server.counters.requests,
        unauthorizedSent: server.counters.unauthorizedSent,
        faults: server.faults,
      };
    },
    setFaults: (f) => server.setFaults(f),
    resetFaults: () => server.resetFaults(),
    ticketState: parts.ticketState,
    close: () => server.close(),
  };
  return Object.defineProperties(handle, Object.getOwnPropertyDescriptors(extra)) as SandboxHandle<
    State,
    TicketState
  > &
    Extra;
}
