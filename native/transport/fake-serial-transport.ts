import {
  Listeners,
  type ByteTransport,
  type SerialOptions,
  type SerialTransportFactory,
} from './byte-transport.js';

/**
 * One fake serial device on a {@link FakeSerialBus}: the test side of a port. Tests emit bytes as the device,
 * read what the driver wrote, unplug and replug it, and can answer writes (a fake relay that acknowledges).
 */
export class FakeSerialDevice {
  /** Every write the driver made, in order, with the options it opened with. */
  readonly writes: Uint8Array[] = [];
  openCount = 0;
  lastOptions: SerialOptions | undefined;
  /** When set, every write is passed here; whatever it returns is sent back to the driver. */
  respond: ((written: Uint8Array) => Uint8Array | undefined) | undefined;
  /** The next `n` opens fail (device busy, permission denied). */
  failOpens = 0;
  private present = true;
  private open: FakeSerialPort | null = null;

  constructor(readonly path: string) {}

  get isOpen(): boolean {
    return this.open !== null;
  }

  get plugged(): boolean {
    return this.present;
  }

  /** Sends bytes to the driver as the device would. Dropped (as on a real line) when the port is closed. */
  emit(bytes: Uint8Array | string): void {
    const chunk = typeof bytes === 'string' ? new TextEncoder().encode(bytes) : bytes;
    this.open?.deliver(chunk);
  }

  /** The cable is pulled: the open port closes with a disconnect error, and opens fail until replugged. */
  unplug(): void {
    this.present = false;
    const port = this.open;
    this.open = null;
    port?.lost(new Error(`${this.path} disconnected`));
  }

  replug(): void {
    this.present = true;
  }

  /** Forgets writes and open counts; leaves the plug state alone. */
  reset(): void {
    this.writes.length = 0;
    this.openCount = 0;
    this.failOpens = 0;
    this.respond = undefined;
  }

  /** @internal Called by the driver-side port. */
  attach(port: FakeSerialPort, options: SerialOptions): void {
    if (!this.present) throw new Error(`${this.path}: no such file or directory`);
    if (this.failOpens > 0) {
      this.failOpens--;
      throw new Error(`${this.path}: resource busy`);
    }
    if (this.open && this.open !== port) throw new Error(`${this.path}: port is locked by another process`);
    this.open = port;
    this.openCount++;
    this.lastOptions = options;
  }

  /** @internal */
  detach(port: FakeSerialPort): void {
    if (this.open === port) this.open = null;
  }

  /** @internal */
  received(bytes: Uint8Array): void {
    this.writes.push(bytes.slice());
    const reply = this.respond?.(bytes);
    if (reply && reply.length > 0) queueMicrotask(() => this.emit(reply));
  }
}

/** The driver side of a fake port; behaves like {@link NodeSerialTransport} (async, closes on unplug). */
class FakeSerialPort implements ByteTransport {
  readonly description: string;
  private isOpen = false;
  private readonly data = new Listeners<[Uint8Array]>();
  private readonly closed = new Listeners<[Error | undefined]>();

  constructor(
    private readonly device: FakeSerialDevice,
    private readonly options: SerialOptions,
  ) {
    this.description = options.path;
  }

  async open(): Promise<void> {
    await Promise.resolve();
    if (this.isOpen) return;
    this.device.attach(this, this.options);
    this.isOpen = true;
  }

  async close(): Promise<void> {
    await Promise.resolve();
    if (!this.isOpen) return;
    this.isOpen = false;
    this.device.detach(this);
  }

  async write(bytes: Uint8Array): Promise<void> {
    await Promise.resolve();
    if (!this.isOpen) throw new Error(`${this.description} is not open`);
    this.device.received(bytes);
  }

  onData(listener: (chunk: Uint8Array) => void): () => void {
    return this.data.add(listener);
  }

  onClose(listener: (error?: Error) => void): () => void {
    return this.closed.add(listener);
  }

  deliver(chunk: Uint8Array): void {
    if (this.isOpen) this.data.emit(chunk.slice());
  }

  lost(error: Error): void {
    if (!this.isOpen) return;
    this.isOpen = false;
    this.closed.emit(error);
  }
}

/** A set of fake serial devices by path; `factory` is a drop-in {@link SerialTransportFactory}. */
export class FakeSerialBus {
  private readonly devices = new Map<string, FakeSerialDevice>();

  /** The device at `path`, created (plugged in) on first use. */
  device(path: string): FakeSerialDevice {
    let device = this.devices.get(path);
    if (!device) {
      device = new FakeSerialDevice(path);
      this.devices.set(path, device);
    }
    return device;
  }

  readonly factory: SerialTransportFactory = (options) =>
    new FakeSerialPort(this.device(options.path), options);
}
