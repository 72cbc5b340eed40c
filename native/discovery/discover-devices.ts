import HID from 'node-hid';
import { SerialPort } from 'serialport';
import { hex4, matchKnownDevice } from './known-devices.js';

/** One attached device staff can pick, in plain words. */
export interface DiscoveredDevice {
  /** "Honeywell barcode engine (serial)". */
  what: string;
  role: 'scanner' | 'relay' | 'serial-adapter';
  interface: 'serial' | 'hid';
  /** `/dev/ttyACM0` or a hidraw path. */
  path: string;
  /** `0c2e:0b61`. */
  vidPid: string;
  product?: string;
  serialNumber?: string;
}

export interface DiscoverySources {
  listSerial: () => Promise<
    Array<{
      path: string;
      vendorId?: string;
      productId?: string;
      manufacturer?: string;
      serialNumber?: string;
    }>
  >;
  listHid: () => Promise<
    Array<{
      path?: string;
      vendorId: number;
      productId: number;
      product?: string;
      serialNumber?: string;
      usagePage?: number;
    }>
  >;
}

/** The real sources: serialport's list (needs udev) and node-hid's enumeration (needs libusb-1.0). */
export const systemDiscoverySources: DiscoverySources = {
  listSerial: () => SerialPort.list(),
  listHid: () => HID.devicesAsync(),
};

/**
 * Lists attached serial and HID devices whose VID:PID Gatepost knows, sorted by role then path. A source
 * that fails (no udev, no libusb) contributes nothing and its error is returned for staff to read.
 */
export async function discoverDevices(
  sources: DiscoverySources = systemDiscoverySources,
): Promise<{ devices: DiscoveredDevice[]; errors: string[] }> {
  const devices: DiscoveredDevice[] = [];
  const errors: string[] = [];
  try {
    for (const port of await sources.listSerial()) {
      const vendorId = parseInt(port.vendorId ?? '', 16);
      const productId = parseInt(port.productId ?? '', 16);
      if (!Number.isFinite(vendorId) || !Number.isFinite(productId)) continue;
      const known = matchKnownDevice(vendorId, productId);
      if (!known) continue;
      devices.push({
        what: `${known.what} (serial)`,
        role: known.role,
        interface: 'serial',
        path: port.path,
        vidPid: `${hex4(vendorId)}:${hex4(productId)}`,
        ...(port.manufacturer && { product: port.manufacturer }),
        ...(port.serialNumber && { serialNumber: port.serialNumber }),
      });
    }
  } catch (error) {
    errors.push(
      `serial ports could not be listed: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
  try {
    const seen = new Set<string>();
    for (const hid of await sources.listHid()) {
      const known = matchKnownDevice(hid.vendorId, hid.productId);
      if (!known || !hid.path || seen.has(hid.path)) continue;
      seen.add(hid.path);
      // A scanner exposes a keyboard interface too; only its HID POS collection (usage page 0x8C) reads scans.
      const pos = hid.usagePage === 0x8c ? ', HID POS' : '';
      devices.push({
        what: `${known.what} (USB HID${pos})`,
        role: known.role,
        interface: 'hid',
        path: hid.path,
        vidPid: `${hex4(hid.vendorId)}:${hex4(hid.productId)}`,
        ...(hid.product && { product: hid.product }),
        ...(hid.serialNumber && { serialNumber: hid.serialNumber }),
      });
    }
  } catch (error) {
    errors.push(`HID devices could not be listed: ${error instanceof Error ? error.message : String(error)}`);
  }
  const order = { scanner: 0, relay: 1, 'serial-adapter': 2 };
  devices.sort((a, b) => order[a.role] - order[b.role] || a.path.localeCompare(b.path));
  return { devices, errors };
}

/** One line per device, for the technician's screen and the CLI. */
export function describeDiscovered(device: DiscoveredDevice): string {
  const extra = [device.product, device.serialNumber && `s/n ${device.serialNumber}`]
    .filter(Boolean)
    .join(', ');
  return `${device.what} at ${device.path} [${device.vidPid}]${extra ? ` — ${extra}` : ''}`;
}
