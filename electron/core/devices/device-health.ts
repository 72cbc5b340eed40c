/**
 * What staff see of one device (scanner, NFC reader, gate relay): whether it works, when it last read,
 * how many errors it has counted. Every device reports this shape; the kiosk passes it through the
 * contract (`KioskStatus.devices`, `AdminStatus.devices`) unchanged.
 */
export interface DeviceHealth {
  /** The device's configured id (`front`, `usb`, `wedge`, `nfc`, `gate`). Unique per kiosk. */
  id: string;
  role: 'scanner' | 'nfc' | 'gate';
  /** Driver kind as configured (`serial`, `hid-pos`, `wedge`, `pcsc`, `lcus-serial`, `sim`, …). */
  kind: string;
  /**
   * `connected`: working. `connecting`: opening or reconnecting with back-off. `disconnected`: unplugged or
   * closed, will retry. `fault`: cannot work until staff act (bad config, relay not confirmed off).
   * `disabled`: not configured to run.
   */
  state: 'connected' | 'connecting' | 'disconnected' | 'fault' | 'disabled';
  /** Epoch ms (kiosk clock) of the last good read / pulse. */
  lastReadAt?: number;
  /** Errors counted since start: bad frames, dropped bytes, failed pulses, reconnects. */
  errors: number;
  /** The latest error, staff-readable, no secrets. */
  lastError?: string;
  /** A short, staff-readable code for an out-of-service or fault state (e.g. `GATE-NOT-OFF`). */
  code?: string;
  /** Where it is: a port path, a reader name, VID:PID. */
  detail?: string;
}

/** Anything that reports health and tells listeners when it changes. */
export interface HealthReporter {
  health(): DeviceHealth;
  /** Called on every change of `health()`; returns the unsubscribe function. */
  onHealth(listener: (health: DeviceHealth) => void): () => void;
}
