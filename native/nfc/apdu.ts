import { NfcFormatError } from './bytes.js';

/** ISO 7816-4 command APDU (short form; every command this kiosk sends fits in 255 data bytes). */
export function commandApdu(
  cla: number,
  ins: number,
  p1: number,
  p2: number,
  data?: Uint8Array,
  le = 0,
): Buffer {
  const body = data && data.length > 0 ? data : undefined;
  if (body && body.length > 255) throw new NfcFormatError(`command data too long (${body.length} > 255)`);
  const parts: number[] = [cla, ins, p1, p2];
  const head = Buffer.from(parts);
  const lc = body ? Buffer.concat([Buffer.from([body.length]), body]) : Buffer.alloc(0);
  return Buffer.concat([head, lc, Buffer.from([le & 0xff])]);
}

export function selectAid(aid: Uint8Array): Buffer {
  return commandApdu(0x00, 0xa4, 0x04, 0x00, aid, 0x00);
}

/** A response APDU split into its data and status word. */
export interface ResponseApdu {
  data: Buffer;
  sw: number;
}

/** Splits a reply; fewer than two bytes is not a response at all. */
export function parseResponse(reply: Uint8Array): ResponseApdu {
  if (reply.length < 2) throw new NfcFormatError(`reply of ${reply.length} byte(s) has no status word`);
  const buf = Buffer.from(reply.buffer, reply.byteOffset, reply.byteLength);
  return { data: buf.subarray(0, buf.length - 2), sw: buf.readUInt16BE(buf.length - 2) };
}

export const SW = {
  OK: 0x9000,
  /** Apple VAS: no such pass, or the phone wants the user (locked, pass not confirmed). */
  VAS_NEEDS_USER: 0x6287,
  /** Apple VAS: the pass was not selected / not found. */
  VAS_NOT_FOUND: 0x6a83,
  FILE_NOT_FOUND: 0x6a82,
  /** Smart Tap: no pass matches the request. */
  ST_NO_PASSES: 0x9001,
  /** Smart Tap: a session without live authentication. */
  ST_NO_LIVE_AUTH: 0x9002,
  /** Smart Tap: more data follows (GET MORE DATA). */
  ST_MORE_DATA: 0x9100,
} as const;

export function swHex(sw: number): string {
  return sw.toString(16).padStart(4, '0').toUpperCase();
}

/** A staff-readable line for a status word (ISO 7816-4 plus the wallet protocols' own words). */
export function describeStatus(sw: number): string {
  const hi = sw >> 8;
  switch (sw) {
    case 0x9000:
      return 'OK';
    case 0x6287:
      return 'pass not available (phone locked or waiting for the user)';
    case 0x6a83:
      return 'pass not found';
    case 0x6a82:
      return 'application not found';
    case 0x6d00:
      return 'instruction not supported';
    case 0x6e00:
      return 'class not supported';
    case 0x9001:
      return 'no pass matches';
    case 0x9002:
      return 'session without live authentication';
    case 0x9100:
      return 'more data';
    case 0x9302:
      return 'the patron must choose a pass';
    case 0x9406:
      return 'too many requests';
  }
  if (hi === 0x61) return `${sw & 0xff} more bytes available`;
  if (hi === 0x6c) return `wrong length, ${sw & 0xff} expected`;
  if (hi === 0x92) return 'transient failure, tap again';
  if (hi === 0x95) return 'reader authentication refused';
  if (hi === 0x63 || hi === 0x64 || hi === 0x65) return 'card error';
  if (hi === 0x67) return 'wrong length';
  if (hi === 0x69) return 'command not allowed';
  if (hi === 0x6a) return 'wrong parameters';
  return 'unexpected status';
}
