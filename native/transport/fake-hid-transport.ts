import { Listeners } from './byte-transport.js';
import {
  describeHidSelector,
  type HidSelector,
  type HidTransport,
  type HidTransportFactory,
} from './hid-transport.js';

/**
 * One fake HID device: tests send input reports (recorded bytes from a real scanner), read the feature
 * reports a driver sent, answer feature-report reads, and unplug or replug it. No virtual HID exists on
 * the CI machines (no uhid), so this is how the HID drivers' lifecycle is tested.
 */
export class FakeHidDevice {
  readonly featureReportsSent: Uint8Array[] = [];
  readonly writes: Uint8Array[] = [];
  openCount = 0;
  failOpens = 0;
  /** Answers `getFeatureReport`; the default echoes a zeroed report of the asked length. */
  featureReportReader: ((reportId: number, length: number) => Uint8Array) | undefined;
  /** Called after every feature report the driver sent (a fake relay updates its state here). */
  onFeatureReport: ((report: Uint8Array) => void) | undefined;
  private present = true;
  private open: FakeHidPort | null = null;

  constructor(readonly key: string) {}

  get isOpen(): boolean {
    return this.open !== null;
  }

  /** An input report, report id in byte 0. */
  emit(report: Uint8Array | number[]): void {
    this.open?.deliver(report instanceof Uint8Array ? report : Uint8Array.from(report));
  }

  unplug(): void {
    this.present = false;
    const port = this.open;
    this.open = null;
    port?.lost(new Error(`${this.key} disconnected`));
  }

  replug(): void {
    this.present = true;
  }

  reset(): void {
    this.featureReportsSent.length = 0;
    this.writes.length = 0;
    this.openCount = 0;
    this.failOpens = 0;
  }

  /** @internal */
  attach(port: FakeHidPort): void {
    if (!this.present) throw new Error(`cannot open device ${this.key}`);
    if (this.failOpens > 0) {
      this.failOpens--;
      throw new Error(`cannot open device ${this.key}`);
    }
    this.open = port;
    this.openCount++;
  }

  /** @internal */
  detach(port: FakeHidPort): void {
    if (this.open === port) this.open = null;
  }

  /** @internal */
  readFeature(reportId: number, length: number): Uint8Array {
    const report = this.featureReportReader?.(reportId, length) ?? new Uint8Array(length);
    return report.slice(0, length);
  }
}

class FakeHidPort implements HidTransport {
  readonly description: string;
  private isOpen = false;
  private readonly reports = new Listeners<[Uint8Array]>();
  private readonly closed = new Listeners<[Error | undefined]>();

  constructor(
    private readonly device: FakeHidDevice,
    selector: HidSelector,
  ) {
    this.description = describeHidSelector(selector);
  }

  async open(): Promise<void> {
    await Promise.resolve();
    if (this.isOpen) return;
    this.device.attach(this);
    this.isOpen = true;
  }

  async close(): Promise<void> {
    await Promise.resolve();
    this.isOpen = false;
    this.device.detach(this);
  }

  onReport(listener: (report: Uint8Array) => void): () => void {
    return this.reports.add(listener);
  }

  onClose(listener: (error?: Error) => void): () => void {
    return this.closed.add(listener);
  }

  async write(report: Uint8Array): Promise<void> {
    this.check();
    await Promise.resolve();
    this.device.writes.push(report.slice());
  }

  async sendFeatureReport(report: Uint8Array): Promise<void> {
    this.check();
    await Promise.resolve();
    this.device.featureReportsSent.push(report.slice());
    this.device.onFeatureReport?.(report.slice());
  }

  async getFeatureReport(reportId: number, length: number): Promise<Uint8Array> {
    this.check();
    await Promise.resolve();
    return this.device.readFeature(reportId, length);
  }

  deliver(report: Uint8Array): void {
    if (this.isOpen) this.reports.emit(report.slice());
  }

  lost(error: Error): void {
    if (!this.isOpen) return;
    this.isOpen = false;
    this.closed.emit(error);
  }

  private check(): void {
    if (!this.isOpen) throw new Error(`${this.description} is not open`);
  }
}

/** Fake HID devices keyed by path or `vvvv:pppp`; `factory` is a drop-in {@link HidTransportFactory}. */
export class FakeHidBus {
  private readonly devices = new Map<string, FakeHidDevice>();

  device(selector: HidSelector | string): FakeHidDevice {
    const key = typeof selector === 'string' ? selector : describeHidSelector(selector);
    let device = this.devices.get(key);
    if (!device) {
      device = new FakeHidDevice(key);
      this.devices.set(key, device);
    }
    return device;
  }

  readonly factory: HidTransportFactory = (selector) => new FakeHidPort(this.device(selector), selector);
}
