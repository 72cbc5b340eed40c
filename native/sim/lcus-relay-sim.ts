import { PtySimulator } from './pty-simulator.js';

export interface SimulatedPulse {
  channel: number;
  /** performance.now() when the on and off frames arrived. */
  onAt: number;
  offAt?: number;
}

/**
 * An LCUS relay module on a pty: parses `A0 ch op sum` frames as the real module does (bad checksums are
 * ignored), records every on→off pulse with timestamps, and answers the status query `FF` with
 * `CHn:ON|OFF` lines (unless `answersStatus` is false, like the cheapest modules).
 */
export class LcusRelaySim extends PtySimulator {
  readonly pulses: SimulatedPulse[] = [];
  readonly state: boolean[];
  badFrames = 0;
  answersStatus = true;
  /** Test control: channels whose contact is welded on (stays on whatever is commanded). */
  readonly stuckOn = new Set<number>();
  private pending: number[] = [];

  constructor(readonly channels = 2) {
    super();
    this.state = Array.from({ length: channels + 1 }, () => false);
  }

  /** Channels currently on. */
  onChannels(): number[] {
    return this.state.flatMap((on, ch) => (on && ch > 0 ? [ch] : []));
  }

  /** Pulses that ended, with their length in ms. */
  completedPulses(): Array<SimulatedPulse & { ms: number }> {
    return this.pulses.flatMap((p) => (p.offAt === undefined ? [] : [{ ...p, ms: p.offAt - p.onAt }]));
  }

  resetRecord(): void {
    this.pulses.length = 0;
    this.badFrames = 0;
  }

  protected onBytes(bytes: Uint8Array, at: number): void {
    for (const b of bytes) {
      if (this.pending.length === 0) {
        if (b === 0xff) {
          this.answerStatus();
          continue;
        }
        if (b !== 0xa0) {
          this.badFrames++;
          continue;
        }
      }
      this.pending.push(b);
      if (this.pending.length < 4) continue;
      const [, ch, op, sum] = this.pending as [number, number, number, number];
      this.pending = [];
      if (ch < 1 || ch > this.channels || op > 1 || sum !== ((0xa0 + ch + op) & 0xff)) {
        this.badFrames++;
        continue;
      }
      this.apply(ch, op === 1, at);
    }
  }

  private apply(channel: number, on: boolean, at: number): void {
    if (!on && this.stuckOn.has(channel)) return;
    if (this.state[channel] === on) return;
    this.state[channel] = on;
    if (on) {
      this.pulses.push({ channel, onAt: at });
      if (this.pulses.length > 10_000) this.pulses.shift();
    } else {
      const open = this.pulses.findLast((p) => p.channel === channel && p.offAt === undefined);
      if (open) open.offAt = at;
    }
  }

  private answerStatus(): void {
    if (!this.answersStatus) return;
    let text = '';
    for (let ch = 1; ch <= this.channels; ch++) text += `CH${ch}:${this.state[ch] ? 'ON' : 'OFF'}\r\n`;
    void this.write(new TextEncoder().encode(text)).catch(() => {});
  }
}
