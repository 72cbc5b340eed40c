import { describe, expect, it } from 'vitest';
import {
  decodeMenuReply,
  encodeMenuCommand,
  HONEYWELL_TRIGGER_ON,
} from '../../../native/barcode/honeywell-serial';
import {
  decodeNewlandReply,
  encodeNewlandCommand,
  NEWLAND_TRIGGER_OFF,
} from '../../../native/barcode/newland';
import {
  encodeSsi,
  SSI,
  SSI_HOST_ACK,
  SsiParser,
  ssiDecodeToRead,
  ssiHostCommand,
  type SsiEvent,
} from '../../../native/barcode/zebra-ssi';
import {
  HidPosParser,
  honeywellReport,
  newlandReport,
  type HidPosEvent,
} from '../../../native/barcode/hid-pos';
import { encodeLcus, LcusReplyParser } from '../../../native/relay/lcus';
import { dcttechCommand, decodeDcttechStatus } from '../../../native/relay/dcttech';
import { ascii, hex, splits, utf8 } from './split-helpers';

describe('Zebra SSI framing', () => {
  it('matches the documented host ACK and engine ACK bytes', () => {
    expect([...SSI_HOST_ACK]).toEqual([...hex('04 D0 04 00 FF 28')]);
    expect([...encodeSsi({ opcode: SSI.CMD_ACK, source: 0, status: 0, data: new Uint8Array() })]).toEqual([
      ...hex('04 D0 00 00 FF 2C'),
    ]);
    expect([...ssiHostCommand(SSI.SCAN_ENABLE)]).toEqual([...hex('04 E9 04 00 FF 0F')]);
  });

  it('parses a recorded DECODE_DATA (QR) at every split point, with garbage before it', () => {
    const frame = encodeSsi({
      opcode: SSI.DECODE_DATA,
      source: 0,
      status: 0,
      data: Uint8Array.of(0x1c, ...ascii('T-1')),
    });
    const bytes = Uint8Array.of(0x00, 0x01, ...frame);
    for (const chunks of splits(bytes)) {
      const parser = new SsiParser();
      const events: SsiEvent[] = chunks.flatMap((c) => parser.push(c, 0));
      const frames = events.filter((e) => e.kind === 'frame');
      expect(frames).toHaveLength(1);
      const only = frames[0]!;
      if (only.kind !== 'frame') throw new Error('unreachable');
      expect(ssiDecodeToRead(only.frame.data)).toEqual({
        text: 'T-1',
        barcodeType: 'QRCode',
        symbology: 'ssi:0x1C',
      });
      // The two garbage bytes make one bad-frame event (one NAK), not two.
      expect(events.filter((e) => e.kind === 'bad-frame')).toHaveLength(1);
    }
  });

  it('reports a checksum error once and finds the next good frame', () => {
    const good = encodeSsi({
      opcode: SSI.DECODE_DATA,
      source: 0,
      status: 0,
      data: Uint8Array.of(0x03, ...ascii('X9')),
    });
    const bad = good.slice();
    bad[bad.length - 1] = bad[bad.length - 1]! ^ 0x55;
    const parser = new SsiParser();
    const events = parser.push(Uint8Array.of(...bad, ...good), 0);
    expect(events.map((e) => e.kind)).toEqual(['bad-frame', 'frame']);
    expect(parser.drops.counts.bytes).toBe(bad.length);
  });

  it('drops a partial frame that went stale', () => {
    const good = encodeSsi({
      opcode: SSI.DECODE_DATA,
      source: 0,
      status: 0,
      data: Uint8Array.of(0x03, ...ascii('X9')),
    });
    const parser = new SsiParser(500);
    expect(parser.push(good.subarray(0, 5), 0)).toEqual([]);
    expect(parser.push(good, 1000).map((e) => e.kind)).toEqual(['frame']);
    expect(parser.drops.counts.byReason['stale-partial']).toBe(1);
  });
});

describe('Honeywell serial commands', () => {
  it('encodes menu commands and the trigger', () => {
    expect(String.fromCharCode(...encodeMenuCommand(['BEPLVL2', 'TRGMOD0'], 'saved'))).toBe(
      '\x16M\rBEPLVL2;TRGMOD0.',
    );
    expect([...HONEYWELL_TRIGGER_ON]).toEqual([0x16, 0x54, 0x0d]);
    expect(() => encodeMenuCommand('bad!')).toThrow(/not a Honeywell menu command/);
  });

  it('decodes ACK, ENQ and NAK replies per command', () => {
    expect(decodeMenuReply(ascii('BEPLVL2\x06;XXXYYY\x05;TRGMOD9\x15!'))).toEqual({
      persistence: 'temporary',
      results: [
        { command: 'BEPLVL2', status: 'ack' },
        { command: 'XXXYYY', status: 'enq' },
        { command: 'TRGMOD9', status: 'nak' },
      ],
    });
    expect(decodeMenuReply(ascii('NOSTATUS!'))).toBeUndefined();
  });
});

