import { NfcFormatError } from './bytes.js';

/** One BER-TLV object. `children` is set for constructed tags (bit 0x20 of the first tag byte). */
export interface Tlv {
  /** The tag as a number (e.g. 0x9f27); at most 4 tag bytes. */
  tag: number;
  value: Buffer;
  children?: Tlv[];
}

/** Bounds: every reply a phone sends is far below these; anything above is refused, never allocated. */
export const TLV_LIMITS = { maxDepth: 8, maxNodes: 512, maxTagBytes: 4 } as const;

/**
 * Parses a sequence of BER-TLV objects (ISO 7816-4 / EMV): multi-byte tags, short and long (81/82/83)
 * lengths, nested constructed objects. 00 and FF padding between objects is skipped, as EMV allows.
 * Throws NfcFormatError on truncation, indefinite lengths or the bounds above.
 */
export function parseTlv(input: Uint8Array): Tlv[] {
  const buf = Buffer.from(input.buffer, input.byteOffset, input.byteLength);
  const counter = { nodes: 0 };
  return parseSequence(buf, 0, counter);
}

function parseSequence(buf: Buffer, depth: number, counter: { nodes: number }): Tlv[] {
  if (depth > TLV_LIMITS.maxDepth) throw new NfcFormatError(`TLV nested deeper than ${TLV_LIMITS.maxDepth}`);
  const out: Tlv[] = [];
  let pos = 0;
  while (pos < buf.length) {
    const first = buf[pos]!;
    if (first === 0x00 || first === 0xff) {
      pos++;
      continue;
    }
    if (++counter.nodes > TLV_LIMITS.maxNodes)
      throw new NfcFormatError(`more than ${TLV_LIMITS.maxNodes} TLVs`);
    const tagStart = pos;
    let tag = first;
    pos++;
    if ((first & 0x1f) === 0x1f) {
      let more = true;
      while (more) {
        if (pos >= buf.length) throw new NfcFormatError('TLV truncated inside a tag');
        if (pos - tagStart >= TLV_LIMITS.maxTagBytes) throw new NfcFormatError('TLV tag longer than 4 bytes');
        const b = buf[pos++]!;
        tag = tag * 256 + b;
        more = (b & 0x80) !== 0;
      }
    }
    if (pos >= buf.length) throw new NfcFormatError(`TLV ${tag.toString(16)} truncated before its length`);
    const lenByte = buf[pos++]!;
    let length: number;
    if (lenByte < 0x80) {
      length = lenByte;
    } else {
      const n = lenByte & 0x7f;
      if (n === 0) throw new NfcFormatError('TLV indefinite length is not allowed');
      if (n > 3) throw new NfcFormatError(`TLV length of ${n} bytes is not allowed`);
      if (pos + n > buf.length)
        throw new NfcFormatError(`TLV ${tag.toString(16)} truncated inside its length`);
      length = buf.readUIntBE(pos, n);
      pos += n;
    }
    if (pos + length > buf.length) {
      throw new NfcFormatError(`TLV ${tag.toString(16)} says ${length} bytes, ${buf.length - pos} left`);
    }
    const value = buf.subarray(pos, pos + length);
    pos += length;
    const node: Tlv = { tag, value };
    if ((first & 0x20) !== 0) node.children = parseSequence(value, depth + 1, counter);
    out.push(node);
  }
  return out;
}

/** First object with `tag` in a tree, depth first. */
export function findTlv(nodes: readonly Tlv[], tag: number): Tlv | undefined {
  for (const n of nodes) {
    if (n.tag === tag) return n;
    if (n.children) {
      const hit = findTlv(n.children, tag);
      if (hit) return hit;
    }
  }
  return undefined;
}

/** Encodes one object (tags up to 4 bytes, values up to 16 MiB). */
export function encodeTlv(tag: number, value: Uint8Array): Buffer {
  const tagBytes: number[] = [];
  let t = tag;
  do {
    tagBytes.unshift(t & 0xff);
    t = Math.floor(t / 256);
  } while (t > 0);
  const len = value.length;
  let lenBytes: number[];
  if (len < 0x80) lenBytes = [len];
  else if (len < 0x100) lenBytes = [0x81, len];
  else if (len < 0x10000) lenBytes = [0x82, len >> 8, len & 0xff];
  else lenBytes = [0x83, (len >> 16) & 0xff, (len >> 8) & 0xff, len & 0xff];
  return Buffer.concat([Buffer.from(tagBytes), Buffer.from(lenBytes), value]);
}
