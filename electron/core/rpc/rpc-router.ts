import {
  channels,
  isChannel,
  type Channel,
  type ChannelArgs,
  type ChannelResult,
  type Result,
} from '../../common/contract.js';

type Handler<C extends Channel> = (args: ChannelArgs<C>) => Promise<ChannelResult<C>> | ChannelResult<C>;

/**
 * The core side of the contract, shared by the Electron IPC shell and the web shell. Arguments and results
 * are checked against the contract's zod schemas on every call: a renderer (or anything on the socket)
 * cannot reach a handler with a message of the wrong shape, and a handler cannot leak a wrong one.
 */
export class RpcRouter {
  private readonly handlers = new Map<Channel, (args: unknown) => Promise<unknown>>();

  handle<C extends Channel>(channel: C, fn: Handler<C>): this {
    const schema = channels[channel];
    this.handlers.set(channel, async (raw) => {
      const args = schema.args.parse(raw) as ChannelArgs<C>;
      return schema.result.parse(await fn(args));
    });
    return this;
  }

  async dispatch(channel: string, rawArgs: unknown): Promise<Result<unknown>> {
    if (!isChannel(channel)) return { ok: false, error: `unknown channel` };
    const schema = channels[channel];
    const checked = schema.args.safeParse(rawArgs);
    if (!checked.success) return { ok: false, error: `invalid arguments for ${channel}` };
    const handler = this.handlers.get(channel);
    if (!handler) return { ok: false, error: `no handler for ${channel}` };
    try {
      return { ok: true, value: await handler(checked.data) };
    } catch (err) {
      return { ok: false, error: err instanceof Error ? err.message : 'internal error' };
    }
  }
}
