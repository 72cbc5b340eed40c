import { DropCounter, decodeUtf8, type BarcodeRead } from './barcode-read.js';

/**
 * Zebra (Symbol/Motorola) Simple Serial Interface framing:
 *   len | opcode | source | status | data… | checksum (2 bytes, big-endian)
 * `len` counts itself and the header (4 + data length) and excludes the checksum; the checksum is the
 * two's complement of the 16-bit sum of all preceding bytes. Source 00 = decoder, 04 = host.
 * Status bit 0: retransmission; bit 1: continuation (more packets of this decode follow).
 */
export const SSI = {
  DECODE_DATA: 0xf3,
  CMD_ACK: 0xd0,
  CMD_NAK: 0xd1,
  START_SESSION: 0xe4,
  STOP_SESSION: 0xe5,
  BEEP: 0xe6,
  SCAN_ENABLE: 0xe9,
  SCAN_DISABLE: 0xea,
  PARAM_SEND: 0xc6,
} as const;

export const SSI_SOURCE_DECODER = 0x00;
export const SSI_SOURCE_HOST = 0x04;
export const SSI_STATUS_RETRANSMIT = 0x01;
export const SSI_STATUS_CONTINUATION = 0x02;
/** NAK causes: ask for a resend, or refuse. */
export const SSI_NAK_RESEND = 0x01;
export const SSI_NAK_BAD_CONTEXT = 0x02;
export const SSI_NAK_DENIED = 0x06;

/** Symbology bytes of DECODE_DATA that matter here; the raw byte is kept in the read either way. */
export const SSI_SYMBOLOGY_QR = 0x1c;

export interface SsiFrame {
  opcode: number;
  source: number;
  status: number;
  data: Uint8Array;
}

export function ssiChecksum(bytes: Uint8Array, length = bytes.length): number {
  let sum = 0;
  for (let i = 0; i < length; i++) sum += bytes[i]!;
  return (0x10000 - (sum & 0xffff)) & 0xffff;
}

export function encodeSsi(frame: SsiFrame): Uint8Array {
  if (frame.data.length > 251) throw new Error('SSI data longer than 251 bytes');
  const len = 4 + frame.data.length;
  const out = new Uint8Array(len + 2);
  out[0] = len;
  out[1] = frame.opcode;
  out[2] = frame.source;
  out[3] = frame.status;
  out.set(frame.data, 4);
  const sum = ssiChecksum(out, len);
  out[len] = sum >> 8;
  out[len + 1] = sum & 0xff;
  return out;
}

/** The host's ACK of an engine packet: `04 D0 04 00 FF 28`. */
export const SSI_HOST_ACK = encodeSsi({
  opcode: SSI.CMD_ACK,
  source: SSI_SOURCE_HOST,
  status: 0,
  data: new Uint8Array(),
});

export function ssiHostNak(cause = SSI_NAK_RESEND): Uint8Array {
  return encodeSsi({ opcode: SSI.CMD_NAK, source: SSI_SOURCE_HOST, status: 0, data: Uint8Array.of(cause) });
}

export function ssiHostCommand(
  opcode: number,
  data: Uint8Array = new Uint8Array(),
  retransmit = false,
): Uint8Array {
  return encodeSsi({ opcode, source: SSI_SOURCE_HOST, status: retransmit ? SSI_STATUS_RETRANSMIT : 0, data });
}

export type SsiEvent =
  | { kind: 'frame'; frame: SsiFrame }
  /** A frame failed its checksum or header: NAK it (once per run of garbage). */
  | { kind: 'bad-frame'; bytes: number };

/**
 * Chunk-tolerant SSI frame parser. Holds at most one frame (257 bytes). A bad checksum or impossible
 * header is reported once, then the parser slides byte by byte until a valid frame starts again; a frame
 * whose bytes stop coming for `staleMs` is dropped when the next byte arrives.
 */
