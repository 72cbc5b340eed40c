import { EventEmitter } from 'node:events';
import type { ScanSubmit } from '../../common/contract.js';
import type { ScanInput } from '../scan/scan-input.js';
import type { DeviceHealth } from './device-health.js';
import type { ScanSource } from './scan-source.js';

/**
 * The keyboard wedge: a scanner that types into the renderer. The renderer's wedge detector recognises
 * a burst and submits it over the contract (`scan.submit`); this source stamps it with the kiosk's clock
 * and hands it to the pipeline like any other device's read.
 */
export class RendererWedgeSource implements ScanSource {
  readonly id = 'wedge';
  private emit: ((read: ScanInput) => void) | undefined;
  private readonly changes = new EventEmitter<{ health: [DeviceHealth] }>();
  private state: DeviceHealth = {
    id: this.id,
    role: 'scanner',
    kind: 'wedge',
    state: 'disconnected',
    errors: 0,
    detail: 'keyboard wedge in the kiosk screen',
  };

  constructor(private readonly now: () => number) {}

  async start(emit: (read: ScanInput) => void, signal: AbortSignal): Promise<void> {
    this.emit = emit;
    signal.addEventListener('abort', () => (this.emit = undefined), { once: true });
  }

  /** A burst the renderer recognised. False when the kiosk is not (or no longer) taking reads. */
  submit(scan: ScanSubmit): boolean {
    const emit = this.emit;
    if (!emit) return false;
    const receivedAt = this.now();
    this.update({ lastReadAt: receivedAt });
    emit({
      token: scan.token,
      inputType: scan.inputType,
      ...(scan.barcodeType && { barcodeType: scan.barcodeType }),
      source: this.id,
      receivedAt,
    });
    return true;
  }

  /** Whether a kiosk screen is connected to type into (the shells report it). */
  setConnected(connected: boolean): void {
    const state = connected ? 'connected' : 'disconnected';
    if (state !== this.state.state) this.update({ state });
  }

  health(): DeviceHealth {
    return this.state;
  }

  onHealth(listener: (health: DeviceHealth) => void): () => void {
    this.changes.on('health', listener);
    return () => void this.changes.off('health', listener);
  }

  private update(patch: Partial<DeviceHealth>): void {
    this.state = { ...this.state, ...patch };
    this.changes.emit('health', this.state);
  }
}
