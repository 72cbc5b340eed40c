import { afterEach, describe, expect, it } from 'vitest';
import { FakeSerialBus } from '../../../native/transport/fake-serial-transport';
import { FakeHidBus } from '../../../native/transport/fake-hid-transport';
import { SerialScanner } from '../../../native/barcode/serial-scanner';
import { HidPosScanner } from '../../../native/barcode/hid-pos-scanner';
import { SsiProtocol } from '../../../native/barcode/ssi-protocol';
import { HoneywellProtocol, LineProtocol } from '../../../native/barcode/line-protocols';
import { encodeSsi, SSI, SSI_HOST_ACK } from '../../../native/barcode/zebra-ssi';
import { honeywellReport, HONEYWELL_HID_POS_ENABLE } from '../../../native/barcode/hid-pos';
import { DcttechRelay } from '../../../native/relay/dcttech-relay';
import type { BarcodeRead } from '../../../native/barcode/barcode-read';
import { ascii, utf8 } from './split-helpers';

const FAST = { baseMs: 10, maxMs: 40 };
const stops: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const stop of stops.splice(0)) await stop();
});

async function until(check: () => boolean, ms = 2000): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 5));
  }
}

function collect(scanner: { onRead(l: (r: BarcodeRead, at: number) => void): () => void }) {
  const reads: Array<BarcodeRead & { at: number }> = [];
  scanner.onRead((read, at) => reads.push({ ...read, at }));
  return reads;
}

const decode = (text: string, status = 0) =>
  encodeSsi({ opcode: SSI.DECODE_DATA, source: 0, status, data: Uint8Array.of(0x1c, ...utf8(text)) });
const engineAck = encodeSsi({ opcode: SSI.CMD_ACK, source: 0, status: 0, data: new Uint8Array() });
const engineNak = encodeSsi({ opcode: SSI.CMD_NAK, source: 0, status: 0, data: Uint8Array.of(1) });
const isAck = (w: Uint8Array) => w.length === 6 && w.every((b, i) => b === SSI_HOST_ACK[i]);

describe('Zebra SSI session over a fake port', () => {
  async function setup() {
    const bus = new FakeSerialBus();
    const device = bus.device('/dev/ttyFAKE0');
    device.respond = (w) => (w[1] === SSI.SCAN_ENABLE || w[1] === SSI.SCAN_DISABLE ? engineAck : undefined);
    const protocol = new SsiProtocol({ ackTimeoutMs: 50 });
    let clock = 1000;
    const scanner = new SerialScanner(bus.factory({ path: '/dev/ttyFAKE0', baudRate: 9600 }), protocol, {
      now: () => clock,
      backoff: FAST,
    });
    stops.push(() => scanner.stop());
    const reads = collect(scanner);
    await scanner.start();
    await until(() => scanner.status().link === 'open');
    return { device, protocol, scanner, reads, setClock: (t: number) => (clock = t) };
  }

  it('sends SCAN_ENABLE on open, ACKs every decode and stamps the read with its arrival time', async () => {
    const { device, reads, setClock } = await setup();
    expect(device.writes[0]![1]).toBe(SSI.SCAN_ENABLE);
    setClock(5000);
    device.emit(decode('TICKET-1'));
    await until(() => reads.length === 1);
    expect(reads[0]).toEqual({ text: 'TICKET-1', barcodeType: 'QRCode', symbology: 'ssi:0x1C', at: 5000 });
    await until(() => device.writes.some(isAck));
  });

  it('decides a retransmitted decode (status bit 0) once, but ACKs it again', async () => {
    const { device, reads, protocol } = await setup();
    device.emit(decode('SAME-READ'));
    device.emit(decode('SAME-READ', 0x01));
    device.emit(decode('SAME-READ', 0x01));
    await until(() => device.writes.filter(isAck).length === 3);
    expect(reads.map((r) => r.text)).toEqual(['SAME-READ']);
    expect(protocol.stats.duplicates).toBe(2);
    // A new scan of the same ticket (no retransmit bit) is a new read: re-read policy is the pipeline's.
    device.emit(decode('SAME-READ'));
    await until(() => reads.length === 2);
  });

  it('takes a retransmission as the read when the first copy was corrupt (NAKed)', async () => {
    const { device, reads, protocol } = await setup();
    const bad = decode('FIRST');
    bad[bad.length - 1] = bad[bad.length - 1]! ^ 0xff;
    device.emit(bad);
    device.emit(decode('FIRST', 0x01));
    await until(() => reads.length === 1);
    expect(protocol.stats.naked).toBe(1);
    expect(device.writes.some((w) => w[1] === SSI.CMD_NAK)).toBe(true);
  });

  it('resends a host command the engine NAKs, with the retransmit bit', async () => {
    const { device, protocol } = await setup();
    let naks = 1;
    device.respond = (w) => {
      if (w[1] !== SSI.SCAN_DISABLE) return undefined;
      return naks-- > 0 ? engineNak : engineAck;
    };
    expect(await protocol.command(SSI.SCAN_DISABLE)).toBe(true);
    const sends = device.writes.filter((w) => w[1] === SSI.SCAN_DISABLE);
    expect(sends.map((w) => w[3])).toEqual([0x00, 0x01]);
  });

  it('joins a multi-packet decode', async () => {
    const { device, reads } = await setup();
    device.emit(
      encodeSsi({
        opcode: SSI.DECODE_DATA,
        source: 0,
        status: 0x02,
        data: Uint8Array.of(0x1c, ...ascii('PART1-')),
      }),
    );
    device.emit(
      encodeSsi({
        opcode: SSI.DECODE_DATA,
        source: 0,
        status: 0x00,
        data: Uint8Array.of(0x1c, ...ascii('PART2')),
      }),
    );
    await until(() => reads.length === 1);
    expect(reads[0]!.text).toBe('PART1-PART2');
  });
});

