import { Listeners } from '../transport/byte-transport.js';
import type { RelayBoard, RelayConfirmation } from './relay.js';

const MAX_RECORDED_PULSES = 10_000;

export interface RecordedPulse {
  channel: number;
  /** Clock ms at which the channel went on and off (`offAt` undefined while still on). */
  onAt: number;
  offAt?: number;
}

/**
 * An in-process relay for demo mode and tests: records every pulse with timestamps. Test controls make it
 * unplug, refuse to switch off (a welded contact) or fail commands.
 */
export class SimRelay implements RelayBoard {
  readonly description: string;
  readonly pulses: RecordedPulse[] = [];
  /** Channels currently on. */
  readonly on = new Set<number>();
  /** Test control: channels that stay on whatever is commanded. */
  readonly stuckOn = new Set<number>();
  /** Test control: the next `n` commands reject. */
  failCommands = 0;
  private isOpen = false;
  private present = true;
  private readonly closed = new Listeners<[Error | undefined]>();
  private readonly changes = new Listeners<[number, boolean]>();

  constructor(
    readonly channels = 2,
    private readonly now: () => number = () => performance.now(),
    description = 'simulated relay',
  ) {
    this.description = description;
  }

  /** Called on every channel change (demo mode shows the pulse on screen). */
  onChange(listener: (channel: number, on: boolean) => void): () => void {
    return this.changes.add(listener);
  }

  async open(): Promise<void> {
    await Promise.resolve();
    if (!this.present) throw new Error('simulated relay unplugged');
    this.isOpen = true;
  }

  async close(): Promise<void> {
    await Promise.resolve();
    this.isOpen = false;
  }

  onClose(listener: (error?: Error) => void): () => void {
    return this.closed.add(listener);
  }

  async set(channel: number, on: boolean): Promise<RelayConfirmation> {
    await this.command();
    this.apply(channel, on);
    return this.report((onChannels) => onChannels.includes(channel) === on);
  }

  async allOff(): Promise<RelayConfirmation> {
    await this.command();
    for (const ch of [...this.on]) this.apply(ch, false);
    return this.report((onChannels) => onChannels.length === 0);
  }

  allOffSync(): boolean {
    if (!this.isOpen) return false;
    for (const ch of [...this.on]) this.apply(ch, false);
    return true;
  }

  unplug(): void {
    this.present = false;
    if (!this.isOpen) return;
    this.isOpen = false;
    this.closed.emit(new Error('simulated relay unplugged'));
  }

  replug(): void {
    this.present = true;
  }

  reset(): void {
    this.pulses.length = 0;
    this.on.clear();
    this.stuckOn.clear();
    this.failCommands = 0;
  }

  private async command(): Promise<void> {
    await Promise.resolve();
    if (!this.isOpen) throw new Error('simulated relay is not open');
    if (this.failCommands > 0) {
      this.failCommands--;
      throw new Error('simulated relay command failed');
    }
  }

  private apply(channel: number, on: boolean): void {
    if (channel < 1 || channel > this.channels)
      throw new Error(`relay channel ${channel} out of 1…${this.channels}`);
    if (!on && this.stuckOn.has(channel)) return;
    if (on === this.on.has(channel)) return;
    const at = this.now();
    if (on) {
      this.on.add(channel);
      this.pulses.push({ channel, onAt: at });
      // Bounded: a demo left running for weeks keeps the latest pulses only.
      if (this.pulses.length > MAX_RECORDED_PULSES)
        this.pulses.splice(0, this.pulses.length - MAX_RECORDED_PULSES);
    } else {
      this.on.delete(channel);
      const open = this.pulses.findLast((p) => p.channel === channel && p.offAt === undefined);
      if (open) open.offAt = at;
    }
    this.changes.emit(channel, on);
  }

  private report(matches: (onChannels: number[]) => boolean): RelayConfirmation {
    const onChannels = [...this.on].sort((a, b) => a - b);
    return { confirmed: matches(onChannels), onChannels };
  }
}
