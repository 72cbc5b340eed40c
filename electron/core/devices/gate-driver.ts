import type { HealthReporter } from './device-health.js';

export type GateDirection = 'entry' | 'exit';

/** What the gate did for one admitted scan; journaled with the scan. */
export type GateResult =
  | { kind: 'pulsed'; channel: number; ms: number }
  /** The relay would not switch or its state could not be read back. */
  | { kind: 'failed'; reason: string }
  /** No gate is attached (a pedestal that only shows the result). */
  | { kind: 'none' }
  /** Free passage (emergency): the gate is already held open. */
  | { kind: 'held-open' };

/**
 * The turnstile (or door) one kiosk drives. `open` is called once per admitted scan, after the decision
 * is journaled, never for a STOP or a re-read. Implementations are fail-safe: the relay is off at start,
 * on close and after a reconnect.
 */
export interface GateDriver extends HealthReporter {
  /** Opens the relay and drives every channel off before the first scan (fail-safe at start). */
  start(): Promise<void>;
  open(direction: GateDirection, scanId: string): Promise<GateResult>;
  close(): Promise<void>;
}

/** Renders a gate result for the journal's `gate_result` column. */
export function describeGateResult(result: GateResult): string {
  switch (result.kind) {
    case 'pulsed':
      return `pulsed ch${result.channel} ${result.ms}ms`;
    case 'failed':
      return `failed: ${result.reason}`;
    case 'none':
      return 'none';
    case 'held-open':
      return 'held-open';
  }
}
