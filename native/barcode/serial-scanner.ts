import { ConnectionKeeper, type BackoffOptions, type LinkState } from '../lifecycle/connection-keeper.js';
import { Listeners, type ByteTransport } from '../transport/byte-transport.js';
import type { BarcodeRead, DropCounts } from './barcode-read.js';
import type { ScannerFeedback, ScannerProtocol } from './scanner-protocol.js';

/** What staff see of a scanner driver; the core maps it onto its device health. */
export interface ScannerStatus {
  link: LinkState;
  /** Errors since start: failed opens, unplugs, dropped frames, refused commands. */
  errors: number;
  lastError?: string;
  /** Clock ms of the last good read. */
  lastReadAt?: number;
  reads: number;
  dropped: DropCounts;
}

export interface ScannerDriverOptions {
  backoff?: BackoffOptions;
  /** The clock reads are stamped with (the kiosk's clock, epoch ms). */
  now?: () => number;
}

/**
 * A serial barcode engine: keeps its port open (reconnecting after unplug), feeds bytes to the protocol,
 * and hands out each read stamped with the clock at the moment its last byte arrived.
 */
export class SerialScanner {
  private readonly keeper: ConnectionKeeper;
  private readonly reads = new Listeners<[BarcodeRead, number]>();
  private readonly statuses = new Listeners<[ScannerStatus]>();
  private readonly now: () => number;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private state: Omit<ScannerStatus, 'dropped'> = { link: 'stopped', errors: 0, reads: 0 };

  constructor(
    readonly transport: ByteTransport,
    readonly protocol: ScannerProtocol,
    options: ScannerDriverOptions = {},
  ) {
    this.now = options.now ?? Date.now;
    protocol.attach({
      write: (bytes) => transport.write(bytes),
      read: (read, atMs) => {
        this.state.reads++;
        this.state.lastReadAt = atMs;
        this.reads.emit(read, atMs);
        this.changed();
      },
      error: (message) => this.fail(message),
    });
    transport.onData((chunk) => {
      this.protocol.onBytes(chunk, this.now());
      this.arm();
    });
    this.keeper = new ConnectionKeeper(transport, {
      ...(options.backoff && { backoff: options.backoff }),
      onOpened: async () => {
        this.protocol.reset();
        await this.protocol.onOpened();
      },
    });
    this.keeper.onState((event) => {
      const wasOpen = this.state.link === 'open';
      this.state.link = event.state;
      if (event.state === 'waiting' && event.error) {
        this.fail(wasOpen ? `disconnected: ${event.error.message}` : `cannot open: ${event.error.message}`);
      } else {
        this.changed();
      }
    });
  }

  /** Starts and keeps the port open; resolves after the first open attempt. Never rejects for an absent port. */
  start(): Promise<void> {
    return this.keeper.start();
  }

  async stop(): Promise<void> {
    clearTimeout(this.timer);
    await this.keeper.stop();
  }

  onRead(listener: (read: BarcodeRead, atMs: number) => void): () => void {
    return this.reads.add(listener);
  }

  onStatus(listener: (status: ScannerStatus) => void): () => void {
    return this.statuses.add(listener);
  }

  status(): ScannerStatus {
    return { ...this.state, dropped: this.protocol.dropped() };
  }

  /** Tells the engine the kiosk's result; errors become status, never exceptions. */
  feedback(result: ScannerFeedback): void {
    if (this.state.link !== 'open') return;
    this.protocol.feedback(result).catch((error: unknown) => this.fail(`feedback failed: ${String(error)}`));
  }

  /** Schedules `flush` for the protocol's next deadline (idle-gap end, stale partial). */
  private arm(): void {
    clearTimeout(this.timer);
    const deadline = this.protocol.deadline();
    if (deadline === undefined) return;
    this.timer = setTimeout(
      () => {
        this.protocol.flush(this.now());
        this.arm();
      },
      Math.max(0, deadline - this.now()),
    );
  }

  private fail(message: string): void {
    this.state.errors++;
    this.state.lastError = message;
    this.changed();
  }

  private changed(): void {
    this.statuses.emit(this.status());
  }
}
