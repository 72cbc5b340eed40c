import type { DeviceHealth } from './device-health.js';
import type { GateDriver, GateResult } from './gate-driver.js';

/** `gate.kind: "none"`: a pedestal that only shows the result. */
export class NoGateDriver implements GateDriver {
  async open(): Promise<GateResult> {
    return { kind: 'none' };
  }

  async start(): Promise<void> {}

  async close(): Promise<void> {}

  health(): DeviceHealth {
    return { id: 'gate', role: 'gate', kind: 'none', state: 'disabled', errors: 0 };
  }

  onHealth(): () => void {
    return () => {};
  }
}
