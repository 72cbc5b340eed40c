import type { DeviceHealth } from './device-health.js';
import type { GateDriver, GateResult } from './gate-driver.js';

/** A pedestal with no relay attached: the decision is only shown. */
export class NoGate implements GateDriver {
  async open(): Promise<GateResult> {
    return { kind: 'none' };
  }
  health(): DeviceHealth {
    return { id: 'gate', role: 'gate', kind: 'none', state: 'disabled', errors: 0 };
  }
  onHealth(): () => void {
    return () => {};
  }
  async close(): Promise<void> {}
}
