import { NfcFormatError } from './bytes.js';

/** NDEF type name formats (NFC Forum NDEF 1.0). */
export const TNF = {
  EMPTY: 0,
  WELL_KNOWN: 1,
  MEDIA: 2,
  ABSOLUTE_URI: 3,
  EXTERNAL: 4,
  UNKNOWN: 5,
  UNCHANGED: 6,
} as const;

export interface NdefRecord {
  tnf: number;
  type: Buffer;
  id: Buffer;
  payload: Buffer;
}

/** Bounds: a tag or a wallet reply holds a handful of records; anything above is refused. */
export const NDEF_LIMITS = { maxRecords: 64, maxMessageBytes: 64 * 1024 } as const;

const MB = 0x80;
const ME = 0x40;
const CF = 0x20;
const SR = 0x10;
const IL = 0x08;

/**
 * Parses one NDEF message (short and long records, IDs, every TNF). Chunked records are refused (no
 * wallet or ticket tag uses them), as are messages without MB on the first and ME on the last record,
 * and bytes after ME. Throws NfcFormatError; never reads past the input.
 */
export function parseNdef(input: Uint8Array): NdefRecord[] {
  const buf = Buffer.from(input.buffer, input.byteOffset, input.byteLength);
  if (buf.length === 0) throw new NfcFormatError('empty NDEF message');
  if (buf.length > NDEF_LIMITS.maxMessageBytes) throw new NfcFormatError('NDEF message larger than 64 KiB');
  const records: NdefRecord[] = [];
  let pos = 0;
  for (;;) {
    if (records.length >= NDEF_LIMITS.maxRecords) throw new NfcFormatError('more than 64 NDEF records');
    const header = buf[pos];
    if (header === undefined) throw new NfcFormatError('NDEF message ends without an ME record');
    pos++;
    if (records.length === 0 && (header & MB) === 0) throw new NfcFormatError('first NDEF record lacks MB');
    if (records.length > 0 && (header & MB) !== 0) throw new NfcFormatError('MB set on a later NDEF record');
    if (header & CF) throw new NfcFormatError('chunked NDEF records are not supported');
    const tnf = header & 0x07;
    if (tnf === 7) throw new NfcFormatError('reserved TNF 7');
    const need = (n: number, what: string) => {
      if (pos + n > buf.length) throw new NfcFormatError(`NDEF record truncated in its ${what}`);
    };
    need(1, 'type length');
    const typeLength = buf[pos++]!;
    let payloadLength: number;
    if (header & SR) {
      need(1, 'payload length');
      payloadLength = buf[pos++]!;
    } else {
      need(4, 'payload length');
      payloadLength = buf.readUInt32BE(pos);
      pos += 4;
    }
    let idLength = 0;
    if (header & IL) {
      need(1, 'id length');
      idLength = buf[pos++]!;
    }
    if (tnf === TNF.EMPTY && (typeLength !== 0 || idLength !== 0 || payloadLength !== 0)) {
      throw new NfcFormatError('empty NDEF record with content');
    }
    need(typeLength, 'type');
    const type = buf.subarray(pos, pos + typeLength);
    pos += typeLength;
    need(idLength, 'id');
    const id = buf.subarray(pos, pos + idLength);
    pos += idLength;
    need(payloadLength, 'payload');
    const payload = buf.subarray(pos, pos + payloadLength);
    pos += payloadLength;
    records.push({ tnf, type, id, payload });
    if (header & ME) {
      if (pos !== buf.length)
        throw new NfcFormatError(`${buf.length - pos} byte(s) after the last NDEF record`);
      return records;
    }
  }
}

/** Encodes records as one message; short form where the payload fits in 255 bytes. */
export type NdefRecordInput = Pick<NdefRecord, 'tnf' | 'type' | 'payload'> & { id?: Buffer };

export function encodeNdef(records: readonly NdefRecordInput[]): Buffer {
  if (records.length === 0) throw new NfcFormatError('an NDEF message needs at least one record');
  const parts: Buffer[] = [];
  records.forEach((r, i) => {
    const id = r.id ?? Buffer.alloc(0);
    const short = r.payload.length < 256;
    let header = r.tnf & 0x07;
    if (i === 0) header |= MB;
    if (i === records.length - 1) header |= ME;
    if (short) header |= SR;
    if (id.length > 0) header |= IL;
    const len = short ? Buffer.from([r.payload.length]) : Buffer.alloc(4);
    if (!short) len.writeUInt32BE(r.payload.length);
    parts.push(Buffer.from([header, r.type.length]), len);
    if (id.length > 0) parts.push(Buffer.from([id.length]));
    parts.push(r.type, id, r.payload);
  });
  return Buffer.concat(parts);
}

