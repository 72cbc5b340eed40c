import { readFromText } from './aim.js';
import { DropCounter, decodeUtf8, type BarcodeRead, type DropReason } from './barcode-read.js';

export type Terminator = 'CR' | 'LF' | 'CRLF' | 'none';

export interface LineParserOptions {
  terminator: Terminator;
  aimIds: boolean;
  /** Longest read kept; longer lines are dropped whole (default 4096 bytes). */
  maxLineBytes?: number;
  /** `none`: a read ends after this long without a byte (default 50 ms). */
  idleGapMs?: number;
  /** CR/LF/CRLF: a partial line with no byte for this long is dropped, so it cannot prefix the next read. */
  staleMs?: number;
  /** Honeywell: `…<ACK|ENQ|NAK>` followed by `!` or `.` is a menu-command reply, not a read. */
  honeywellReplies?: boolean;
  /** Newland: `STX … ETX` at the start of a line is a command reply, not a read. */
  stxEtxReplies?: boolean;
}

export type LineEvent =
  /** `atMs`: when the read's last byte arrived (for `none`, before the idle gap that ended it). */
  | { kind: 'read'; read: BarcodeRead; bytes: number; atMs: number }
  | { kind: 'reply'; bytes: Uint8Array }
  | { kind: 'dropped'; reason: DropReason; bytes: number };

const CR = 0x0d;
const LF = 0x0a;
const NUL = 0x00;
const STX = 0x02;
const ETX = 0x03;
const REPLY_STATUS = new Set([0x06, 0x05, 0x15]);
const REPLY_END = new Set([0x21 /* ! */, 0x2e /* . */]);
const MAX_REPLY_BYTES = 512;

export const DEFAULT_MAX_LINE_BYTES = 4096;

/**
 * Splits a serial scanner's byte stream into reads. Pure and chunk-tolerant: bytes may arrive split
 * anywhere, the caller passes the arrival time, and for `none` (or to drop stale partials) calls `flush`
 * at `deadline()`. Memory is bounded by `maxLineBytes` whatever arrives.
 *
 * Terminators, tolerant of engines set slightly differently from the kiosk: `CR` ends at CR and swallows
 * an LF right after it; `LF` and `CRLF` end at LF and strip one CR before it.
 */
export class LineParser {
  readonly drops = new DropCounter();
  private readonly max: number;
  private readonly buf: Uint8Array;
  private len = 0;
  /** Bytes of the current over-long line (dropped whole at its end). */
  private overflow = 0;
  private inReply = false;
  private lastByteAt = Number.NEGATIVE_INFINITY;
  private afterCr = false;

  constructor(private readonly options: LineParserOptions) {
    this.max = options.maxLineBytes ?? DEFAULT_MAX_LINE_BYTES;
    this.buf = new Uint8Array(Math.max(this.max, MAX_REPLY_BYTES));
  }

  get idleGapMs(): number {
    return this.options.idleGapMs ?? 50;
  }

  get staleMs(): number {
    return this.options.staleMs ?? 1000;
  }

  /** Whether bytes of an unfinished read are buffered. */
  get pending(): boolean {
    return this.len > 0 || this.overflow > 0;
  }

  push(chunk: Uint8Array, atMs: number): LineEvent[] {
    const events: LineEvent[] = [];
    if (chunk.length === 0) return events;
    this.expire(atMs, events);
    this.lastByteAt = atMs;
    const { terminator } = this.options;
    for (let i = 0; i < chunk.length; i++) {
      const b = chunk[i]!;
      if (this.inReply) {
        this.replyByte(b, events);
        continue;
      }
      if (this.options.stxEtxReplies && b === STX && this.len === 0 && this.overflow === 0) {
        this.inReply = true;
        this.append(b);
        continue;
      }
      if (this.options.honeywellReplies && REPLY_END.has(b) && this.len > 0 && this.overflow === 0) {
        if (REPLY_STATUS.has(this.buf[this.len - 1]!)) {
          this.append(b);
          events.push({ kind: 'reply', bytes: this.buf.slice(0, this.len) });
          this.len = 0;
          continue;
        }
      }
      if (terminator === 'CR') {
        if (b === CR) {
          this.end(events);
          this.afterCr = true;
          continue;
        }
        if (b === LF && this.afterCr) {
          this.afterCr = false;
          continue;
        }
        this.afterCr = false;
      } else if (terminator !== 'none' && b === LF) {
        if (this.len > 0 && this.buf[this.len - 1] === CR) this.len--;
        this.end(events);
        continue;
      }
      this.append(b);
    }
    return events;
  }

  /** Call at (or after) `deadline()`: ends an idle `none` read, or drops a stale partial line. */
  flush(atMs: number): LineEvent[] {
    const events: LineEvent[] = [];
    this.expire(atMs, events);
    return events;
  }

  /** When `flush` has work to do next, or undefined when nothing is buffered. */
  deadline(): number | undefined {
    if (!this.pending && !this.inReply) return undefined;
    const wait = this.options.terminator === 'none' && !this.inReply ? this.idleGapMs : this.staleMs;
    return this.lastByteAt + wait;
  }

  reset(): void {
    this.len = 0;
    this.overflow = 0;
    this.inReply = false;
    this.afterCr = false;
  }

  private expire(atMs: number, events: LineEvent[]): void {
    if (!this.pending) return;
    const idle = atMs - this.lastByteAt;
    if (this.inReply) {
      if (idle >= this.staleMs) this.drop('stale-partial', events);
    } else if (this.options.terminator === 'none') {
      if (idle >= this.idleGapMs) this.end(events);
    } else if (idle >= this.staleMs) {
      this.drop('stale-partial', events);
    }
  }

  private replyByte(b: number, events: LineEvent[]): void {
    if (this.len >= MAX_REPLY_BYTES) {
      // Not a reply after all (no ETX in time): drop it and go back to reads.
      this.drop('bad-frame', events);
      return;
    }
    this.buf[this.len++] = b;
    if (b === ETX) {
      events.push({ kind: 'reply', bytes: this.buf.slice(0, this.len) });
      this.len = 0;
      this.inReply = false;
    }
  }

  private append(b: number): void {
    if (this.overflow > 0) {
      this.overflow++;
      return;
    }
    if (this.len < this.max) {
      this.buf[this.len++] = b;
      return;
    }
    this.overflow = this.len + 1;
    this.len = 0;
  }

  private drop(reason: DropReason, events: LineEvent[]): void {
    const bytes = this.overflow > 0 ? this.overflow : this.len;
    this.drops.add(reason, bytes);
    events.push({ kind: 'dropped', reason, bytes });
    this.len = 0;
    this.overflow = 0;
    this.inReply = false;
  }

  private end(events: LineEvent[]): void {
    if (this.overflow > 0) return this.drop('too-long', events);
    if (this.len === 0) return;
    const line = this.buf.subarray(0, this.len);
    if (line.includes(NUL)) return this.drop('nul-byte', events);
    const text = decodeUtf8(line);
    if (text === undefined) return this.drop('invalid-utf8', events);
    const bytes = this.len;
    this.len = 0;
    events.push({
      kind: 'read',
      read: readFromText(text, this.options.aimIds),
      bytes,
      atMs: this.lastByteAt,
    });
  }
}
