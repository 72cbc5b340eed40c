import { Listeners, type ByteTransport } from '../transport/byte-transport.js';
import { LCUS_STATUS_QUERY, LcusReplyParser, encodeLcus, type LcusEvent } from './lcus.js';
import type { RelayBoard, RelayConfirmation } from './relay.js';

export interface LcusRelayOptions {
  /** Channels on the module (LCUS-1 … LCUS-8). */
  channels: number;
  /**
   * Ask the module for its state (`FF`) after each command and confirm it. Modules that never answer
   * leave the state unconfirmed (the gate reports that to staff instead of pretending).
   */
  statusQuery: boolean;
  /** How long to wait for the status lines. */
  replyTimeoutMs?: number;
}

/** LCUS serial relay module over a {@link ByteTransport}. Commands are serialised; replies parsed. */
export class LcusRelay implements RelayBoard {
  readonly description: string;
  private readonly parser = new LcusReplyParser();
  private readonly events = new Listeners<[LcusEvent]>();
  private queue: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly transport: ByteTransport,
    private readonly options: LcusRelayOptions,
  ) {
    this.description = transport.description;
    transport.onData((chunk) => {
      for (const event of this.parser.push(chunk)) this.events.emit(event);
    });
  }

  get droppedReplies(): number {
    return this.parser.drops.counts.frames;
  }

  open(): Promise<void> {
    return this.transport.open();
  }

  close(): Promise<void> {
    return this.transport.close();
  }

  onClose(listener: (error?: Error) => void): () => void {
    return this.transport.onClose(listener);
  }

  set(channel: number, on: boolean): Promise<RelayConfirmation> {
    return this.serialise(async () => {
      await this.transport.write(encodeLcus(channel, on));
      return this.confirm((state) => state.get(channel) === on);
    });
  }

  allOff(): Promise<RelayConfirmation> {
    return this.serialise(async () => {
      for (let ch = 1; ch <= this.options.channels; ch++) await this.transport.write(encodeLcus(ch, false));
      return this.confirm((state) => [...state.values()].every((on) => !on));
    });
  }

  allOffSync(): boolean {
    if (!this.transport.writeSync) return false;
    try {
      for (let ch = 1; ch <= this.options.channels; ch++) this.transport.writeSync(encodeLcus(ch, false));
      return true;
    } catch {
      return false;
    }
  }

  private serialise<T>(task: () => Promise<T>): Promise<T> {
    const run = this.queue.then(task, task);
    this.queue = run.catch(() => {});
    return run;
  }

  /** Queries the module and waits for one status line per channel (or the timeout). */
  private async confirm(matches: (state: Map<number, boolean>) => boolean): Promise<RelayConfirmation> {
    if (!this.options.statusQuery) return { confirmed: undefined };
    const state = new Map<number, boolean>();
    const done = new Promise<void>((resolve) => {
      // A module answers in milliseconds; the margin is for a loaded host, not the module.
      const timer = setTimeout(finish, this.options.replyTimeoutMs ?? 1000);
      const unsubscribe = this.events.add((event) => {
        if (event.kind !== 'status') return;
        state.set(event.channel, event.on);
        if (state.size >= this.options.channels) finish();
      });
      function finish(): void {
        clearTimeout(timer);
        unsubscribe();
        resolve();
      }
    });
    await this.transport.write(LCUS_STATUS_QUERY);
    await done;
    if (state.size === 0) return { confirmed: undefined };
    const onChannels = [...state].filter(([, on]) => on).map(([ch]) => ch);
    return { confirmed: matches(state), onChannels };
  }
}
