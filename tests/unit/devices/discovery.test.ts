import { describe, expect, it } from 'vitest';
import {
  describeDiscovered,
  discoverDevices,
  systemDiscoverySources,
} from '../../../native/discovery/discover-devices';

describe('device discovery', () => {
  it('keeps known VID:PIDs only, names them for staff, and sorts scanners first, then by path', async () => {
    const { devices, errors } = await discoverDevices({
      listSerial: async () => [
        { path: '/dev/ttyS0' },
        { path: '/dev/ttyUSB0', vendorId: '1a86', productId: '7523', serialNumber: 'X1' },
        { path: '/dev/ttyACM0', vendorId: '0C2E', productId: '0b61', manufacturer: 'Honeywell' },
        { path: '/dev/ttyACM1', vendorId: '046d', productId: 'c52b' },
      ],
      listHid: async () => [
        { path: '/dev/hidraw1', vendorId: 0x16c0, productId: 0x05df, product: 'USBRelay2' },
        { path: '/dev/hidraw0', vendorId: 0x1eab, productId: 0x1a03, usagePage: 0x8c },
        { path: '/dev/hidraw0', vendorId: 0x1eab, productId: 0x1a03, usagePage: 0x01 },
        { path: '/dev/hidraw2', vendorId: 0x16c0, productId: 0x0001 },
      ],
    });
    expect(errors).toEqual([]);
    expect(devices.map(describeDiscovered)).toEqual([
      'Newland barcode engine (USB HID, HID POS) at /dev/hidraw0 [1eab:1a03]',
      'Honeywell barcode engine (serial) at /dev/ttyACM0 [0c2e:0b61] — Honeywell',
      'dcttech USB HID relay board (USB HID) at /dev/hidraw1 [16c0:05df] — USBRelay2',
      'CH340 serial adapter (LCUS relay module) (serial) at /dev/ttyUSB0 [1a86:7523] — s/n X1',
    ]);
  });

  it('reports a failing source as a staff-readable error and still lists the other', async () => {
    const { devices, errors } = await discoverDevices({
      listSerial: async () => {
        throw new Error('udevadm not found');
      },
      listHid: async () => [{ path: '/dev/hidraw3', vendorId: 0x05e0, productId: 0x1900 }],
    });
    expect(errors).toEqual(['serial ports could not be listed: udevadm not found']);
    expect(devices.map((d) => d.what)).toEqual(['Zebra (Symbol) barcode engine (USB HID)']);
  });

  it('runs against the real serialport and node-hid enumeration of this machine', async () => {
    // This machine has no USB: nothing known is attached, and neither source fails.
    const { devices, errors } = await discoverDevices(systemDiscoverySources);
    expect(errors).toEqual([]);
    expect(devices).toEqual([]);
  });
});