export class SsiParser {
  readonly drops = new DropCounter();
  private readonly buf = new Uint8Array(257);
  private len = 0;
  private resyncing = false;
  private lastByteAt = Number.NEGATIVE_INFINITY;

  constructor(private readonly staleMs = 500) {}

  push(chunk: Uint8Array, atMs: number): SsiEvent[] {
    const events: SsiEvent[] = [];
    if (chunk.length === 0) return events;
    if (this.len > 0 && atMs - this.lastByteAt >= this.staleMs) {
      this.drops.add('stale-partial', this.len);
      this.len = 0;
    }
    this.lastByteAt = atMs;
    for (let i = 0; i < chunk.length; i++) {
      this.buf[this.len++] = chunk[i]!;
      this.scan(events);
    }
    return events;
  }

  get pending(): boolean {
    return this.len > 0;
  }

  reset(): void {
    this.len = 0;
    this.resyncing = false;
  }

  /** Consumes as many complete frames (or bad bytes) as the buffer holds. */
  private scan(events: SsiEvent[]): void {
    while (this.len > 0) {
      const declared = this.buf[0]!;
      if (declared < 4) {
        this.bad(events, 1);
        continue;
      }
      if (this.len < 4) return;
      const source = this.buf[2]!;
      if (source !== SSI_SOURCE_DECODER && source !== SSI_SOURCE_HOST) {
        this.bad(events, 1);
        continue;
      }
      const total = declared + 2;
      if (this.len < total) {
        // After garbage, a bogus length byte could make us wait for bytes that are really the next
        // frames: look for a complete, valid frame further on and skip to it.
        const next = this.resyncing ? this.findValidFrame() : -1;
        if (next < 0) return;
        this.drops.add('bad-checksum', next);
        this.shift(next);
        continue;
      }
      const expected = ssiChecksum(this.buf, declared);
      const actual = (this.buf[declared]! << 8) | this.buf[declared + 1]!;
      if (expected !== actual) {
        this.bad(events, 1);
        continue;
      }
      this.resyncing = false;
      events.push({
        kind: 'frame',
        frame: { opcode: this.buf[1]!, source, status: this.buf[3]!, data: this.buf.slice(4, declared) },
      });
      this.shift(total);
    }
  }

  /** Offset (> 0) of the first complete frame with a valid checksum in the buffer, or -1. */
  private findValidFrame(): number {
    for (let k = 1; k + 6 <= this.len; k++) {
      const declared = this.buf[k]!;
      if (declared < 4 || k + declared + 2 > this.len) continue;
      const source = this.buf[k + 2];
      if (source !== SSI_SOURCE_DECODER && source !== SSI_SOURCE_HOST) continue;
      const sum = ssiChecksum(this.buf.subarray(k), declared);
      if (sum === ((this.buf[k + declared]! << 8) | this.buf[k + declared + 1]!)) return k;
    }
    return -1;
  }

  private bad(events: SsiEvent[], bytes: number): void {
    this.drops.add('bad-checksum', bytes);
    if (!this.resyncing) {
      this.resyncing = true;
      events.push({ kind: 'bad-frame', bytes });
    }
    this.shift(bytes);
  }

  private shift(n: number): void {
    this.buf.copyWithin(0, n, this.len);
    this.len -= n;
  }
}

/** The read inside a (joined) DECODE_DATA payload: symbology byte, then the data. */
export function ssiDecodeToRead(payload: Uint8Array): BarcodeRead | undefined {
  if (payload.length < 1) return undefined;
  const symbology = payload[0]!;
  const data = payload.subarray(1);
  if (data.includes(0)) return undefined;
  const text = decodeUtf8(data);
  if (text === undefined) return undefined;
  return {
    text,
    barcodeType: symbology === SSI_SYMBOLOGY_QR ? 'QRCode' : 'Barcode',
    symbology: `ssi:0x${symbology.toString(16).padStart(2, '0').toUpperCase()}`,
  };
}
