import { commandApdu, describeStatus, SW, swHex } from './apdu.js';
import { NfcFormatError } from './bytes.js';
import type { MeteredChannel } from './card-channel.js';
import { decodeTextRecord, decodeUriRecord, parseNdef, TNF } from './ndef.js';
import { failure, type CardRead } from './read-result.js';

/** PC/SC pseudo-APDU "get data: UID" (PC/SC part 3); the reader answers it, not the card. */
export const GET_UID = commandApdu(0xff, 0xca, 0x00, 0x00, undefined, 0x00);

/** PC/SC READ BINARY of 16 bytes (4 NTAG pages) from `page`. */
export function readPages(page: number): Buffer {
  return commandApdu(0xff, 0xb0, 0x00, page & 0xff, undefined, 0x10);
}

/** NTAG216 has 888 user bytes; no Type 2 tag has more than 1 KiB worth reading here. */
const MAX_TAG_BYTES = 1024;

export async function readUid(ch: MeteredChannel): Promise<CardRead> {
  const r = await ch.exchange(GET_UID);
  if (r.sw !== SW.OK)
    return failure(
      'plain',
      'NFC-NOT-ACCEPTED',
      `the reader gave no UID (${swHex(r.sw)} ${describeStatus(r.sw)})`,
    );
  if (![4, 7, 10].includes(r.data.length))
    return failure('plain', 'NFC-BAD-REPLY', `UID of ${r.data.length} bytes`);
  return {
    ok: true,
    kind: 'uid',
    token: r.data.toString('hex').toUpperCase(),
    detail: `ISO 14443 UID (${r.data.length} bytes)`,
  };
}

/**
 * Reads the NDEF message of an NFC Forum Type 2 tag (NTAG, Ultralight): capability container on page 3,
 * TLVs from page 4, the first NDEF TLV (03). Returns undefined for a tag without NDEF.
 */
export async function readType2Ndef(ch: MeteredChannel): Promise<Buffer | undefined> {
  const head = await ch.exchange(readPages(0));
  if (head.sw !== SW.OK || head.data.length < 16) return undefined;
  const cc = head.data.subarray(12, 16);
  if (cc[0] !== 0xe1) return undefined;
  const size = Math.min(cc[2]! * 8, MAX_TAG_BYTES);
  const chunks: Buffer[] = [];
  let have = 0;
  for (let page = 4; have < size; page += 4) {
    const r = await ch.exchange(readPages(page));
    if (r.sw !== SW.OK || r.data.length !== 16)
      throw new NfcFormatError(`READ BINARY page ${page}: ${swHex(r.sw)}`);
    chunks.push(r.data);
    have += 16;
    const found = findNdefTlv(Buffer.concat(chunks));
    if (found !== 'more') return found;
  }
  const last = findNdefTlv(Buffer.concat(chunks).subarray(0, size));
  if (last === 'more') throw new NfcFormatError('NDEF TLV runs past the tag memory');
  return last;
}

/** Walks Type 2 TLVs: undefined = no NDEF (terminator), 'more' = need more bytes. */
function findNdefTlv(area: Buffer): Buffer | undefined | 'more' {
  let pos = 0;
  while (pos < area.length) {
    const t = area[pos]!;
    if (t === 0x00) {
      pos++;
      continue;
    }
    if (t === 0xfe) return undefined;
    if (pos + 1 >= area.length) return 'more';
    let len = area[pos + 1]!;
    let head = 2;
    if (len === 0xff) {
      if (pos + 3 >= area.length) return 'more';
      len = area.readUInt16BE(pos + 2);
      head = 4;
    }
    if (pos + head + len > area.length) return 'more';
    if (t === 0x03) return area.subarray(pos + head, pos + head + len);
    pos += head + len;
  }
  return 'more';
}

/** The first Text or URI record of a message, as a token. */
export function ndefToken(message: Buffer): CardRead {
  for (const r of parseNdef(message)) {
    if (r.tnf !== TNF.WELL_KNOWN) continue;
    const type = r.type.toString('latin1');
    if (type === 'T') {
      const { text } = decodeTextRecord(r.payload);
      if (text.length > 0) return { ok: true, kind: 'ndef-text', token: text, detail: 'NDEF text record' };
    }
    if (type === 'U') {
      const uri = decodeUriRecord(r.payload);
      if (uri.length > 0) return { ok: true, kind: 'ndef-uri', token: uri, detail: 'NDEF URI record' };
    }
  }
  return failure('plain', 'NFC-NOT-ACCEPTED', 'the tag holds no text or URI record');
}
