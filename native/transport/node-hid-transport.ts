import HID from 'node-hid';
import { Listeners } from './byte-transport.js';
import { describeHidSelector, type HidSelector, type HidTransport } from './hid-transport.js';

/** The real HID transport over node-hid's async API (hidraw on Linux; needs libusb-1.0 at run time). */
export class NodeHidTransport implements HidTransport {
  readonly description: string;
  private device: HID.HIDAsync | null = null;
  private readonly reports = new Listeners<[Uint8Array]>();
  private readonly closed = new Listeners<[Error | undefined]>();

  constructor(private readonly selector: HidSelector) {
    this.description = describeHidSelector(selector);
  }

  async open(): Promise<void> {
    if (this.device) return;
    const { path, vendorId, productId } = this.selector;
    let device: HID.HIDAsync;
    if (path) device = await HID.HIDAsync.open(path);
    else if (vendorId !== undefined && productId !== undefined)
      device = await HID.HIDAsync.open(vendorId, productId);
    else throw new Error('a HID device needs a path or a vendorId and productId');
    this.device = device;
    device.on('data', (report: Buffer) => this.reports.emit(new Uint8Array(report)));
    // node-hid reports an unplug as a read error and stops reading; the device is gone.
    device.on('error', (error: Error) => {
      if (this.device !== device) return;
      this.device = null;
      void device.close().catch(() => {});
      this.closed.emit(error);
    });
  }

  async close(): Promise<void> {
    const device = this.device;
    this.device = null;
    if (!device) return;
    device.removeAllListeners();
    await device.close().catch(() => {});
  }

  onReport(listener: (report: Uint8Array) => void): () => void {
    return this.reports.add(listener);
  }

  onClose(listener: (error?: Error) => void): () => void {
    return this.closed.add(listener);
  }

  async write(report: Uint8Array): Promise<void> {
    await this.open_().write(Buffer.from(report));
  }

  async sendFeatureReport(report: Uint8Array): Promise<void> {
    await this.open_().sendFeatureReport(Buffer.from(report));
  }

  /**
   * The exit handler cannot await: it opens the device again with node-hid's synchronous API (hidraw
   * allows a second handle) and sends the report.
   */
  sendFeatureReportSync(report: Uint8Array): void {
    const { path, vendorId, productId } = this.selector;
    const device = path ? new HID.HID(path) : new HID.HID(vendorId ?? 0, productId ?? 0);
    try {
      device.sendFeatureReport(Buffer.from(report));
    } finally {
      device.close();
    }
  }

  async getFeatureReport(reportId: number, length: number): Promise<Uint8Array> {
    return new Uint8Array(await this.open_().getFeatureReport(reportId, length));
  }

  private open_(): HID.HIDAsync {
    if (!this.device) throw new Error(`${this.description} is not open`);
    return this.device;
  }
}

export const nodeHidTransport = (selector: HidSelector): HidTransport => new NodeHidTransport(selector);
