import type { PresenceSandboxGate } from './types.js';

/** A configured scanner, as Device Configure / Device Information answer it. */
export interface SandboxDevice {
  id: number;
  venueId: string;
  name: string;
  mac: string;
  ip: string;
  gateId: number;
  gateName: string;
  serial: string;
  model: string;
  localId: string;
}

export interface DeviceInitFields {
  venueId: string;
  name: string;
  mac: string;
  ip: string;
  gateName: string;
  serial: string;
  model: string;
}

/**
 * The venue's gates and configured devices. A device is keyed by its MAC (Device Information looks it up
 * by venue + MAC); configuring it again updates it in place and keeps its id. A gate name not configured
 * yet becomes a new external gate, as adding a scanner to a new gate in TM1 Entry would.
 */
export class DeviceRegistry {
  private readonly gatesById = new Map<number, PresenceSandboxGate>();
  private readonly gatesByName = new Map<string, PresenceSandboxGate>();
  private readonly devicesByMac = new Map<string, SandboxDevice>();
  private readonly devicesById = new Map<number, SandboxDevice>();
  private nextDeviceId = 224;

  constructor(
    readonly venueId: string,
    gates: readonly PresenceSandboxGate[],
  ) {
    for (const gate of gates) this.addGate(gate);
  }

  addGate(gate: PresenceSandboxGate): void {
    this.gatesById.set(gate.gateId, gate);
    this.gatesByName.set(gate.gateName.toLowerCase(), gate);
  }

  gate(gateId: number): PresenceSandboxGate | undefined {
    return this.gatesById.get(gateId);
  }

  /** Undefined when the venue is not this sandbox's (the API's NOT_FOUND "Venue … was not found"). */
  init(fields: DeviceInitFields): SandboxDevice | undefined {
    if (fields.venueId !== this.venueId) return undefined;
    const gate = this.gateNamed(fields.gateName);
    const existing = this.devicesByMac.get(macKey(fields.mac));
    const device: SandboxDevice = {
      id: existing?.id ?? this.nextDeviceId++,
      venueId: fields.venueId,
      name: fields.name,
      mac: fields.mac,
      ip: fields.ip,
      gateId: gate.gateId,
      gateName: gate.gateName,
      serial: fields.serial,
      model: fields.model,
      localId: `COM-${fields.mac}-H`,
    };
    this.devicesByMac.set(macKey(fields.mac), device);
    this.devicesById.set(device.id, device);
    return device;
  }

  info(venueId: string, mac: string): SandboxDevice | undefined {
    const device = this.devicesByMac.get(macKey(mac));
    return device && device.venueId === venueId ? device : undefined;
  }

  device(deviceId: number): SandboxDevice | undefined {
    return this.devicesById.get(deviceId);
  }

  get deviceCount(): number {
    return this.devicesById.size;
  }

  private gateNamed(name: string): PresenceSandboxGate {
    const known = this.gatesByName.get(name.toLowerCase());
    if (known) return known;
    const gate = { gateId: Math.max(0, ...this.gatesById.keys()) + 1, gateName: name };
    this.addGate(gate);
    return gate;
  }
}

function macKey(mac: string): string {
  return mac.trim().toUpperCase();
}
