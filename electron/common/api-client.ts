import { events, type EventName, type EventPayload, type GatepostApi, type Result } from './contract.js';
import { adminMethods, type AdminApi } from './admin-contract.js';
import { allChannels, type AnyChannel, type AnyChannelInput, type AnyChannelResult } from './all-channels.js';

/** Sends one request over the shell's transport (Electron IPC, the web shell's WebSocket). */
export type Invoke = (channel: AnyChannel, args: unknown) => Promise<unknown>;
/** Listens for one push event on the shell's transport; returns the unsubscribe function. */
export type Subscribe = (event: EventName, listener: (payload: unknown) => void) => () => void;

/**
 * Builds the renderer's `GatepostApi` from a shell's two transport primitives. Both shells (the Electron
 * preload and the web shell's WebSocket client) use it, so the client side of the contract is written
 * once: arguments are checked before they leave, replies and events are checked when they arrive, and
 * anything that breaks the contract is refused (replies as `{ok: false}`, events dropped).
 */
export function createApi(invoke: Invoke, subscribe: Subscribe): GatepostApi {
  async function call<C extends AnyChannel>(
    channel: C,
    args: AnyChannelInput<C>,
  ): Promise<Result<AnyChannelResult<C>>> {
    const schema = allChannels[channel];
    const checkedArgs = schema.args.safeParse(args);
    if (!checkedArgs.success) return { ok: false, error: `invalid arguments for ${channel}` };
    let reply: unknown;
    try {
      reply = await invoke(channel, checkedArgs.data);
    } catch (err) {
      return { ok: false, error: err instanceof Error ? err.message : 'request failed' };
    }
    return checkReply(channel, reply);
  }

  function on<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void): () => void {
    return subscribe(event, (payload) => {
      const checked = events[event].safeParse(payload);
      if (checked.success) listener(checked.data as EventPayload<E>);
    });
  }

  // One method per technician capability; each passes the session token the keypad obtained.
  const sessionMethods = Object.fromEntries(
    Object.entries(adminMethods).map(([method, channel]) => [
      method,
      (session: string, args: Record<string, unknown> = {}) => call(channel, { ...args, session } as never),
    ]),
  );
  const admin = {
    pinState: () => call('admin.pin.state', {}),
    setPin: (pin: string) => call('admin.pin.set', { pin }),
    login: (pin: string, watch?: boolean) => call('admin.login', { pin, ...(watch && { watch }) }),
    ...sessionMethods,
  } as AdminApi;

  return {
    submitScan: (scan) => call('scan.submit', scan),
    markShown: (scanId) => call('scan.shown', { scanId }),
    getStatus: () => call('kiosk.status', {}),
    onScanDecided: (listener) => on('scan.decided', listener),
    onStatus: (listener) => on('kiosk.status', listener),
    onGateOpened: (listener) => on('gate.opened', listener),
    onAdminRequested: (listener) => on('admin.requested', () => listener()),
    admin,
  };
}

/** A reply must be a `Result` whose value matches the channel's result schema. */
export function checkReply<C extends AnyChannel>(channel: C, reply: unknown): Result<AnyChannelResult<C>> {
  if (typeof reply !== 'object' || reply === null || !('ok' in reply))
    return { ok: false, error: `invalid reply for ${channel}` };
  if (reply.ok !== true) {
    const error = 'error' in reply && typeof reply.error === 'string' ? reply.error : 'request failed';
    return { ok: false, error: error.slice(0, 500) };
  }
  const value = allChannels[channel].result.safeParse((reply as { value?: unknown }).value);
  return value.success
    ? { ok: true, value: value.data as AnyChannelResult<C> }
    : { ok: false, error: `invalid reply for ${channel}` };
}
