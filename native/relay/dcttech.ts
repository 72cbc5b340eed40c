/**
 * dcttech "USBRelayN" HID boards (VID 16C0, PID 05DF, V-USB firmware). Everything is a feature report
 * with report id 0: `FF n` switches relay n on, `FD n` off, `FE` all on, `FC` all off. Reading feature
 * report 0 (9 bytes with the id) gives bytes 1–5 ASCII serial and byte 8 the bitmask of relays that are on.
 */
export const DCTTECH_VENDOR_ID = 0x16c0;
export const DCTTECH_PRODUCT_ID = 0x05df;
export const DCTTECH_REPORT_LENGTH = 9;

export function dcttechCommand(channel: number | 'all', on: boolean): Uint8Array {
  const report = new Uint8Array(DCTTECH_REPORT_LENGTH);
  if (channel === 'all') {
    report[1] = on ? 0xfe : 0xfc;
  } else {
    if (!Number.isInteger(channel) || channel < 1 || channel > 8)
      throw new Error(`relay channel ${channel} out of 1…8`);
    report[1] = on ? 0xff : 0xfd;
    report[2] = channel;
  }
  return report;
}

export interface DcttechStatus {
  serial: string;
  /** Channels that are on, 1-based. */
  on: number[];
}

/** Decodes the status feature report; undefined when it is too short to be one. */
export function decodeDcttechStatus(report: Uint8Array): DcttechStatus | undefined {
  if (report.length < DCTTECH_REPORT_LENGTH) return undefined;
  const serial = String.fromCharCode(...report.subarray(1, 6)).replace(/[^\x20-\x7e]/g, '');
  const mask = report[8]!;
  const on: number[] = [];
  for (let ch = 1; ch <= 8; ch++) if (mask & (1 << (ch - 1))) on.push(ch);
  return { serial, on };
}
