import { PtyPair, socatAvailable } from '../../../native/sim/pty-pair.js';
import type { DevicesConfigInput } from './device-config.js';

export interface DemoDevices {
  config: DevicesConfigInput;
  /** Lines for the demo's start-up text: how to scan with the simulated scanner. */
  describe(): string[];
  close(): Promise<void>;
}

/**
 * Simulated hardware for demo mode (`GATEPOST_DEMO_DEVICES=sim`): a relay whose pulses the screen shows,
 * and, where socat exists, a serial scanner on a real pty pair that the kiosk reads through serialport —
 * a newcomer "scans" by writing a line to the other end.
 */
export async function startDemoDevices(): Promise<DemoDevices> {
  const pair = socatAvailable() ? await PtyPair.open() : undefined;
  return {
    config: {
      gate: { kind: 'sim' },
      scanners: pair
        ? [{ id: 'demo-serial', kind: 'serial', path: pair.hostPath, protocol: 'line', terminator: 'CR' }]
        : [],
    },
    describe: () => [
      'Simulated devices: a turnstile relay (its pulses show on screen)',
      pair
        ? `and a serial scanner: printf '39000000000001\\r' > ${pair.devicePath}`
        : 'and no serial scanner (socat is not installed).',
    ],
    close: async () => pair?.close(),
  };
}
