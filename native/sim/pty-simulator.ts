import { NodeSerialTransport } from '../transport/node-serial-transport.js';
import { PtyPair } from './pty-pair.js';

/**
 * The device side of a simulated serial device: a socat pty pair whose `hostPath` the driver opens with
 * real serialport, and the simulator holding the other end. Subclasses answer what the driver writes.
 */
export abstract class PtySimulator {
  private pair: PtyPair | null = null;
  private port: NodeSerialTransport | null = null;
  /** Every chunk the driver wrote, with the clock at arrival (performance.now()). */
  readonly received: Array<{ at: number; bytes: Uint8Array }> = [];

  get hostPath(): string {
    if (!this.pair) throw new Error('simulator not started');
    return this.pair.hostPath;
  }

  async start(dir?: string): Promise<void> {
    this.pair = await PtyPair.open(dir);
    await this.attach();
  }

  /** Sends raw bytes to the driver, optionally split into chunks at the given offsets with a pause between. */
  async send(bytes: Uint8Array | string, splitAt: number[] = [], pauseMs = 2): Promise<void> {
    const data = typeof bytes === 'string' ? new TextEncoder().encode(bytes) : bytes;
    const cuts = [0, ...splitAt.filter((n) => n > 0 && n < data.length).sort((a, b) => a - b), data.length];
    for (let i = 0; i + 1 < cuts.length; i++) {
      if (i > 0 && pauseMs > 0) await new Promise((resolve) => setTimeout(resolve, pauseMs));
      await this.portOrThrow().write(data.subarray(cuts[i], cuts[i + 1]));
    }
  }

  /** The cable is pulled: socat dies and the driver's port closes. */
  async unplug(): Promise<void> {
    await this.port?.close();
    this.port = null;
    await this.pair?.unplug();
  }

  async replug(): Promise<void> {
    await this.pair?.replug();
    await this.attach();
  }

  async stop(): Promise<void> {
    await this.port?.close().catch(() => {});
    this.port = null;
    await this.pair?.close();
    this.pair = null;
  }

  /** Bytes from the driver, in arrival order (chunking depends on the OS). */
  protected abstract onBytes(bytes: Uint8Array, at: number): void;

  protected write(bytes: Uint8Array): Promise<void> {
    return this.portOrThrow().write(bytes);
  }

  private async attach(): Promise<void> {
    const pair = this.pair;
    if (!pair) throw new Error('simulator not started');
    const port = new NodeSerialTransport({ path: pair.devicePath, baudRate: 9600 });
    port.onData((chunk) => {
      const at = performance.now();
      // Bounded: keep the latest 10,000 chunks.
      if (this.received.length >= 10_000) this.received.shift();
      this.received.push({ at, bytes: chunk });
      this.onBytes(chunk, at);
    });
    await port.open();
    this.port = port;
  }

  private portOrThrow(): NodeSerialTransport {
    if (!this.port) throw new Error('simulator is unplugged');
    return this.port;
  }
}
