import { discoverDevices, type DiscoverySources } from '../../../native/discovery/discover-devices.js';
import type { DevicesConfig } from './device-config.js';

export interface AttachedDevice {
  bus: 'serial' | 'hid' | 'pcsc';
  path: string;
  description: string;
  vendorId?: string;
  productId?: string;
  assignedTo?: string;
}

export interface ConfiguredDevice {
  id: string;
  role: 'scanner' | 'gate';
  target: string;
}

const hex4 = (n: number) => n.toString(16).padStart(4, '0');

/** What `config.devices` points at, in the words the discovery list uses (paths, VID:PID). */
export function configuredDevices(config: DevicesConfig): ConfiguredDevice[] {
  const out: ConfiguredDevice[] = config.scanners.map((s) => ({
    id: s.id,
    role: 'scanner' as const,
    target:
      s.kind === 'serial'
        ? s.path
        : s.kind === 'hid-pos'
          ? (s.path ??
            (s.vendorId !== undefined && s.productId !== undefined
              ? `${hex4(s.vendorId)}:${hex4(s.productId)}`
              : 'any HID POS engine'))
          : 'simulated',
  }));
  if (config.gate.kind !== 'none')
    out.push({
      id: 'gate',
      role: 'gate',
      target: config.gate.path ?? (config.gate.kind === 'dcttech-hid' ? '16c0:05df' : config.gate.kind),
    });
  return out;
}

/**
 * Attached serial and HID devices Gatepost knows, each with the configured device it is assigned to
 * (by path, or VID:PID). PC/SC readers come with the NFC reader support (branch `nfc`).
 */
export async function listAttachedDevices(
  config: DevicesConfig,
  sources?: DiscoverySources,
): Promise<{ devices: AttachedDevice[]; errors: string[] }> {
  const { devices, errors } = await discoverDevices(sources);
  const configured = configuredDevices(config);
  return {
    errors,
    devices: devices.map((d) => {
      const [vendorId, productId] = d.vidPid.split(':');
      const assigned = configured.find((c) => c.target === d.path || c.target === d.vidPid);
      return {
        bus: d.interface,
        path: d.path,
        description: d.what,
        ...(vendorId && { vendorId }),
        ...(productId && { productId }),
        ...(assigned && { assignedTo: assigned.id }),
      };
    }),
  };
}
