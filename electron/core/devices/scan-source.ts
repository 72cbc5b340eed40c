import type { Outcome } from '../../common/contract.js';
import type { ReadFailure, ScanInput } from '../scan/scan-input.js';
import type { DeviceHealth, HealthReporter } from './device-health.js';

/**
 * One input a scan can come from: a keyboard wedge in the renderer, a serial or USB barcode engine, an NFC
 * reader. Sources never decide anything; they hand reads to the pipeline, stamped with the time the
 * device read them (the decision budget starts there, so time a read spends in a buffer or a worker
 * counts against it).
 */
export interface ScanSource extends HealthReporter {
  /** Unique per kiosk; becomes `ScanInput.source` (re-read suppression is per source). */
  readonly id: string;
  /**
   * Opens the device and keeps it open (reconnecting with back-off after an unplug) until `signal` aborts;
   * each read goes to `emit`. Resolves once started; never rejects for a device that is absent (that is a
   * health state, not an error). A read that yields no token (an unreadable wallet pass) goes to `fail`.
   */
  start(
    emit: (read: ScanInput) => void,
    signal: AbortSignal,
    fail?: (failure: ReadFailure) => void,
  ): Promise<void>;
  /**
   * Told what the patron is being shown, so an engine can beep, or stop scanning while a result is on
   * screen (`idle` when the idle screen returns). Optional; must not throw.
   */
  feedback?(outcome: Outcome | 'idle'): void;
  /** Health of the parts behind this source, when there are several (each NFC reader). */
  parts?(): DeviceHealth[];
}
