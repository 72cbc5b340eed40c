import { EventEmitter } from 'node:events';
import { withTimeLimit } from '../timeout-signal.js';

export interface ConnectivityThresholds {
  /** This many provider faults (failure or past the budget) in a row switch to offline. */
  faultsInARow: number;
  /** …or a moving average of answer times above this (ms) over the last `averageWindow` answers. */
  slowAverageMs: number;
  averageWindow: number;
  /** While offline, how often the background probe asks the API whether it answers again. */
  probeIntervalMs: number;
}

export type Connectivity = 'online' | 'offline';

interface MonitorEvents {
  change: [Connectivity, { since: number; reason: string }];
}

/**
 * Decides online ⇄ offline from what scans and probes see. Going offline is driven by scans (faults,
 * slowness); coming back only by a probe that succeeded, so a patron is never the one who finds out
 * whether the API is back.
 */
export class ConnectivityMonitor extends EventEmitter<MonitorEvents> {
  private state: Connectivity = 'online';
  private sinceAt: number;
  private faults = 0;
  private readonly latencies: number[] = [];
  private probeTimer: NodeJS.Timeout | undefined;
  private probing = false;

  constructor(
    private readonly thresholds: ConnectivityThresholds,
    private readonly probe: (signal: AbortSignal) => Promise<void>,
    private readonly now: () => number = Date.now,
  ) {
    super();
    this.sinceAt = now();
  }

  get mode(): Connectivity {
    return this.state;
  }

  get since(): number {
    return this.sinceAt;
  }

  /** A provider call answered (whatever the ticket's outcome) in `latencyMs`. */
  recordSuccess(latencyMs: number): void {
    this.faults = 0;
    this.latencies.push(latencyMs);
    if (this.latencies.length > this.thresholds.averageWindow) this.latencies.shift();
    if (this.latencies.length === this.thresholds.averageWindow) {
      const average = this.latencies.reduce((a, b) => a + b, 0) / this.latencies.length;
      if (average > this.thresholds.slowAverageMs) this.goOffline(`slow: average ${Math.round(average)} ms`);
    }
  }

  /** A provider call failed or ran past the scan's budget. */
  recordFault(reason: string): void {
    this.faults += 1;
    if (this.faults >= this.thresholds.faultsInARow)
      this.goOffline(`${this.faults} faults in a row (${reason})`);
  }

  /** Switch to offline now (scan faults, or the API did not answer at start-up). */
  goOffline(reason: string): void {
    if (this.state === 'offline') return;
    this.state = 'offline';
    this.sinceAt = this.now();
    this.emit('change', 'offline', { since: this.sinceAt, reason });
    this.scheduleProbe();
  }

  stop(): void {
    clearTimeout(this.probeTimer);
    this.probeTimer = undefined;
  }

  private goOnline(): void {
    this.state = 'online';
    this.sinceAt = this.now();
    this.faults = 0;
    this.latencies.length = 0;
    this.emit('change', 'online', { since: this.sinceAt, reason: 'probe answered' });
  }

  private scheduleProbe(): void {
    clearTimeout(this.probeTimer);
    this.probeTimer = setTimeout(() => void this.runProbe(), this.thresholds.probeIntervalMs);
    this.probeTimer.unref();
  }

  private async runProbe(): Promise<void> {
    if (this.probing || this.state === 'online') return;
    this.probing = true;
    try {
      // A probe that hung would leave the kiosk offline for good: its time-out must be one that fires.
      await withTimeLimit(undefined, Math.max(1000, this.thresholds.probeIntervalMs), (signal) =>
        this.probe(signal),
      );
      this.goOnline();
    } catch {
      this.scheduleProbe();
    } finally {
      this.probing = false;
    }
  }
}
