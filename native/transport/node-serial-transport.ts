import { writeSync } from 'node:fs';
import { SerialPort } from 'serialport';
import { Listeners, type ByteTransport, type SerialOptions } from './byte-transport.js';

/**
 * The real serial transport over `serialport` (USB CDC-ACM, CH340, RS-232 adapters, ptys). A new
 * `SerialPort` is made per open, because a port object that saw a disconnect cannot be reopened cleanly.
 */
export class NodeSerialTransport implements ByteTransport {
  readonly description: string;
  private port: SerialPort | null = null;
  private readonly data = new Listeners<[Uint8Array]>();
  private readonly closed = new Listeners<[Error | undefined]>();

  constructor(private readonly options: SerialOptions) {
    this.description = options.path;
  }

  open(): Promise<void> {
    if (this.port?.isOpen) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const port = new SerialPort({
        path: this.options.path,
        baudRate: this.options.baudRate,
        dataBits: this.options.dataBits ?? 8,
        stopBits: this.options.stopBits ?? 1,
        parity: this.options.parity ?? 'none',
        autoOpen: false,
        // Several kiosks share one USB hub; another process holding the port is an error, not shared access.
        lock: true,
      });
      port.open((error) => {
        if (error) {
          reject(error);
          return;
        }
        this.port = port;
        port.on('data', (chunk: Buffer) => this.data.emit(chunk));
        // Errors after open arrive as 'close' with `disconnected`; 'error' must still have a listener.
        port.on('error', () => {});
        port.on('close', (closeError?: Error | null) => {
          if (this.port === port) this.port = null;
          this.closed.emit(closeError ?? undefined);
        });
        resolve();
      });
    });
  }

  close(): Promise<void> {
    const port = this.port;
    this.port = null;
    if (!port?.isOpen) return Promise.resolve();
    return new Promise((resolve) => {
      port.removeAllListeners('close');
      port.close(() => resolve());
    });
  }

  write(bytes: Uint8Array): Promise<void> {
    const port = this.port;
    if (!port?.isOpen) return Promise.reject(new Error(`${this.description} is not open`));
    return new Promise((resolve, reject) => {
      port.write(Buffer.from(bytes), (error) => {
        if (error) reject(error);
        else port.drain((drainError) => (drainError ? reject(drainError) : resolve()));
      });
    });
  }

  writeSync(bytes: Uint8Array): void {
    // serialport's Linux/Darwin binding keeps the open file descriptor on `port.fd`.
    const fd = (this.port?.port as { fd?: number | null } | undefined)?.fd;
    if (typeof fd !== 'number') throw new Error(`${this.description} is not open`);
    writeSync(fd, bytes);
  }

  onData(listener: (chunk: Uint8Array) => void): () => void {
    return this.data.add(listener);
  }

  onClose(listener: (error?: Error) => void): () => void {
    return this.closed.add(listener);
  }
}

export const nodeSerialTransport = (options: SerialOptions): ByteTransport =>
  new NodeSerialTransport(options);
