import type { HidTransport } from '../transport/hid-transport.js';
import { DCTTECH_REPORT_LENGTH, dcttechCommand, decodeDcttechStatus } from './dcttech.js';
import type { RelayBoard, RelayConfirmation } from './relay.js';

/** dcttech USB HID relay board; every command is followed by a status read, so every state is confirmed. */
export class DcttechRelay implements RelayBoard {
  readonly description: string;
  private queue: Promise<unknown> = Promise.resolve();

  constructor(private readonly transport: HidTransport) {
    this.description = transport.description;
  }

  open(): Promise<void> {
    return this.transport.open();
  }

  close(): Promise<void> {
    return this.transport.close();
  }

  onClose(listener: (error?: Error) => void): () => void {
    return this.transport.onClose(listener);
  }

  set(channel: number, on: boolean): Promise<RelayConfirmation> {
    return this.serialise(async () => {
      await this.transport.sendFeatureReport(dcttechCommand(channel, on));
      return this.readBack((onChannels) => onChannels.includes(channel) === on);
    });
  }

  allOff(): Promise<RelayConfirmation> {
    return this.serialise(async () => {
      await this.transport.sendFeatureReport(dcttechCommand('all', false));
      return this.readBack((onChannels) => onChannels.length === 0);
    });
  }

  allOffSync(): boolean {
    if (!this.transport.sendFeatureReportSync) return false;
    try {
      this.transport.sendFeatureReportSync(dcttechCommand('all', false));
      return true;
    } catch {
      return false;
    }
  }

  private async readBack(matches: (onChannels: number[]) => boolean): Promise<RelayConfirmation> {
    const status = decodeDcttechStatus(await this.transport.getFeatureReport(0, DCTTECH_REPORT_LENGTH));
    if (!status) return { confirmed: false };
    return { confirmed: matches(status.on), onChannels: status.on };
  }

  private serialise<T>(task: () => Promise<T>): Promise<T> {
    const run = this.queue.then(task, task);
    this.queue = run.catch(() => {});
    return run;
  }
}
