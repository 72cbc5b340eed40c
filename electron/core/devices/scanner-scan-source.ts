import type { BarcodeRead } from '../../../native/barcode/barcode-read.js';
import type { ScannerFeedback } from '../../../native/barcode/scanner-protocol.js';
import type { ScannerStatus } from '../../../native/barcode/serial-scanner.js';
import type { LinkState } from '../../../native/lifecycle/connection-keeper.js';
import type { Outcome } from '../../common/contract.js';
import type { ScanInput } from '../scan/scan-input.js';
import type { DeviceHealth } from './device-health.js';
import { HealthState } from './health-state.js';
import type { ScanSource } from './scan-source.js';

/** What the adapter needs of a scanner driver (SerialScanner, HidPosScanner). */
export interface ScannerDriver {
  start(): Promise<void>;
  stop(): Promise<void>;
  onRead(listener: (read: BarcodeRead, atMs: number) => void): () => void;
  onStatus(listener: (status: ScannerStatus) => void): () => void;
  status(): ScannerStatus;
  feedback?(result: ScannerFeedback): void;
}

const STATE: Record<LinkState, DeviceHealth['state']> = {
  open: 'connected',
  connecting: 'connecting',
  waiting: 'disconnected',
  stopped: 'disabled',
};

/**
 * A serial or HID POS barcode engine as a {@link ScanSource}. Each read becomes a ScanInput stamped with
 * the driver's clock at the moment the read's last byte (or report) arrived; health follows the driver.
 */
export class ScannerScanSource implements ScanSource {
  private readonly healthState: HealthState;
  private started = false;

  constructor(
    readonly id: string,
    readonly kind: string,
    private readonly driver: ScannerDriver,
    detail: string,
  ) {
    this.healthState = new HealthState({ id, role: 'scanner', kind, state: 'disabled', errors: 0, detail });
    driver.onStatus((status) => this.follow(status));
  }

  async start(emit: (read: ScanInput) => void, signal: AbortSignal): Promise<void> {
    if (this.started || signal.aborted) return;
    this.started = true;
    const unsubscribe = this.driver.onRead((read, atMs) => {
      emit({
        token: read.text,
        inputType: 'Barcode',
        barcodeType: read.barcodeType,
        ...(read.symbology && { symbology: read.symbology }),
        source: this.id,
        receivedAt: atMs,
      });
    });
    signal.addEventListener(
      'abort',
      () => {
        unsubscribe();
        void this.driver.stop().finally(() => this.follow(this.driver.status()));
      },
      { once: true },
    );
    await this.driver.start();
  }

  feedback(outcome: Outcome | 'idle'): void {
    try {
      this.driver.feedback?.(outcome);
    } catch {
      // Feedback is a courtesy to the patron; it never breaks the pipeline.
    }
  }

  health(): DeviceHealth {
    return this.healthState.health();
  }

  onHealth(listener: (health: DeviceHealth) => void): () => void {
    return this.healthState.onHealth(listener);
  }

  private follow(status: ScannerStatus): void {
    const state = STATE[status.link];
    this.healthState.update({
      state,
      errors: status.errors,
      lastReadAt: status.lastReadAt,
      lastError: status.lastError,
      code: state === 'disconnected' ? 'SCANNER-DISCONNECTED' : undefined,
    });
  }
}