/** An external-type (TNF 4) record, the shape every Smart Tap record has. */
export function externalRecord(type: string, payload: Uint8Array): NdefRecord {
  return {
    tnf: TNF.EXTERNAL,
    type: Buffer.from(type, 'ascii'),
    id: Buffer.alloc(0),
    payload: Buffer.from(payload),
  };
}

export function recordType(r: NdefRecord): string {
  return r.type.toString('latin1');
}

/** The text of an NFC Forum Text record (`T`): status byte (UTF-16 flag, language length), language, text. */
export function decodeTextRecord(payload: Buffer): { language: string; text: string } {
  if (payload.length < 1) throw new NfcFormatError('text record without a status byte');
  const status = payload[0]!;
  const langLength = status & 0x3f;
  if (1 + langLength > payload.length) throw new NfcFormatError('text record language runs past its payload');
  const language = payload.subarray(1, 1 + langLength).toString('ascii');
  const body = payload.subarray(1 + langLength);
  const text = status & 0x80 ? decodeUtf16(body) : strictUtf8(body);
  return { language, text };
}

const URI_PREFIXES = [
  '',
  'http://www.',
  'https://www.',
  'http://',
  'https://',
  'tel:',
  'mailto:',
  'ftp://anonymous:anonymous@',
  'ftp://ftp.',
  'ftps://',
  'sftp://',
  'smb://',
  'nfs://',
  'ftp://',
  'dav://',
  'news:',
  'telnet://',
  'imap:',
  'rtsp://',
  'urn:',
  'pop:',
  'sip:',
  'sips:',
  'tftp:',
  'btspp://',
  'btl2cap://',
  'btgoep://',
  'tcpobex://',
  'irdaobex://',
  'file://',
  'urn:epc:id:',
  'urn:epc:tag:',
  'urn:epc:pat:',
  'urn:epc:raw:',
  'urn:epc:',
  'urn:nfc:',
];

/** The URI of an NFC Forum URI record (`U`): prefix code, then the rest in UTF-8. */
export function decodeUriRecord(payload: Buffer): string {
  if (payload.length < 1) throw new NfcFormatError('URI record without a prefix byte');
  const prefix = URI_PREFIXES[payload[0]!];
  if (prefix === undefined) throw new NfcFormatError(`URI prefix code ${payload[0]} is reserved`);
  return prefix + strictUtf8(payload.subarray(1));
}

export function encodeTextRecord(text: string, language = 'en'): NdefRecord {
  const lang = Buffer.from(language, 'ascii');
  const payload = Buffer.concat([Buffer.from([lang.length & 0x3f]), lang, Buffer.from(text, 'utf8')]);
  return { tnf: TNF.WELL_KNOWN, type: Buffer.from('T'), id: Buffer.alloc(0), payload };
}

export function encodeUriRecord(uri: string): NdefRecord {
  // Use the longest matching abbreviation, as writers do.
  let code = 0;
  URI_PREFIXES.forEach((p, i) => {
    if (p && uri.startsWith(p) && p.length > (URI_PREFIXES[code] ?? '').length) code = i;
  });
  const rest = uri.slice((URI_PREFIXES[code] ?? '').length);
  const payload = Buffer.concat([Buffer.from([code]), Buffer.from(rest, 'utf8')]);
  return { tnf: TNF.WELL_KNOWN, type: Buffer.from('U'), id: Buffer.alloc(0), payload };
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

/** UTF-8 that refuses invalid sequences instead of replacing them (a garbled read is not a token). */
export function strictUtf8(bytes: Uint8Array): string {
  try {
    return utf8.decode(bytes);
  } catch {
    throw new NfcFormatError('text is not valid UTF-8');
  }
}

function decodeUtf16(bytes: Buffer): string {
  if (bytes.length % 2 !== 0) throw new NfcFormatError('UTF-16 text of odd length');
  const bigEndian = !(bytes[0] === 0xff && bytes[1] === 0xfe);
  const body = bytes[0] === 0xff || bytes[0] === 0xfe ? bytes.subarray(2) : bytes;
  const copy = Buffer.from(body);
  if (bigEndian) copy.swap16();
  return copy.toString('utf16le');
}
