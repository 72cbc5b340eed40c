import { describe, expect, it } from 'vitest';
import { fuzzApduReplies, fuzzNdef, fuzzTlv } from '../fuzz/nfc-fuzz.js';

// The short form of tests/fuzz/nfc-fuzz.ts (the full run is 100,000 inputs per family): a fixed seed, so
// a crash found here replays exactly.
describe('NFC parsers under malformed input (short fuzz run)', () => {
  it('BER-TLV: no crash', () => {
    expect(fuzzTlv(3000, 1).crashes).toEqual([]);
  });
  it('NDEF and Smart Tap records: no crash', () => {
    expect(fuzzNdef(3000, 2).crashes).toEqual([]);
  });
  it('APDU replies through the whole card session: never throws', async () => {
    expect((await fuzzApduReplies(2000, 3)).crashes).toEqual([]);
  });
});
