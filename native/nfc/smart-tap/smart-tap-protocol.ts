import { commandApdu, selectAid } from '../apdu.js';
import { NfcFormatError } from '../bytes.js';
import { encodeNdef, externalRecord, parseNdef, recordType, strictUtf8, type NdefRecord } from '../ndef.js';

/** Smart Tap 2 AID. Byte layouts below follow Google's Smart Tap 2.1 APDU reference. */
export const SMART_TAP_AID = Buffer.from('a000000476d0000111', 'hex');
export const SELECT_SMART_TAP = selectAid(SMART_TAP_AID);
export const GET_MORE_DATA = commandApdu(0x90, 0xc0, 0x00, 0x00, undefined, 0x00);
const VERSION = Buffer.from([0x00, 0x01]);
/** Payload format byte "binary", which prefixes `mdn`, `sig` and `cld` payloads. */
const BINARY = 0x04;

/** Service types a gate asks for: event tickets and generic passes (a loyalty-only request gets 9001). */
export const SERVICE_TYPES = { ALL: 0x00, LOYALTY: 0x03, EVENT_TICKET: 0x07, GENERIC: 0x12 } as const;
/** POS capabilities: system flags (zlib supported 0x40, unattended 0x04), UI, checkout, CVM, VAS "pass only". */
export const POS_CAPABILITIES = Buffer.from([0x44, 0x00, 0x00, 0x00, 0x01]);
export const SYSTEM_ZLIB = 0x40;

/** Collector ids are 4-byte big-endian numbers; the config and Entry V1 give them as decimal strings. */
export function collectorIdBytes(collectorId: string): Buffer {
  if (!/^\d{1,10}$/.test(collectorId)) throw new NfcFormatError('collector id must be a decimal number');
  const n = Number(collectorId);
  if (n > 0xffffffff) throw new NfcFormatError('collector id does not fit in 4 bytes');
  const b = Buffer.alloc(4);
  b.writeUInt32BE(n);
  return b;
}

function nested(records: readonly NdefRecord[], type: string): NdefRecord | undefined {
  return records.find((r) => recordType(r) === type);
}

function need(records: readonly NdefRecord[], type: string, where: string): NdefRecord {
  const r = nested(records, type);
  if (!r) throw new NfcFormatError(`${where} has no '${type}' record`);
  return r;
}

/** SELECT Smart Tap 2 answer: min version(2) ‖ max version(2) ‖ NDEF{mdn: 04 ‖ device nonce(32)}. */
export function parseSmartTapSelect(data: Buffer): {
  minVersion: number;
  maxVersion: number;
  deviceNonce: Buffer;
} {
  if (data.length < 4) throw new NfcFormatError('SELECT Smart Tap reply is too short');
  const minVersion = data.readUInt16BE(0);
  const maxVersion = data.readUInt16BE(2);
  const mdn = need(parseNdef(data.subarray(4)), 'mdn', 'SELECT Smart Tap reply');
  if (mdn.payload.length !== 33) throw new NfcFormatError('device nonce is not 32 bytes');
  return { minVersion, maxVersion, deviceNonce: Buffer.from(mdn.payload.subarray(1)) };
}

export function sessionRecord(sessionId: Buffer, sequence: number, status = 0x01): NdefRecord {
  return externalRecord('ses', Buffer.concat([sessionId, Buffer.from([sequence & 0xff, status])]));
}

export interface SessionInfo {
  sessionId: Buffer;
  sequence: number;
  status: number;
}

export function parseSession(record: NdefRecord): SessionInfo {
  if (record.payload.length !== 10) throw new NfcFormatError('session record is not 10 bytes');
  return {
    sessionId: record.payload.subarray(0, 8),
    sequence: record.payload[8]!,
    status: record.payload[9]!,
  };
}

/** NEGOTIATE SECURE SESSION (90 53): NDEF{ngr: 0001 ‖ NDEF{ses, cpr}}. */
export function negotiateCommand(p: {
  sessionId: Buffer;
  sequence: number;
  readerNonce: Buffer;
  readerEphemeralPublic: Buffer;
  keyVersion: number;
  signatureDer: Buffer;
  collectorId: Buffer;
}): Buffer {
  const keyVersion = Buffer.alloc(4);
  keyVersion.writeUInt32BE(p.keyVersion >>> 0);
  const sigAndCollector = encodeNdef([
    externalRecord('sig', Buffer.concat([Buffer.from([BINARY]), p.signatureDer])),
    externalRecord('cld', Buffer.concat([Buffer.from([BINARY]), p.collectorId])),
  ]);
  const cpr = externalRecord(
    'cpr',
    Buffer.concat([p.readerNonce, Buffer.from([0x01]), p.readerEphemeralPublic, keyVersion, sigAndCollector]),
  );
  const inner = encodeNdef([sessionRecord(p.sessionId, p.sequence), cpr]);
  const ngr = encodeNdef([externalRecord('ngr', Buffer.concat([VERSION, inner]))]);
  return commandApdu(0x90, 0x53, 0x00, 0x00, ngr, 0x00);
}

