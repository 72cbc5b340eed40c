/** USB vendors and boards Gatepost knows, for discovery and the udev rules. */
export interface KnownUsbDevice {
  vendorId: number;
  /** Undefined: any product of this vendor. */
  productId?: number;
  what: string;
  role: 'scanner' | 'relay' | 'serial-adapter';
}

export const KNOWN_USB_DEVICES: readonly KnownUsbDevice[] = [
  { vendorId: 0x0c2e, what: 'Honeywell barcode engine', role: 'scanner' },
  { vendorId: 0x05e0, what: 'Zebra (Symbol) barcode engine', role: 'scanner' },
  { vendorId: 0x1eab, what: 'Newland barcode engine', role: 'scanner' },
  { vendorId: 0x05f9, what: 'Datalogic barcode engine', role: 'scanner' },
  { vendorId: 0x16c0, productId: 0x05df, what: 'dcttech USB HID relay board', role: 'relay' },
  {
    vendorId: 0x1a86,
    productId: 0x7523,
    what: 'CH340 serial adapter (LCUS relay module)',
    role: 'serial-adapter',
  },
  { vendorId: 0x0403, productId: 0x6001, what: 'FTDI FT232 serial adapter', role: 'serial-adapter' },
  { vendorId: 0x067b, productId: 0x2303, what: 'Prolific PL2303 serial adapter', role: 'serial-adapter' },
  { vendorId: 0x10c4, productId: 0xea60, what: 'Silicon Labs CP210x serial adapter', role: 'serial-adapter' },
];

export function matchKnownDevice(vendorId: number, productId: number): KnownUsbDevice | undefined {
  return KNOWN_USB_DEVICES.find(
    (d) => d.vendorId === vendorId && (d.productId === undefined || d.productId === productId),
  );
}

export function hex4(n: number): string {
  return n.toString(16).padStart(4, '0');
}
