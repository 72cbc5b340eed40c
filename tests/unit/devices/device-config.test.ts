import { describe, expect, it } from 'vitest';
import { parseDevicesConfig } from '../../../electron/core/devices/device-config';
import { KioskConfig } from '../../../electron/core/config/kiosk-config';
import { createDevices } from '../../../electron/core/devices/create-devices';
import { FakeSerialBus } from '../../../native/transport/fake-serial-transport';
import { FakeHidBus } from '../../../native/transport/fake-hid-transport';

describe('devices config', () => {
  it('accepts the issue example with its fixed keys and fills defaults', () => {
    const devices = parseDevicesConfig({
      scanners: [
        {
          id: 'front',
          kind: 'serial',
          path: '/dev/ttyACM0',
          baudRate: 9600,
          protocol: 'zebra-ssi',
          terminator: 'CRLF',
          aimIds: true,
        },
        { id: 'usb', kind: 'hid-pos', vendorId: '0x0c2e', productId: '0x0b61', layout: 'newland' },
      ],
      gate: { kind: 'lcus-serial', path: '/dev/ttyUSB0', entryChannel: 1, exitChannel: 2, pulseMs: 300 },
    });
    expect(devices.scanners[1]).toEqual({
      id: 'usb',
      kind: 'hid-pos',
      vendorId: 0x0c2e,
      productId: 0x0b61,
      layout: 'newland',
    });
    expect(devices.scanners[0]).toMatchObject({
      protocol: 'zebra-ssi',
      terminator: 'CRLF',
      parity: 'none',
      dataBits: 8,
    });
    expect(devices.gate).toMatchObject({ kind: 'lcus-serial', pulseMs: 300, statusQuery: true });
  });

  it('defaults to no scanners and no gate, also inside KioskConfig', () => {
    expect(KioskConfig.parse({ provider: { kind: 'entry-v1' } }).devices).toMatchObject({
      scanners: [],
      gate: { kind: 'none', pulseMs: 300 },
    });
  });

  it.each([
    [{ scanners: [{ id: 'a', kind: 'serial' }] }, 'devices.scanners.0.path'],
    [
      { scanners: [{ id: 'a', kind: 'serial', path: '/x', protocol: 'zebra' }] },
      'devices.scanners.0.protocol',
    ],
    [
      { scanners: [{ id: 'a', kind: 'serial', path: '/x', terminator: 'CRCR' }] },
      'devices.scanners.0.terminator',
    ],
    [{ scanners: [{ id: 'u', kind: 'hid-pos', vendorId: 'zz' }] }, 'devices.scanners.0.vendorId'],
    [{ scanners: [{ id: 'u', kind: 'hid-pos' }] }, 'devices.scanners.0.vendorId'],
    [
      {
        scanners: [
          { id: 'a', kind: 'sim' },
          { id: 'a', kind: 'sim' },
        ],
      },
      'devices.scanners.1.id',
    ],
    [{ scanners: [{ id: 'a', kind: 'usb' }] }, 'devices.scanners.0.kind'],
    [{ gate: { kind: 'lcus-serial' } }, 'devices.gate.path'],
    [{ gate: { kind: 'sim', pulseMs: 10 } }, 'devices.gate.pulseMs'],
    [{ gate: { kind: 'sim', exitChannel: 4, channels: 2 } }, 'devices.gate.exitChannel'],
    [{ gate: { kind: 'relay' } }, 'devices.gate.kind'],
  ])('names the field in the error: %j', (raw, field) => {
    expect(() => parseDevicesConfig(raw)).toThrow(new RegExp(`^(.*; )?${field.replace(/\./g, '\\.')}: `));
  });

  it('builds sources and the gate from config with injected fake transports', async () => {
    const serial = new FakeSerialBus();
    const hid = new FakeHidBus();
    const devices = createDevices(
      parseDevicesConfig({
        scanners: [
          { id: 'front', kind: 'serial', path: '/dev/ttyACM0', protocol: 'line' },
          { id: 'usb', kind: 'hid-pos', vendorId: '0x0c2e', productId: '0x0b61' },
          { id: 'demo', kind: 'sim' },
        ],
        gate: { kind: 'lcus-serial', path: '/dev/ttyUSB0', statusQuery: false },
      }),
      { transports: { serial: serial.factory, hid: hid.factory }, exitFailSafe: false },
    );
    expect(devices.scanners.map((s) => [s.id, s.health().kind, s.health().detail])).toEqual([
      ['front', 'serial/line', '/dev/ttyACM0'],
      ['usb', 'hid-pos/honeywell', '0c2e:0b61'],
      ['demo', 'sim', 'simulated'],
    ]);
    expect(devices.simScanners.has('demo')).toBe(true);
    const controller = devices.gateController!;
    await controller.start();
    // statusQuery false: LCUS writes are trusted; all channels were written off at start.
    expect(serial.device('/dev/ttyUSB0').writes.map((w) => [...w])).toEqual([
      [0xa0, 1, 0, 0xa1],
      [0xa0, 2, 0, 0xa2],
    ]);
    await controller.close();
  });
});
