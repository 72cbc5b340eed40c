import { describe, expect, it } from 'vitest';
import { NfcFormatError } from '../../native/nfc/bytes.js';
import {
  decodeTextRecord,
  decodeUriRecord,
  encodeNdef,
  encodeTextRecord,
  encodeUriRecord,
  externalRecord,
  parseNdef,
  recordType,
  TNF,
} from '../../native/nfc/ndef.js';
import {
  parseNegotiateResponse,
  parseSmartTapSelect,
} from '../../native/nfc/smart-tap/smart-tap-protocol.js';

// Published Smart Tap captures (kormax/google-smart-tap README): real phone bytes, no keys.
const NEGOTIATE_REQUEST = Buffer.from(
  'd403b86e6772000194030a7365736b159a80fc8283fd00015403a0637072a8aa2bae1ba891783d8c5be8a95bf2f9e5bb90fd9d197f8b2b1a84d9cc80427501027b2e12f1a1a542084b4d01b8799380fa4cb77e530ba2305b0bf2b3e4b474fe7d0000000194034973696704304602210086e43dc483b22e51aa177ae8112ed83d399a58b41d6d8cbe900cde03c4524da5022100e94b6a919c9e097568f4efa9a7123b86b97ee44342593f8a77fc9e12e3f95ae4540305636c640401020304',
  'hex',
);
const NEGOTIATE_RESPONSE = Buffer.from(
  'd403376e727394030a7365736b159a80fc8283fd010154032164706b03dfee38dbdb68a607383ad622640b180cc7e27d796b4e788c40e5d994291c71fc',
  'hex',
);
const SELECT_SMART_TAP_REPLY = Buffer.from(
  '00000001dc0321036d646e6d646e0456d2ec8f857f0049aa54f1ca1de2791b5693a7014e6e4565d5644b1c2a305136',
  'hex',
);

describe('NDEF', () => {
  it('parses a real NEGOTIATE request three levels deep (ngr → cpr → sig, cld)', () => {
    const [ngr] = parseNdef(NEGOTIATE_REQUEST);
    expect(recordType(ngr!)).toBe('ngr');
    expect(ngr!.tnf).toBe(TNF.EXTERNAL);
    const inner = parseNdef(ngr!.payload.subarray(2));
    expect(inner.map(recordType)).toEqual(['ses', 'cpr']);
    const cpr = inner[1]!.payload;
    const nested = parseNdef(cpr.subarray(70));
    expect(nested.map(recordType)).toEqual(['sig', 'cld']);
    expect(nested[1]!.payload.toString('hex')).toBe('0401020304');
    expect(nested[0]!.payload[1]).toBe(0x30); // DER SEQUENCE after the format byte
  });

  it('parses a real NEGOTIATE answer and a real SELECT Smart Tap answer (record with an ID)', () => {
    const neg = parseNegotiateResponse(NEGOTIATE_RESPONSE);
    expect(neg.session.sequence).toBe(1);
    expect(neg.devicePublicKey.toString('hex').slice(0, 6)).toBe('03dfee');
    const sel = parseSmartTapSelect(SELECT_SMART_TAP_REPLY);
    expect(sel).toMatchObject({ minVersion: 0, maxVersion: 1 });
    expect(sel.deviceNonce.toString('hex').slice(0, 8)).toBe('56d2ec8f');
  });

  it('round-trips short and long records, IDs and every TNF but reserved', () => {
    const records = [
      encodeTextRecord('Grüße', 'de'),
      { ...externalRecord('example.com:t', Buffer.alloc(300, 1)), id: Buffer.from('id1') },
      { tnf: TNF.MEDIA, type: Buffer.from('text/plain'), payload: Buffer.from('x') },
      { tnf: TNF.UNKNOWN, type: Buffer.alloc(0), payload: Buffer.from('y') },
    ];
    const parsed = parseNdef(encodeNdef(records));
    expect(parsed).toHaveLength(4);
    expect(decodeTextRecord(parsed[0]!.payload)).toEqual({ language: 'de', text: 'Grüße' });
    expect(parsed[1]!.payload).toHaveLength(300);
    expect(parsed[1]!.id.toString()).toBe('id1');
    expect(parsed[2]!.tnf).toBe(TNF.MEDIA);
  });

  it('decodes URI abbreviations and UTF-16 text', () => {
    expect(decodeUriRecord(encodeUriRecord('https://www.example.com/t/123').payload)).toBe(
      'https://www.example.com/t/123',
    );
    expect(encodeUriRecord('https://www.example.com/x').payload[0]).toBe(0x02);
    const utf16 = Buffer.concat([Buffer.from([0x80 | 2]), Buffer.from('en'), Buffer.from('00480069', 'hex')]);
    expect(decodeTextRecord(utf16).text).toBe('Hi');
  });

  it.each([
    ['empty input', Buffer.alloc(0), /empty/],
    ['no MB on the first record', Buffer.from('5101014154', 'hex'), /lacks MB/],
    ['no ME anywhere', Buffer.from('9101014154', 'hex'), /without an ME/],
    ['payload past the end', Buffer.from('d1010a54', 'hex'), /truncated in its payload/],
    ['bytes after ME', Buffer.from('d101015441ff', 'hex'), /after the last/],
    ['chunked record', Buffer.from('f101015441', 'hex'), /chunked/],
    ['reserved TNF', Buffer.from('d7000000', 'hex'), /reserved TNF/],
  ])('refuses %s', (_n, bytes, message) => {
    expect(() => parseNdef(bytes)).toThrow(NfcFormatError);
    expect(() => parseNdef(bytes)).toThrow(message);
  });

  it('refuses invalid UTF-8 text instead of replacing it', () => {
    const bad = Buffer.concat([Buffer.from([0x02]), Buffer.from('en'), Buffer.from([0xc3, 0x28])]);
    expect(() => decodeTextRecord(bad)).toThrow(/UTF-8/);
  });
});
