import { ConnectionKeeper, type BackoffOptions } from '../../../native/lifecycle/connection-keeper.js';
import type { DigitalInput } from '../../../native/relay/digital-input.js';
import type { RelayBoard, RelayConfirmation } from '../../../native/relay/relay.js';
import type { DeviceHealth } from './device-health.js';
import { registerExitFailSafe } from './exit-fail-safe.js';
import type { GateDirection, GateDriver, GateResult } from './gate-driver.js';
import { HealthState } from './health-state.js';

export interface GateControllerOptions {
  /** Configured gate kind, for health (`sim`, `lcus-serial`, `dcttech-hid`). */
  kind: string;
  entryChannel: number;
  exitChannel: number;
  pulseMs: number;
  /**
   * Treat a board that cannot report its state as a fault (default). Set false only for boards that
   * never report (an LCUS module with `statusQuery: false`): the command is then trusted as written.
   */
  requireConfirmation?: boolean;
  /** The turnstile's "passage done" contact; without it no passage is checked. */
  passageInput?: DigitalInput;
  passageTimeoutMs?: number;
  /** A fire-alarm loop: active holds the gate open (free passage) until it clears. */
  emergencyInput?: DigitalInput;
  backoff?: BackoffOptions;
  now?: () => number;
  /** Register the process exit handler (default true; tests that share a process may turn it off). */
  exitFailSafe?: boolean;
}

export interface PassageResult {
  scanId: string;
  direction: GateDirection;
  /** false: admitted but did not pass within the timeout. */
  passed: boolean;
}

/** Staff codes this controller reports. */
export const GATE_CODES = {
  notOff: 'GATE-NOT-OFF',
  disconnected: 'GATE-DISCONNECTED',
  heldOpen: 'GATE-HELD-OPEN',
} as const;

class GateNotOffError extends Error {}

/**
 * The turnstile: one relay pulse of `pulseMs` per `open`, on the entry or exit channel. Fail-safe: every
 * channel is driven off at start, after every reconnect, on close and (synchronously) on process exit; a
 * relay that cannot be confirmed off puts the gate in `fault` with code GATE-NOT-OFF and refuses pulses
 * until a reconnect confirms it off. `holdOpen` keeps the gate open for free passage and says so.
 */
export class GateController implements GateDriver {
  readonly id = 'gate';
  private readonly keeper: ConnectionKeeper;
  private readonly healthState: HealthState;
  private readonly now: () => number;
  private readonly requireConfirmation: boolean;
  private queue: Promise<unknown> = Promise.resolve();
  private connected = false;
  private notOff = false;
  private heldReason: string | null = null;
  private errors = 0;
  private removeExitHook: (() => void) | null = null;
  private readonly passageListeners = new Set<(result: PassageResult) => void>();
  private readonly unsubscribes: Array<() => void> = [];

  constructor(
    private readonly relay: RelayBoard,
    private readonly options: GateControllerOptions,
  ) {
    this.now = options.now ?? Date.now;
    this.requireConfirmation = options.requireConfirmation ?? true;
    this.healthState = new HealthState({
      id: this.id,
      role: 'gate',
      kind: options.kind,
      state: 'disabled',
      errors: 0,
      detail: relay.description,
    });
    this.keeper = new ConnectionKeeper(relay, {
      ...(options.backoff && { backoff: options.backoff }),
      // Fail-safe on every (re)connect: all off and confirmed, then the hold re-applied if one is active.
      onOpened: () => this.serialise(() => this.resetRelay()),
      beforeClose: () => this.serialise(() => this.relay.allOff().then(() => undefined)),
    });
    this.keeper.onState((event) => {
      this.connected = event.state === 'open';
      if (event.state === 'waiting' && event.error && !(event.error instanceof GateNotOffError)) {
        this.error(event.error.message);
      }
      this.refresh();
    });
  }

