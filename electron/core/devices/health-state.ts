import type { DeviceHealth, HealthReporter } from './device-health.js';

/** Holds one device's health and tells listeners on every change; the adapters' shared bookkeeping. */
export class HealthState implements HealthReporter {
  private current: DeviceHealth;
  private readonly listeners = new Set<(health: DeviceHealth) => void>();

  constructor(initial: DeviceHealth) {
    this.current = initial;
  }

  health(): DeviceHealth {
    return { ...this.current };
  }

  onHealth(listener: (health: DeviceHealth) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Replaces the given fields; `undefined` values remove optional fields (`code`, `lastError`). */
  update(patch: Partial<DeviceHealth>): void {
    const next: DeviceHealth = { ...this.current };
    for (const [key, value] of Object.entries(patch) as Array<[keyof DeviceHealth, unknown]>) {
      if (value === undefined) delete next[key];
      else (next as unknown as Record<string, unknown>)[key] = value;
    }
    if (sameHealth(next, this.current)) return;
    this.current = next;
    const snapshot = this.health();
    for (const listener of [...this.listeners]) {
      try {
        listener(snapshot);
      } catch {
        // A listener's bug must not stop the device.
      }
    }
  }
}

function sameHealth(a: DeviceHealth, b: DeviceHealth): boolean {
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]) as Set<keyof DeviceHealth>;
  for (const key of keys) if (a[key] !== b[key]) return false;
  return true;
}
