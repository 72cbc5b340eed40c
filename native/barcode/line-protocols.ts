import type { DropCounts } from './barcode-read.js';
import {
  HONEYWELL_BEEP,
  HONEYWELL_TRIGGER_OFF,
  HONEYWELL_TRIGGER_ON,
  decodeMenuReply,
  encodeMenuCommand,
  type MenuPersistence,
  type MenuReply,
} from './honeywell-serial.js';
import { LineParser, type LineEvent, type LineParserOptions } from './line-parser.js';
import {
  NEWLAND_TRIGGER_OFF,
  NEWLAND_TRIGGER_ON,
  decodeNewlandReply,
  encodeNewlandCommand,
  type NewlandPersistence,
  type NewlandReply,
} from './newland.js';
import type { ProtocolContext, ScannerFeedback, ScannerProtocol } from './scanner-protocol.js';

export type LineOptions = Omit<LineParserOptions, 'honeywellReplies' | 'stxEtxReplies'>;

/** Waits for one command reply at a time; a reply with nobody waiting is ignored. */
class ReplyWaiter<R> {
  private waiting: ((reply: R | undefined) => void) | null = null;
  private queue: Promise<unknown> = Promise.resolve();

  /** Serialises commands: writes, then waits for the reply or the timeout (undefined). */
  send(write: () => Promise<void>, timeoutMs: number): Promise<R | undefined> {
    const run = this.queue.then(
      () =>
        new Promise<R | undefined>((resolve, reject) => {
          const timer = setTimeout(() => settle(undefined), timeoutMs);
          const settle = (reply: R | undefined): void => {
            clearTimeout(timer);
            this.waiting = null;
            resolve(reply);
          };
          this.waiting = settle;
          write().catch((error: unknown) => {
            clearTimeout(timer);
            this.waiting = null;
            reject(error instanceof Error ? error : new Error(String(error)));
          });
        }),
    );
    this.queue = run.catch(() => {});
    return run;
  }

  deliver(reply: R): boolean {
    if (!this.waiting) return false;
    this.waiting(reply);
    return true;
  }
}

/** Generic serial line engine: reads are lines, nothing is sent to the engine. */
export class LineProtocol implements ScannerProtocol {
  readonly name: string = 'line';
  protected readonly parser: LineParser;
  protected context!: ProtocolContext;

  constructor(options: LineParserOptions) {
    this.parser = new LineParser(options);
  }

  attach(context: ProtocolContext): void {
    this.context = context;
  }

  onBytes(chunk: Uint8Array, atMs: number): void {
    this.handle(this.parser.push(chunk, atMs));
  }

  flush(atMs: number): void {
    this.handle(this.parser.flush(atMs));
  }

  deadline(): number | undefined {
    return this.parser.deadline();
  }

  async onOpened(): Promise<void> {}

  reset(): void {
    this.parser.reset();
  }

  async feedback(_result: ScannerFeedback): Promise<void> {}

  dropped(): DropCounts {
    return this.parser.drops.counts;
  }

  protected onReply(_bytes: Uint8Array): void {}

  private handle(events: LineEvent[]): void {
    for (const event of events) {
      if (event.kind === 'read') this.context.read(event.read, event.atMs);
      else if (event.kind === 'reply') this.onReply(event.bytes);
      else this.context.error(`dropped ${event.bytes} bytes (${event.reason})`);
    }
  }
}

export interface HoneywellOptions extends LineOptions {
  /** Beep on the kiosk's result (the engine's own good-read beep is set up on the engine). */
  beepOnResult?: boolean;
  /** Menu commands sent after every open, e.g. `['TRGMOD0']`; replies are checked. */
  startupCommands?: string[];
  replyTimeoutMs?: number;
}

/** Honeywell serial engines: line reads plus the menu command set and serial trigger. */
export class HoneywellProtocol extends LineProtocol {
  override readonly name = 'honeywell';
  private readonly replies = new ReplyWaiter<MenuReply>();

  constructor(private readonly options: HoneywellOptions) {
    super({ ...options, honeywellReplies: true });
  }

  /** Sends menu commands and resolves with the engine's per-command status (undefined on timeout). */
  menu(
    commands: string | string[],
    persistence: MenuPersistence = 'temporary',
  ): Promise<MenuReply | undefined> {
    const frame = encodeMenuCommand(commands, persistence);
    return this.replies.send(() => this.context.write(frame), this.options.replyTimeoutMs ?? 500);
  }

  trigger(on: boolean): Promise<void> {
    return this.context.write(on ? HONEYWELL_TRIGGER_ON : HONEYWELL_TRIGGER_OFF);
  }

  override async onOpened(): Promise<void> {
    const commands = this.options.startupCommands ?? [];
    if (commands.length === 0) return;
    const reply = await this.menu(commands);
    if (!reply) throw new Error('no reply to the start-up menu commands');
    const refused = reply.results.filter((r) => r.status !== 'ack');
    if (refused.length > 0) {
      this.context.error(`engine refused ${refused.map((r) => `${r.command} (${r.status})`).join(', ')}`);
    }
  }

  override async feedback(result: ScannerFeedback): Promise<void> {
    if (this.options.beepOnResult && result !== 'idle') await this.context.write(HONEYWELL_BEEP);
  }

  protected override onReply(bytes: Uint8Array): void {
    const reply = decodeMenuReply(bytes);
    if (!reply) this.context.error('unreadable menu reply');
    else this.replies.deliver(reply);
  }
}

export interface NewlandOptions extends LineOptions {
  startupCommands?: string[];
  replyTimeoutMs?: number;
}

/** Newland engines in command mode: line reads plus `~ SOH 0000 # … ; ETX` commands and the trigger. */
export class NewlandProtocol extends LineProtocol {
  override readonly name = 'newland';
  private readonly replies = new ReplyWaiter<NewlandReply>();

  constructor(private readonly options: NewlandOptions) {
    super({ ...options, stxEtxReplies: true });
  }

  command(command: string, persistence: NewlandPersistence = 'temporary'): Promise<NewlandReply | undefined> {
    const frame = encodeNewlandCommand(command, persistence);
    return this.replies.send(() => this.context.write(frame), this.options.replyTimeoutMs ?? 500);
  }

  trigger(on: boolean): Promise<void> {
    return this.context.write(on ? NEWLAND_TRIGGER_ON : NEWLAND_TRIGGER_OFF);
  }

  override async onOpened(): Promise<void> {
    for (const command of this.options.startupCommands ?? []) {
      const reply = await this.command(command);
      if (!reply) throw new Error(`no reply to ${command}`);
      if (reply.status !== 'ack') this.context.error(`engine refused ${command} (${reply.status})`);
    }
  }

  protected override onReply(bytes: Uint8Array): void {
    const reply = decodeNewlandReply(bytes);
    if (!reply) this.context.error('unreadable command reply');
    else this.replies.deliver(reply);
  }
}
