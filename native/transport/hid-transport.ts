/** Which HID device to open: a hidraw path, or the first device with this VID:PID. */
export interface HidSelector {
  path?: string;
  vendorId?: number;
  productId?: number;
}

/**
 * A USB HID device (HID POS scanner, dcttech relay). Reports are byte arrays with the report id in byte 0,
 * as node-hid (hidraw) hands them over for devices with numbered reports.
 */
export interface HidTransport {
  readonly description: string;
  open(): Promise<void>;
  close(): Promise<void>;
  onReport(listener: (report: Uint8Array) => void): () => void;
  /** The device went away without being closed (unplug); not fired by `close()`. */
  onClose(listener: (error?: Error) => void): () => void;
  write(report: Uint8Array): Promise<void>;
  /** `report[0]` is the report id (0 for devices without numbered reports). */
  sendFeatureReport(report: Uint8Array): Promise<void>;
  /** Synchronous send for the process exit handler; optional (fakes may omit it). */
  sendFeatureReportSync?(report: Uint8Array): void;
  /** Returns the report with its id in byte 0. */
  getFeatureReport(reportId: number, length: number): Promise<Uint8Array>;
}

export type HidTransportFactory = (selector: HidSelector) => HidTransport;

export function describeHidSelector(selector: HidSelector): string {
  if (selector.path) return selector.path;
  const hex = (n: number | undefined) => (n ?? 0).toString(16).padStart(4, '0');
  return `${hex(selector.vendorId)}:${hex(selector.productId)}`;
}
