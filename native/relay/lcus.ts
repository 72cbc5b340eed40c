import { DropCounter } from '../barcode/barcode-read.js';

/**
 * LCUS-1/2/4/8 serial relay modules (CH340, 9600 8N1): `A0 ch op sum`, sum = (A0 + ch + op) & FF;
 * op 01 on, 00 off. Many modules answer a status query (`FF`) with ASCII lines `CH1:ON` / `CH1:OFF`; some
 * echo commands back as the same 4-byte frame. The reply parser accepts both.
 */
export function encodeLcus(channel: number, on: boolean): Uint8Array {
  if (!Number.isInteger(channel) || channel < 1 || channel > 8)
    throw new Error(`LCUS channel ${channel} out of 1…8`);
  const op = on ? 1 : 0;
  return Uint8Array.of(0xa0, channel, op, (0xa0 + channel + op) & 0xff);
}

export const LCUS_STATUS_QUERY = Uint8Array.of(0xff);

export type LcusEvent =
  | { kind: 'status'; channel: number; on: boolean }
  | { kind: 'echo'; channel: number; on: boolean }
  | { kind: 'dropped'; bytes: number };

const MAX_LINE = 32;

/** Parses what an LCUS module sends back: status lines and command echoes. Bounded, chunk-tolerant. */
export class LcusReplyParser {
  readonly drops = new DropCounter();
  private readonly buf = new Uint8Array(MAX_LINE);
  private len = 0;

  push(chunk: Uint8Array): LcusEvent[] {
    const events: LcusEvent[] = [];
    for (const b of chunk) {
      if (this.len === 0 && b === 0xa0) {
        this.buf[this.len++] = b;
        continue;
      }
      if (this.len > 0 && this.buf[0] === 0xa0) {
        this.buf[this.len++] = b;
        if (this.len === 4) this.binary(events);
        continue;
      }
      if (b === 0x0d || b === 0x0a) {
        if (this.len > 0) this.line(events);
        continue;
      }
      if (this.len >= MAX_LINE) {
        this.drop(events, this.len + 1);
        continue;
      }
      this.buf[this.len++] = b;
    }
    return events;
  }

  private binary(events: LcusEvent[]): void {
    const [, ch, op, sum] = this.buf;
    if (ch! >= 1 && ch! <= 8 && (op === 0 || op === 1) && sum === ((0xa0 + ch! + op!) & 0xff)) {
      events.push({ kind: 'echo', channel: ch!, on: op === 1 });
      this.len = 0;
    } else {
      this.drop(events, 4);
    }
  }

  private line(events: LcusEvent[]): void {
    const text = String.fromCharCode(...this.buf.subarray(0, this.len)).trim();
    this.len = 0;
    const match = /^CH([1-8]):\s*(ON|OFF)$/i.exec(text);
    if (!match) {
      this.drops.add('bad-frame', text.length);
      events.push({ kind: 'dropped', bytes: text.length });
      return;
    }
    events.push({ kind: 'status', channel: Number(match[1]), on: match[2]!.toUpperCase() === 'ON' });
  }

  private drop(events: LcusEvent[], bytes: number): void {
    this.drops.add('bad-frame', bytes);
    events.push({ kind: 'dropped', bytes });
    this.len = 0;
  }
}