describe('serial scanner hot-plug over a fake port', () => {
  it('sees an unplug, reports it, reconnects on replug and reads again', async () => {
    const bus = new FakeSerialBus();
    const device = bus.device('/dev/ttyACM9');
    const scanner = new SerialScanner(
      bus.factory({ path: '/dev/ttyACM9', baudRate: 9600 }),
      new LineProtocol({ terminator: 'CR', aimIds: false }),
      { backoff: FAST },
    );
    stops.push(() => scanner.stop());
    const reads = collect(scanner);
    await scanner.start();
    await until(() => scanner.status().link === 'open');
    device.unplug();
    await until(() => scanner.status().link === 'waiting');
    expect(scanner.status().lastError).toMatch(/disconnected/);
    device.replug();
    await until(() => scanner.status().link === 'open');
    device.emit('AFTER\r');
    await until(() => reads.length === 1);
    expect(device.openCount).toBe(2);
  });

  it('keeps retrying a port that is absent at start without rejecting', async () => {
    const bus = new FakeSerialBus();
    bus.device('/dev/ttyGONE').unplug();
    const scanner = new SerialScanner(
      bus.factory({ path: '/dev/ttyGONE', baudRate: 9600 }),
      new LineProtocol({ terminator: 'CR', aimIds: false }),
      { backoff: FAST },
    );
    stops.push(() => scanner.stop());
    await scanner.start();
    expect(scanner.status().link).toBe('waiting');
    expect(scanner.status().lastError).toMatch(/cannot open/);
    bus.device('/dev/ttyGONE').replug();
    await until(() => scanner.status().link === 'open');
  });

  it('runs Honeywell start-up menu commands and reports refused ones', async () => {
    const bus = new FakeSerialBus();
    const device = bus.device('/dev/ttyHON');
    device.respond = (w) => {
      const text = String.fromCharCode(...w);
      return text.startsWith('\x16M\r') ? ascii('TRGMOD0\x06;BADTAG1\x05!') : undefined;
    };
    const scanner = new SerialScanner(
      bus.factory({ path: '/dev/ttyHON', baudRate: 9600 }),
      new HoneywellProtocol({ terminator: 'CR', aimIds: false, startupCommands: ['TRGMOD0', 'BADTAG1'] }),
      { backoff: FAST },
    );
    stops.push(() => scanner.stop());
    await scanner.start();
    await until(() => scanner.status().link === 'open');
    expect(scanner.status().lastError).toBe('engine refused BADTAG1 (enq)');
  });
});

describe('HID POS scanner over a fake HID device', () => {
  it('enables HID POS mode, joins reports, and survives unplug/replug', async () => {
    const bus = new FakeHidBus();
    const selector = { vendorId: 0x0c2e, productId: 0x0b61 };
    const device = bus.device(selector);
    const scanner = new HidPosScanner(bus.factory(selector), 'honeywell', { backoff: FAST });
    stops.push(() => scanner.stop());
    const reads = collect(scanner);
    await scanner.start();
    await until(() => scanner.status().link === 'open');
    expect([...device.featureReportsSent[0]!]).toEqual([...HONEYWELL_HID_POS_ENABLE]);
    device.emit(honeywellReport(utf8('39000000000001'), ']E0', 0x64, false));
    await until(() => reads.length === 1);
    expect(reads[0]).toMatchObject({ text: '39000000000001', barcodeType: 'Barcode', symbology: ']E0' });
    device.unplug();
    await until(() => scanner.status().link === 'waiting');
    device.replug();
    await until(() => scanner.status().link === 'open');
    expect(device.openCount).toBe(2);
  });
});

describe('dcttech relay over a fake HID device', () => {
  it('reads the state back after each command', async () => {
    const bus = new FakeHidBus();
    const device = bus.device('16c0:05df');
    let mask = 0;
    let stuck = false;
    device.onFeatureReport = (r) => {
      if (r[1] === 0xff) mask |= 1 << (r[2]! - 1);
      if (r[1] === 0xfd && !stuck) mask &= ~(1 << (r[2]! - 1));
      if (r[1] === 0xfc && !stuck) mask = 0;
    };
    device.featureReportReader = () => Uint8Array.of(0, ...ascii('ABCDE'), 0, 0, mask);
    const relay = new DcttechRelay(bus.factory({ vendorId: 0x16c0, productId: 0x05df }));
    await relay.open();
    expect(await relay.set(1, true)).toEqual({ confirmed: true, onChannels: [1] });
    stuck = true;
    expect(await relay.set(1, false)).toEqual({ confirmed: false, onChannels: [1] });
    stuck = false;
    expect(await relay.allOff()).toEqual({ confirmed: true, onChannels: [] });
    await relay.close();
  });
});