describe('Newland command mode', () => {
  it('encodes a command frame and decodes the engine reply', () => {
    expect([...encodeNewlandCommand('SCNMOD0')]).toEqual([
      ...hex('7E 01 30 30 30 30 23 53 43 4E 4D 4F 44 30 3B 03'),
    ]);
    expect([...NEWLAND_TRIGGER_OFF]).toEqual([0x01, 0x50, 0x04]);
    expect(decodeNewlandReply(hex('02 01 30 30 30 30 40 53 43 4e 4d 4f 44 30 15 3b 03'))).toEqual({
      command: 'SCNMOD0',
      status: 'nak',
      persistence: 'saved',
    });
    expect(decodeNewlandReply(hex('02 01 30 30 30 30 40 03'))).toBeUndefined();
  });
});

describe('HID POS reports', () => {
  // A Honeywell Voyager in HID POS mode, a QR read of 70 bytes in two reports (report id kept in byte 0).
  const text = 'https://tickets.example/t/3900000000000123?sig=abcdefghijklmnopqrstuv01234';
  const data = utf8(text);

  it('joins a Honeywell multi-report read and keeps the AIM id', () => {
    const parser = new HidPosParser('honeywell');
    const first = honeywellReport(data.subarray(0, 56), ']Q1', 0x73, true);
    const second = honeywellReport(data.subarray(56), ']Q1', 0x73, false);
    expect(parser.push(first, 10)).toEqual([]);
    const events = parser.push(second, 12);
    expect(events).toEqual([
      { kind: 'read', read: { text, barcodeType: 'QRCode', symbology: ']Q1' }, reports: 2, atMs: 12 },
    ]);
  });

  it('drops a Honeywell read whose continuation never comes', () => {
    const parser = new HidPosParser('honeywell', 200);
    parser.push(honeywellReport(data.subarray(0, 56), ']Q1', 0x73, true), 0);
    expect(parser.flush(300)).toEqual([{ kind: 'dropped', reason: 'bad-report', bytes: 56 }]);
  });

  it('joins Newland reports: a full report continues, a shorter one ends the read', () => {
    const parser = new HidPosParser('newland');
    expect(parser.push(newlandReport(data.subarray(0, 56), 0x51), 0)).toEqual([]);
    const events = parser.push(newlandReport(data.subarray(56), 0x51), 1) as HidPosEvent[];
    expect(events).toEqual([
      {
        kind: 'read',
        read: { text, barcodeType: 'Barcode', symbology: 'newland:0x51' },
        reports: 2,
        atMs: 1,
      },
    ]);
  });

  it('ignores other report ids, drops malformed data reports', () => {
    const parser = new HidPosParser('honeywell');
    expect(parser.push(Uint8Array.of(0x04, 1, 2, 3), 0)).toEqual([]);
    expect(parser.push(Uint8Array.of(0x02, 99, 0), 0)).toEqual([
      { kind: 'dropped', reason: 'bad-report', bytes: 3 },
    ]);
  });
});

describe('LCUS relay', () => {
  it('encodes the documented frames', () => {
    expect([...encodeLcus(1, true)]).toEqual([...hex('A0 01 01 A2')]);
    expect([...encodeLcus(1, false)]).toEqual([...hex('A0 01 00 A1')]);
    expect([...encodeLcus(2, true)]).toEqual([...hex('A0 02 01 A3')]);
    expect(() => encodeLcus(9, true)).toThrow(/out of 1…8/);
  });

  it('parses status lines and echoes at every split point, dropping junk', () => {
    const bytes = Uint8Array.of(
      ...ascii('CH1:ON\r\nCH2:OFF\r\n'),
      ...hex('A0 01 00 A1'),
      ...ascii('junk\r\n'),
    );
    for (const chunks of splits(bytes)) {
      const parser = new LcusReplyParser();
      const events = chunks.flatMap((c) => parser.push(c));
      expect(events).toEqual([
        { kind: 'status', channel: 1, on: true },
        { kind: 'status', channel: 2, on: false },
        { kind: 'echo', channel: 1, on: false },
        { kind: 'dropped', bytes: 4 },
      ]);
    }
  });
});

describe('dcttech relay', () => {
  it('encodes feature reports and decodes the status bitmask', () => {
    expect([...dcttechCommand(2, true)]).toEqual([0, 0xff, 2, 0, 0, 0, 0, 0, 0]);
    expect([...dcttechCommand('all', false)]).toEqual([0, 0xfc, 0, 0, 0, 0, 0, 0, 0]);
    expect(decodeDcttechStatus(Uint8Array.of(0, ...ascii('QWERT'), 0, 0, 0b101))).toEqual({
      serial: 'QWERT',
      on: [1, 3],
    });
    expect(decodeDcttechStatus(Uint8Array.of(0, 1))).toBeUndefined();
  });
});
