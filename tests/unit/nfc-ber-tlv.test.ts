import { describe, expect, it } from 'vitest';
import { encodeTlv, findTlv, parseTlv, TLV_LIMITS } from '../../native/nfc/ber-tlv.js';
import { NfcFormatError } from '../../native/nfc/bytes.js';
import { parseOseSelect, parseVasData } from '../../native/nfc/vas/vas-protocol.js';

// Published captures of real phones (kormax/apple-vas and kormax/google-smart-tap READMEs): protocol bytes, no keys.
const IPHONE_SELECT = Buffer.from('6f1d50084170706c655061799f210201009f2404e9caede39f23040000003e', 'hex');
const IPHONE_VAS_DATA = Buffer.from(
  '70549f2a009f274ec0b77375d3f37956d84a538f28ac2a04b38ddc1a67d3647a4dd30abd736ea1cea8038388692e89db99e4746d872de782395640c536e79a75c47a9343da0af3937f06eeca7a865c4ad05a2c543ad2',
  'hex',
);
const ANDROID_SELECT = Buffer.from(
  '6f8184500a416e64726f6964506179c0020001c108cc00000000008080c22056d2ec8f857f0049aa54f1ca1de2791b5693a7014e6e4565d5644b1c2a305136c32103dfee38dbdb68a607383ad622640b180cc7e27d796b4e788c40e5d994291c71fca523bf0c20611e4f09a000000476d0000111870101730edf6d020000df4d020001df620103',
  'hex',
);

describe('BER-TLV', () => {
  it('parses an iPhone SELECT OSE answer (two-byte tags, nested template)', () => {
    const tree = parseTlv(IPHONE_SELECT);
    expect(tree).toHaveLength(1);
    expect(tree[0]!.tag).toBe(0x6f);
    expect(findTlv(tree, 0x50)!.value.toString()).toBe('ApplePay');
    expect(findTlv(tree, 0x9f23)!.value.toString('hex')).toBe('0000003e');
    expect(parseOseSelect(IPHONE_SELECT)).toMatchObject({ wallet: 'apple', vasSupported: true });
  });

  it('parses an Android OSE answer (81 long length, BF0C three-level nesting, DF6D tags)', () => {
    const info = parseOseSelect(ANDROID_SELECT);
    expect(info.wallet).toBe('google');
    if (info.wallet !== 'google') return;
    expect(info.nonce!.toString('hex')).toBe(
      '56d2ec8f857f0049aa54f1ca1de2791b5693a7014e6e4565d5644b1c2a305136',
    );
    expect(info.deviceKey!.toString('hex').slice(0, 4)).toBe('03df');
    expect(findTlv(parseTlv(ANDROID_SELECT), 0xdf4d)!.value.toString('hex')).toBe('0001');
  });

  it('finds the cryptogram in an iPhone GET VAS DATA answer (empty 9F2A before it)', () => {
    const c = parseVasData(IPHONE_VAS_DATA);
    expect(c).toHaveLength(0x4e);
    expect(c.subarray(0, 4).toString('hex')).toBe('c0b77375');
  });

  it('round-trips short, 81, 82 and 83 lengths', () => {
    for (const n of [0, 1, 127, 128, 255, 256, 65535, 65536]) {
      const v = Buffer.alloc(n, 7);
      const [node] = parseTlv(encodeTlv(0x9f27, v));
      expect(node!.tag).toBe(0x9f27);
      expect(node!.value.equals(v)).toBe(true);
    }
  });

  it.each([
    ['cut inside the value', IPHONE_SELECT.subarray(0, IPHONE_SELECT.length - 3), /says \d+ bytes/],
    ['cut inside a two-byte tag', Buffer.from('9f', 'hex'), /inside a tag/],
    ['cut before the length', Buffer.from('50', 'hex'), /before its length/],
    ['indefinite length', Buffer.from('6f80', 'hex'), /indefinite/],
    ['five-byte length', Buffer.from('5084000000010a', 'hex'), /length of 4 bytes/],
    ['cut inside a long length', Buffer.from('5082ff', 'hex'), /inside its length/],
    ['tag longer than 4 bytes', Buffer.from('9fffffff7f00', 'hex'), /longer than 4/],
  ])('refuses %s with a clear error', (_name, bytes, message) => {
    expect(() => parseTlv(bytes)).toThrow(NfcFormatError);
    expect(() => parseTlv(bytes)).toThrow(message);
  });

  it('bounds depth and node count', () => {
    let deep = encodeTlv(0x50, Buffer.from('x'));
    for (let i = 0; i <= TLV_LIMITS.maxDepth + 1; i++) deep = encodeTlv(0x70, deep);
    expect(() => parseTlv(deep)).toThrow(/deeper/);
    const many = Buffer.concat(
      Array.from({ length: TLV_LIMITS.maxNodes + 1 }, () => encodeTlv(0x50, Buffer.alloc(0))),
    );
    expect(() => parseTlv(many)).toThrow(/more than 512/);
  });

  it('skips 00/FF padding between objects', () => {
    const tree = parseTlv(
      Buffer.concat([Buffer.from([0x00, 0xff]), encodeTlv(0x50, Buffer.from('A')), Buffer.from([0x00])]),
    );
    expect(tree.map((t) => t.tag)).toEqual([0x50]);
  });
});
