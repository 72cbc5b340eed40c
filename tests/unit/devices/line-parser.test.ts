import { describe, expect, it } from 'vitest';
import { LineParser, type LineEvent, type LineParserOptions } from '../../../native/barcode/line-parser';
import { ascii, hex, splits, utf8 } from './split-helpers';

function run(options: LineParserOptions, chunks: Uint8Array[], gapMs = 1): LineEvent[] {
  const parser = new LineParser(options);
  const events: LineEvent[] = [];
  chunks.forEach((chunk, i) => events.push(...parser.push(chunk, 1000 + i * gapMs)));
  events.push(...parser.flush(1000 + chunks.length * gapMs + 10_000));
  return events;
}

const reads = (events: LineEvent[]) => events.flatMap((e) => (e.kind === 'read' ? [e.read] : []));

describe('LineParser', () => {
  it('strips an AIM id, maps ]Q to QRCode and keeps the exact id, at every split point', () => {
    const bytes = utf8(']Q1TICKET-ÄÖ-42\r]C0ABC123\r');
    for (const chunks of splits(bytes)) {
      expect(reads(run({ terminator: 'CR', aimIds: true }, chunks))).toEqual([
        { text: 'TICKET-ÄÖ-42', barcodeType: 'QRCode', symbology: ']Q1' },
        { text: 'ABC123', barcodeType: 'Barcode', symbology: ']C0' },
      ]);
    }
  });

  it('keeps a leading ] when AIM ids are off, and text without an id when they are on', () => {
    expect(reads(run({ terminator: 'CR', aimIds: false }, [ascii(']Q1X\r')]))).toEqual([
      { text: ']Q1X', barcodeType: 'Barcode' },
    ]);
    expect(reads(run({ terminator: 'CR', aimIds: true }, [ascii('PLAIN\r')]))).toEqual([
      { text: 'PLAIN', barcodeType: 'Barcode' },
    ]);
  });

  it.each([
    ['CR', 'A1\rB2\r'],
    ['CR', 'A1\r\nB2\r\n'],
    ['LF', 'A1\nB2\n'],
    ['LF', 'A1\r\nB2\r\n'],
    ['CRLF', 'A1\r\nB2\r\n'],
  ] as const)('terminator %s splits %j into two reads at every split point', (terminator, text) => {
    for (const chunks of splits(ascii(text))) {
      expect(reads(run({ terminator, aimIds: false }, chunks)).map((r) => r.text)).toEqual(['A1', 'B2']);
    }
  });

  it('with no terminator ends a read at the idle gap and stamps it with its last byte', () => {
    const parser = new LineParser({ terminator: 'none', aimIds: false, idleGapMs: 50 });
    expect(parser.push(ascii('ABC'), 100)).toEqual([]);
    expect(parser.push(ascii('DEF'), 120)).toEqual([]);
    expect(parser.deadline()).toBe(170);
    expect(parser.flush(169)).toEqual([]);
    expect(parser.flush(170)).toEqual([
      { kind: 'read', read: { text: 'ABCDEF', barcodeType: 'Barcode' }, bytes: 6, atMs: 120 },
    ]);
    // A new read after a gap is separate even if flush was never called in between.
    parser.push(ascii('X1'), 500);
    expect(parser.push(ascii('Y2'), 600)).toEqual([
      { kind: 'read', read: { text: 'X1', barcodeType: 'Barcode' }, bytes: 2, atMs: 500 },
    ]);
  });

  it('drops a 1 MB line with no terminator, counts it once, and reads the next line', () => {
    const parser = new LineParser({ terminator: 'CR', aimIds: false });
    const big = new Uint8Array(1 << 20).fill(0x41);
    const events: LineEvent[] = [];
    for (let i = 0; i < big.length; i += 4096) events.push(...parser.push(big.subarray(i, i + 4096), 1000));
    events.push(...parser.push(ascii('\rOK1\r'), 1000));
    expect(events).toEqual([
      { kind: 'dropped', reason: 'too-long', bytes: 1 << 20 },
      { kind: 'read', read: { text: 'OK1', barcodeType: 'Barcode' }, bytes: 3, atMs: 1000 },
    ]);
    expect(parser.drops.counts.byReason).toEqual({ 'too-long': 1 });
  });

  it('accepts a line exactly at the limit and drops one byte more', () => {
    const parser = new LineParser({ terminator: 'CR', aimIds: false, maxLineBytes: 8 });
    expect(reads(parser.push(ascii('12345678\r'), 0))).toEqual([
      { text: '12345678', barcodeType: 'Barcode' },
    ]);
    expect(parser.push(ascii('123456789\r'), 0)).toEqual([{ kind: 'dropped', reason: 'too-long', bytes: 9 }]);
  });

  it('drops invalid UTF-8 and NUL bytes, counted by reason', () => {
    const parser = new LineParser({ terminator: 'CR', aimIds: false });
    const events = parser.push(Uint8Array.of(0x41, 0xc3, 0x28, 0x0d, 0x41, 0x00, 0x42, 0x0d, 0x43, 0x0d), 0);
    expect(events.map((e) => e.kind === 'dropped' && e.reason)).toEqual(['invalid-utf8', 'nul-byte', false]);
    expect(reads(events)).toEqual([{ text: 'C', barcodeType: 'Barcode' }]);
    expect(parser.drops.counts).toEqual({
      frames: 2,
      bytes: 6,
      byReason: { 'invalid-utf8': 1, 'nul-byte': 1 },
    });
  });

  it('drops a stale partial line so it cannot prefix the next read', () => {
    const parser = new LineParser({ terminator: 'CR', aimIds: false, staleMs: 1000 });
    parser.push(ascii('HALF'), 0);
    const events = parser.push(ascii('WHOLE\r'), 5000);
    expect(events).toEqual([
      { kind: 'dropped', reason: 'stale-partial', bytes: 4 },
      { kind: 'read', read: { text: 'WHOLE', barcodeType: 'Barcode' }, bytes: 5, atMs: 5000 },
    ]);
  });

  it('keeps the GS separator of GS1 codes (the pipeline decides about control characters)', () => {
    expect(reads(run({ terminator: 'CR', aimIds: true }, [ascii(']C1010123\x1d10ABC\r')]))).toEqual([
      { text: '010123\x1d10ABC', barcodeType: 'Barcode', symbology: ']C1' },
    ]);
  });

  it('recognises Honeywell menu replies between reads at every split point', () => {
    const bytes = ascii('AB12\rBEPLVL2\x06!CD34\r');
    for (const chunks of splits(bytes)) {
      const events = run({ terminator: 'CR', aimIds: false, honeywellReplies: true }, chunks);
      expect(
        events.map((e) => (e.kind === 'read' ? e.read.text : e.kind === 'reply' ? 'reply' : e.kind)),
      ).toEqual(['AB12', 'reply', 'CD34']);
    }
  });

  it('recognises Newland STX…ETX replies between reads at every split point', () => {
    const bytes = hex('41 31 0d 02 01 30 30 30 30 23 53 43 4e 4d 4f 44 30 06 3b 03 42 32 0d');
    for (const chunks of splits(bytes)) {
      const events = run({ terminator: 'CR', aimIds: false, stxEtxReplies: true }, chunks);
      expect(events.map((e) => (e.kind === 'read' ? e.read.text : e.kind))).toEqual(['A1', 'reply', 'B2']);
    }
  });
});