  /** Opens the relay and drives it off; resolves after the first attempt (the gate may still be connecting). */
  async start(): Promise<void> {
    if (this.options.exitFailSafe !== false && !this.removeExitHook) {
      this.removeExitHook = registerExitFailSafe(() => this.relay.allOffSync());
    }
    const emergency = this.options.emergencyInput;
    if (emergency) {
      this.unsubscribes.push(
        emergency.onChange((active) => {
          if (active) void this.holdOpen('emergency input (fire alarm)');
          else void this.release();
        }),
      );
    }
    await this.keeper.start();
    if (emergency?.active) await this.holdOpen('emergency input (fire alarm)');
  }

  open(direction: GateDirection, scanId: string): Promise<GateResult> {
    return this.serialise(async (): Promise<GateResult> => {
      if (this.heldReason !== null) return { kind: 'held-open' };
      if (this.notOff) return { kind: 'failed', reason: `${GATE_CODES.notOff}: relay not confirmed off` };
      if (!this.connected)
        return { kind: 'failed', reason: `${GATE_CODES.disconnected}: relay not connected` };
      const channel = direction === 'entry' ? this.options.entryChannel : this.options.exitChannel;
      // Pulse lengths run on the monotonic clock: a wall clock stepped back mid-pulse (NTP, a tech)
      // must not hold the turnstile open for the size of the step.
      const started = performance.now();
      try {
        const on = await this.relay.set(channel, true);
        if (!this.accepted(on, true)) {
          await this.forceOff();
          return this.failed(`relay channel ${channel} did not switch on`);
        }
        await sleep(this.options.pulseMs - (performance.now() - started));
        const off = await this.relay.set(channel, false);
        const ms = Math.round(performance.now() - started);
        if (!this.accepted(off, false)) {
          this.markNotOff(`relay channel ${channel} did not switch off after the pulse`);
          await this.forceOff();
          // Still on: reconnect, which retries "all off" with back-off until the relay confirms it.
          if (this.notOff) this.keeper.kick();
          return {
            kind: 'failed',
            reason: `${GATE_CODES.notOff}: relay channel ${channel} did not switch off`,
          };
        }
        this.healthState.update({ lastReadAt: this.now() });
        this.watchPassage(scanId, direction);
        return { kind: 'pulsed', channel, ms };
      } catch (error) {
        // Unplugged mid-pulse: the reconnect drives it off; try now too.
        await this.forceOff();
        return this.failed(`relay command failed: ${message(error)}`);
      }
    });
  }

  /** Emergency free passage: both channels on until `release`. Reported in health with GATE-HELD-OPEN. */
  holdOpen(reason: string): Promise<GateResult> {
    return this.serialise(async (): Promise<GateResult> => {
      this.heldReason = reason.slice(0, 200);
      this.refresh();
      try {
        await this.applyHold();
        return { kind: 'held-open' };
      } catch (error) {
        return this.failed(`could not hold the gate open: ${message(error)}`);
      }
    });
  }

  /** Ends free passage: every channel off and confirmed. */
  release(): Promise<void> {
    return this.serialise(async () => {
      if (this.heldReason === null) return;
      this.heldReason = null;
      try {
        await this.confirmAllOff();
      } catch (error) {
        this.markNotOff(`release failed: ${message(error)}`);
      }
      this.refresh();
    });
  }

  get heldOpen(): boolean {
    return this.heldReason !== null;
  }

  /** Passage checks: `passed: false` is "admitted but did not pass" (journal it with the scan). */
  onPassage(listener: (result: PassageResult) => void): () => void {
    this.passageListeners.add(listener);
    return () => this.passageListeners.delete(listener);
  }

  /** Drives the relay off, stops reconnecting and removes the exit handler. */
  async close(): Promise<void> {
    this.heldReason = null;
    for (const unsubscribe of this.unsubscribes.splice(0)) unsubscribe();
    await this.keeper.stop();
    this.removeExitHook?.();
    this.removeExitHook = null;
    this.refresh();
  }

