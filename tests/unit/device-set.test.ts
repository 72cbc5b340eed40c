import { describe, expect, it } from 'vitest';
import pino from 'pino';
import { KioskStatus } from '../../electron/common/contract.js';
import { DeviceSet } from '../../electron/core/devices/device-set.js';
import type { DeviceHealth } from '../../electron/core/devices/device-health.js';
import type { ScanSource } from '../../electron/core/devices/scan-source.js';
import { NoGateDriver } from '../../electron/core/devices/no-gate-driver.js';

/** A source that reports whatever health a test gives it (a driver with a very long error text). */
function reporting(health: DeviceHealth, parts: DeviceHealth[] = []): ScanSource {
  return {
    id: health.id,
    start: async () => {},
    health: () => health,
    onHealth: () => () => {},
    parts: () => parts,
  };
}

describe('DeviceSet health', () => {
  it('holds every report to the contract bounds, so one driver cannot make the status unsendable', () => {
    const long = 'x'.repeat(5000);
    const set = new DeviceSet(
      [
        reporting(
          {
            id: 'nfc',
            role: 'nfc',
            kind: 'pcsc',
            state: 'fault',
            errors: 3,
            lastError: long,
            detail: long,
            code: long,
          },
          [{ id: `nfc:${long}`, role: 'nfc', kind: 'pcsc', state: 'connected', errors: 0 }],
        ),
      ],
      new NoGateDriver(),
      pino({ level: 'silent' }),
    );
    const devices = set.health();
    expect(devices.map((d) => d.role)).toEqual(['nfc', 'nfc', 'gate']);
    expect(devices[0]!.lastError).toHaveLength(200);
    const status = {
      ready: true,
      connectivity: 'online',
      provider: 'p',
      demo: false,
      deviceName: 'd',
      resultHoldMs: 3000,
      wedge: { maxGapMs: 60, minLength: 4, manualEntry: false },
      sounds: false,
      devices,
    };
    expect(KioskStatus.safeParse(status).success).toBe(true);
  });
});
