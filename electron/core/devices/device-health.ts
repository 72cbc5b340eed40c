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

/**
 * Holds a device's report to the contract's bounds, whatever a driver put in it: one long error text (a
 * library's stack, a reader's diagnostic) must not make the kiosk's whole status unsendable.
 */
export function boundedHealth(h: DeviceHealth): DeviceHealth {
  const cut = (text: string | undefined, max: number) =>
    text === undefined || text.length <= max ? text : `${text.slice(0, max - 1)}…`;
  return {
    id: cut(h.id, 64)!,
    role: h.role,
    kind: cut(h.kind, 32)!,
    state: h.state,
    errors: Math.max(0, Math.floor(h.errors)),
    ...(h.lastReadAt !== undefined && { lastReadAt: h.lastReadAt }),
    ...(h.lastError !== undefined && { lastError: cut(h.lastError, 200) }),
    ...(h.code !== undefined && { code: cut(h.code, 32) }),
    ...(h.detail !== undefined && { detail: cut(h.detail, 200) }),
  };
}
