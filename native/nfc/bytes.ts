/** Small byte helpers shared by the NFC codecs. Pure; no I/O. */

/** Thrown by every NFC codec for input it cannot parse; the message says what was wrong, never a key. */
export class NfcFormatError extends Error {
  override readonly name = 'NfcFormatError';
}

export function toHex(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('hex');
}

/** Strict hex → bytes: whitespace allowed, anything else that is not an even run of hex digits is refused. */
export function fromHex(hex: string): Buffer {
  const clean = hex.replace(/\s+/g, '');
  if (clean.length % 2 !== 0 || !/^[0-9a-fA-F]*$/.test(clean)) {
    throw new NfcFormatError('not an even-length hex string');
  }
  return Buffer.from(clean, 'hex');
}

export function u32be(value: number): Buffer {
  const b = Buffer.alloc(4);
  b.writeUInt32BE(value >>> 0);
  return b;
}