  health(): DeviceHealth {
    return this.healthState.health();
  }

  onHealth(listener: (health: DeviceHealth) => void): () => void {
    return this.healthState.onHealth(listener);
  }

  private async resetRelay(): Promise<void> {
    await this.confirmAllOff();
    if (this.heldReason !== null) await this.applyHold();
  }

  private async confirmAllOff(): Promise<void> {
    const result = await this.relay.allOff();
    if (!this.accepted(result, false)) {
      const detail =
        result.confirmed === undefined
          ? 'the relay did not report its state'
          : `channels ${result.onChannels?.join(', ')} still on`;
      this.markNotOff(detail);
      throw new GateNotOffError(`${GATE_CODES.notOff}: ${detail}`);
    }
    this.notOff = false;
    this.refresh();
  }

  private async applyHold(): Promise<void> {
    for (const channel of new Set([this.options.entryChannel, this.options.exitChannel])) {
      const result = await this.relay.set(channel, true);
      if (!this.accepted(result, true)) throw new Error(`channel ${channel} did not switch on`);
    }
  }

  private async forceOff(): Promise<void> {
    try {
      await this.confirmAllOff();
    } catch {
      // Already reported (GATE-NOT-OFF) or the board is gone (the reconnect resets it).
    }
  }

  private accepted(result: RelayConfirmation, _wanted: boolean): boolean {
    if (result.confirmed === undefined) return !this.requireConfirmation;
    return result.confirmed;
  }

  private watchPassage(scanId: string, direction: GateDirection): void {
    const input = this.options.passageInput;
    if (!input) return;
    const timeoutMs = this.options.passageTimeoutMs ?? 5000;
    let unsubscribe: () => void = () => {};
    const finish = (passed: boolean): void => {
      clearTimeout(timer);
      unsubscribe();
      if (!passed) this.error(`admitted but did not pass (scan ${scanId.slice(0, 8)})`);
      for (const listener of [...this.passageListeners]) {
        try {
          listener({ scanId, direction, passed });
        } catch {
          // Listener bugs must not stop the gate.
        }
      }
    };
    const timer = setTimeout(() => finish(false), timeoutMs);
    unsubscribe = input.onChange((active) => {
      if (active) finish(true);
    });
  }

  private markNotOff(detail: string): void {
    const already = this.notOff;
    this.notOff = true;
    // Count the fault once, not once per retry.
    if (!already) this.error(`${GATE_CODES.notOff}: ${detail}`);
    else this.refresh();
  }

  private failed(reason: string): GateResult {
    this.error(reason);
    return { kind: 'failed', reason };
  }

  private error(text: string): void {
    this.errors++;
    this.healthState.update({ errors: this.errors, lastError: text.slice(0, 200) });
    this.refresh();
  }

  private refresh(): void {
    const state: DeviceHealth['state'] = this.notOff
      ? 'fault'
      : this.keeper.state === 'open'
        ? 'connected'
        : this.keeper.state === 'stopped'
          ? 'disabled'
          : this.keeper.state === 'connecting'
            ? 'connecting'
            : 'disconnected';
    const code = this.notOff
      ? GATE_CODES.notOff
      : this.heldReason !== null
        ? GATE_CODES.heldOpen
        : state === 'disconnected'
          ? GATE_CODES.disconnected
          : undefined;
    this.healthState.update({
      state,
      code,
      detail: this.heldReason !== null ? `held open: ${this.heldReason}` : this.relay.description,
    });
  }

  private serialise<T>(task: () => Promise<T>): Promise<T> {
    const run = this.queue.then(task, task);
    this.queue = run.catch(() => {});
    return run;
  }
}

function sleep(ms: number): Promise<void> {
  return ms > 0 ? new Promise((resolve) => setTimeout(resolve, ms)) : Promise.resolve();
}

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
