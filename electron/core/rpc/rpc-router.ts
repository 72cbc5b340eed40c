import { needsSession } from '../../common/admin-contract.js';
import {
  allChannels,
  isAnyChannel,
  type AnyChannel,
  type AnyChannelArgs,
  type AnyChannelResult,
} from '../../common/all-channels.js';
import type { Result } from '../../common/contract.js';

type Handler<C extends AnyChannel> = (
  args: AnyChannelArgs<C>,
) => Promise<AnyChannelResult<C>> | AnyChannelResult<C>;

/** Checks an admin session token (and, for what a technician does, extends the session); false refuses. */
export type SessionCheck = (token: string, channel: string) => boolean;

/** Thrown by a handler for a refusal staff should read as is (not an internal error). */
export class RpcRefusal extends Error {
  override name = 'RpcRefusal';
}

/**
 * The core side of the contract, shared by the Electron IPC shell and the web shell. Arguments and results
 * are checked against the contract's zod schemas on every call: a renderer (or anything on the socket)
 * cannot reach a handler with a message of the wrong shape, and a handler cannot leak a wrong one.
 *
 * Every admin channel but the keypad's needs a valid session: the router checks the token before the
 * handler runs, and refuses every such channel outright when no session check is installed, so a handler
 * registered without one can never be reached unauthenticated.
 */
export class RpcRouter {
  private readonly handlers = new Map<AnyChannel, (args: unknown) => Promise<unknown>>();
  private sessionCheck: SessionCheck | undefined;

  handle<C extends AnyChannel>(channel: C, fn: Handler<C>): this {
    const schema = allChannels[channel];
    this.handlers.set(channel, async (raw) => {
      const args = schema.args.parse(raw) as AnyChannelArgs<C>;
      return schema.result.parse(await fn(args));
    });
    return this;
  }

  /** Installs the admin session check (the host's AdminSessions). */
  requireSession(check: SessionCheck): this {
    this.sessionCheck = check;
    return this;
  }

  /** Whether this router has a handler for `channel` (the host routes by it). */
  has(channel: string): boolean {
    return isAnyChannel(channel) && this.handlers.has(channel);
  }

  async dispatch(channel: string, rawArgs: unknown): Promise<Result<unknown>> {
    if (!isAnyChannel(channel)) return { ok: false, error: `unknown channel` };
    const schema = allChannels[channel];
    const checked = schema.args.safeParse(rawArgs);
    if (!checked.success) return { ok: false, error: `invalid arguments for ${channel}` };
    if (needsSession(channel)) {
      const token = (checked.data as { session?: unknown }).session;
      if (typeof token !== 'string' || !this.sessionCheck?.(token, channel))
        return { ok: false, error: 'admin session required (log in with the PIN)' };
    }
    const handler = this.handlers.get(channel);
    if (!handler) return { ok: false, error: `no handler for ${channel}` };
    try {
      return { ok: true, value: await handler(checked.data) };
    } catch (err) {
      return { ok: false, error: err instanceof Error ? err.message.slice(0, 500) : 'internal error' };
    }
  }
}
