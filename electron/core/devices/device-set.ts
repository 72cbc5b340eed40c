import { EventEmitter } from 'node:events';
import type { Outcome } from '../../common/contract.js';
import type { Logger } from '../logger.js';
import type { ReadFailure, ScanInput } from '../scan/scan-input.js';
import { boundedHealth, type DeviceHealth } from './device-health.js';
import type { GateDriver } from './gate-driver.js';
import type { ScanSource } from './scan-source.js';

/**
 * The kiosk's devices as one unit: starts every scan source into the pipeline, fans feedback out to them,
 * and reports everyone's health (one list, re-sent on any change). A source that fails to start is a
 * health state, never a reason for the kiosk to stop: the other sources keep working.
 */
export class DeviceSet extends EventEmitter<{ change: [DeviceHealth[]] }> {
  private readonly lifetime = new AbortController();
  private readonly unsubscribe: (() => void)[] = [];

  constructor(
    readonly sources: readonly ScanSource[],
    readonly gate: GateDriver,
    private readonly logger: Logger,
  ) {
    super();
    const ids = new Set<string>();
    for (const device of [...sources, gate]) {
      const { id } = device.health();
      if (ids.has(id)) throw new Error(`two devices share the id "${id}"`);
      ids.add(id);
      this.unsubscribe.push(device.onHealth(() => this.emit('change', this.health())));
    }
  }

  async start(emit: (read: ScanInput) => void, fail: (failure: ReadFailure) => void): Promise<void> {
    // The gate first: it must be confirmed off before the first scan can open it.
    await this.gate.start().catch((err: unknown) => {
      this.logger.error({ err: (err as Error).message }, 'gate failed to start');
    });
    await Promise.all(
      this.sources.map((source) =>
        source.start(emit, this.lifetime.signal, fail).catch((err: unknown) => {
          this.logger.error(
            { source: source.id, err: (err as Error).message },
            'scan source failed to start',
          );
        }),
      ),
    );
  }

  /** Every device, and each part a device reports on its own (an NFC source's readers). */
  health(): DeviceHealth[] {
    return [...this.sources.flatMap((s) => [s.health(), ...(s.parts?.() ?? [])]), this.gate.health()]
      .slice(0, 32)
      .map(boundedHealth);
  }

  /** A device staff must attend to before scans can be decided safely (the gate not confirmed off). */
  blockingFault(): DeviceHealth | undefined {
    const gate = this.gate.health();
    return gate.state === 'fault' ? boundedHealth(gate) : undefined;
  }

  /** What the patron is being shown; sources that beep or pause scanning act on it. */
  feedback(outcome: Outcome | 'idle'): void {
    for (const source of this.sources) {
      try {
        source.feedback?.(outcome);
      } catch (err) {
        this.logger.warn({ source: source.id, err: (err as Error).message }, 'scan source feedback failed');
      }
    }
  }

  async close(): Promise<void> {
    this.lifetime.abort();
    for (const off of this.unsubscribe) off();
    await this.gate.close();
  }
}
