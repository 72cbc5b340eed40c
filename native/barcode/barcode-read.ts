/** One decoded barcode as a driver reports it, before the core stamps and normalises it. */
export interface BarcodeRead {
  text: string;
  /** QR codes are 'QRCode'; every other symbology (1D, PDF417, Aztec, Data Matrix) is 'Barcode'. */
  barcodeType: 'Barcode' | 'QRCode';
  /** The symbology exactly as the device reported it: an AIM id such as `]Q1`, or `ssi:0x1C`. */
  symbology?: string;
}

/** Why bytes were thrown away; each drop is counted by reason so staff see what the line looks like. */
export type DropReason =
  | 'too-long'
  | 'invalid-utf8'
  | 'nul-byte'
  | 'stale-partial'
  | 'bad-checksum'
  | 'bad-frame'
  | 'bad-report'
  | 'duplicate-retransmit';

export interface DropCounts {
  frames: number;
  bytes: number;
  byReason: Partial<Record<DropReason, number>>;
}

/** Counts dropped input; shared by every parser so their figures read the same. */
export class DropCounter {
  readonly counts: DropCounts = { frames: 0, bytes: 0, byReason: {} };

  add(reason: DropReason, bytes: number): void {
    this.counts.frames++;
    this.counts.bytes += bytes;
    this.counts.byReason[reason] = (this.counts.byReason[reason] ?? 0) + 1;
  }
}

const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

/** Decodes a complete read; `undefined` for bytes that are not UTF-8 (never a half-decoded token). */
export function decodeUtf8(bytes: Uint8Array): string | undefined {
  try {
    return strictUtf8.decode(bytes);
  } catch {
    return undefined;
  }
}