/** NEGOTIATE answer: NDEF{nrs: NDEF{ses, dpk(33)}}. */
export function parseNegotiateResponse(data: Buffer): { session: SessionInfo; devicePublicKey: Buffer } {
  const nrs = need(parseNdef(data), 'nrs', 'NEGOTIATE reply');
  const inner = parseNdef(nrs.payload);
  const session = parseSession(need(inner, 'ses', 'NEGOTIATE reply'));
  const dpk = need(inner, 'dpk', 'NEGOTIATE reply').payload;
  if (dpk.length !== 33 || (dpk[0] !== 0x02 && dpk[0] !== 0x03)) {
    throw new NfcFormatError('device key is not a compressed P-256 point');
  }
  return { session, devicePublicKey: Buffer.from(dpk) };
}

/** GET DATA (90 50): NDEF{srq: 0001 ‖ NDEF{ses, mer{cld}, slr{str…}, pcr}}. */
export function getDataCommand(p: {
  sessionId: Buffer;
  sequence: number;
  collectorId: Buffer;
  serviceTypes: readonly number[];
}): Buffer {
  const mer = externalRecord(
    'mer',
    encodeNdef([externalRecord('cld', Buffer.concat([Buffer.from([BINARY]), p.collectorId]))]),
  );
  const slr = externalRecord(
    'slr',
    encodeNdef(p.serviceTypes.map((t) => externalRecord('str', Buffer.from([t])))),
  );
  const pcr = externalRecord('pcr', POS_CAPABILITIES);
  const inner = encodeNdef([sessionRecord(p.sessionId, p.sequence), mer, slr, pcr]);
  const srq = encodeNdef([externalRecord('srq', Buffer.concat([VERSION, inner]))]);
  return commandApdu(0x90, 0x50, 0x00, 0x00, srq, 0x00);
}

/** GET DATA answer (all pages joined): NDEF{srs: NDEF{ses, reb: flag ‖ IV(12) ‖ ciphertext ‖ HMAC(32)}}. */
export function parseServiceResponse(data: Buffer): { session: SessionInfo; flag: number; bundle: Buffer } {
  const srs = need(parseNdef(data), 'srs', 'GET DATA reply');
  const inner = parseNdef(srs.payload);
  const session = parseSession(need(inner, 'ses', 'GET DATA reply'));
  const reb = need(inner, 'reb', 'GET DATA reply').payload;
  if (reb.length < 1 + 12 + 1 + 32) throw new NfcFormatError('record bundle is too short');
  return { session, flag: reb[0]!, bundle: reb.subarray(1) };
}

/** Wallet object types a decrypted bundle may carry (kormax/google-smart-tap record table). */
const OBJECT_TYPES = new Set(['et', 'gr', 'ly', 'of', 'gc', 'fl', 'tr', 'pl']);

/**
 * The pass value from a decrypted bundle: NDEF{asv: NDEF{<object>: NDEF{…, n: format ‖ value}}}. The
 * `n` (service number) record is the pass's barcode value. Formats 00–02 are text; 04 binary and 05 BCD
 * become upper-case hex.
 */
export function extractPassValue(plain: Buffer): { objectType: string; value: string } {
  for (const asv of parseNdef(plain).filter((r) => recordType(r) === 'asv')) {
    for (const obj of parseNdef(asv.payload)) {
      const objectType = recordType(obj);
      if (!OBJECT_TYPES.has(objectType)) continue;
      const n = parseNdef(obj.payload).find((r) => recordType(r) === 'n' || r.id.toString('latin1') === 'n');
      if (!n || n.payload.length < 2) continue;
      const format = n.payload[0]!;
      const body = n.payload.subarray(1);
      if (format === 0x04 || format === 0x05)
        return { objectType, value: body.toString('hex').toUpperCase() };
      try {
        return { objectType, value: strictUtf8(body) };
      } catch {
        continue;
      }
    }
  }
  throw new NfcFormatError('no pass value (asv → object → n) in the reply');
}
