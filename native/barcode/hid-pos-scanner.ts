import { ConnectionKeeper } from '../lifecycle/connection-keeper.js';
import { Listeners } from '../transport/byte-transport.js';
import type { HidTransport } from '../transport/hid-transport.js';
import type { BarcodeRead } from './barcode-read.js';
import { HONEYWELL_HID_POS_ENABLE, HidPosParser, type HidPosLayout } from './hid-pos.js';
import type { ScannerDriverOptions, ScannerStatus } from './serial-scanner.js';

/**
 * A USB HID POS barcode engine: keeps the device open (reconnecting after unplug), joins multi-report
 * reads and stamps each read with the clock at the report that completed it.
 */
export class HidPosScanner {
  private readonly keeper: ConnectionKeeper;
  private readonly parser: HidPosParser;
  private readonly reads = new Listeners<[BarcodeRead, number]>();
  private readonly statuses = new Listeners<[ScannerStatus]>();
  private readonly now: () => number;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private state: Omit<ScannerStatus, 'dropped'> = { link: 'stopped', errors: 0, reads: 0 };

  constructor(
    readonly transport: HidTransport,
    readonly layout: HidPosLayout,
    options: ScannerDriverOptions = {},
  ) {
    this.now = options.now ?? Date.now;
    this.parser = new HidPosParser(layout);
    transport.onReport((report) => {
      this.handle(this.parser.push(report, this.now()));
      this.arm();
    });
    this.keeper = new ConnectionKeeper(transport, {
      ...(options.backoff && { backoff: options.backoff }),
      onOpened: async () => {
        this.parser.reset();
        // Honeywell engines send nothing in HID POS mode until told to (feature report 0xFE = 1).
        if (layout === 'honeywell') await transport.sendFeatureReport(HONEYWELL_HID_POS_ENABLE);
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
    return { ...this.state, dropped: this.parser.drops.counts };
  }

  private handle(events: ReturnType<HidPosParser['push']>): void {
    for (const event of events) {
      if (event.kind === 'read') {
        const at = event.atMs;
        this.state.reads++;
        this.state.lastReadAt = at;
        this.reads.emit(event.read, at);
        this.changed();
      } else {
        this.fail(`dropped a HID report read (${event.reason})`);
      }
    }
  }

  private arm(): void {
    clearTimeout(this.timer);
    const deadline = this.parser.deadline();
    if (deadline === undefined) return;
    this.timer = setTimeout(
      () => {
        this.handle(this.parser.flush(this.now()));
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
