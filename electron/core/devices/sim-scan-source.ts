import type { Outcome } from '../../common/contract.js';
import type { ScanInput } from '../scan/scan-input.js';
import type { DeviceHealth } from './device-health.js';
import { HealthState } from './health-state.js';
import type { ScanSource } from './scan-source.js';

/**
 * An in-process scanner for demo mode (`kind: "sim"`): reads are injected by the demo panel or a test,
 * stamped with the kiosk clock at injection. Records the feedback it was given.
 */
export class SimScanSource implements ScanSource {
  readonly feedbackLog: Array<Outcome | 'idle'> = [];
  private emit: ((read: ScanInput) => void) | null = null;
  private readonly healthState: HealthState;

  constructor(
    readonly id: string,
    private readonly now: () => number = Date.now,
  ) {
    this.healthState = new HealthState({
      id,
      role: 'scanner',
      kind: 'sim',
      state: 'disabled',
      errors: 0,
      detail: 'simulated',
    });
  }

  async start(emit: (read: ScanInput) => void, signal: AbortSignal): Promise<void> {
    if (signal.aborted) return;
    this.emit = emit;
    this.healthState.update({ state: 'connected' });
    signal.addEventListener(
      'abort',
      () => {
        this.emit = null;
        this.healthState.update({ state: 'disabled' });
      },
      { once: true },
    );
  }

  /** A scan as a real engine would hand it over; returns false when the source is not started. */
  inject(text: string, options: { barcodeType?: 'Barcode' | 'QRCode'; symbology?: string } = {}): boolean {
    if (!this.emit) return false;
    const at = this.now();
    this.emit({
      token: text,
      inputType: 'Barcode',
      barcodeType: options.barcodeType ?? 'Barcode',
      ...(options.symbology && { symbology: options.symbology }),
      source: this.id,
      receivedAt: at,
    });
    this.healthState.update({ lastReadAt: at });
    return true;
  }

  feedback(outcome: Outcome | 'idle'): void {
    this.feedbackLog.push(outcome);
    if (this.feedbackLog.length > 1000) this.feedbackLog.shift();
  }

  health(): DeviceHealth {
    return this.healthState.health();
  }

  onHealth(listener: (health: DeviceHealth) => void): () => void {
    return this.healthState.onHealth(listener);
  }
}
