import { barcodeTypeOfAim } from './aim.js';
import { DropCounter, decodeUtf8, type BarcodeRead } from './barcode-read.js';

/**
 * USB HID POS (usage page 0x8C) input reports, vendor layouts. Report id 2 carries scanned data; node-hid
 * keeps the id in byte 0, so the offsets below are one more than in the vendors' (id-less) tables.
 *
 *   Honeywell: [0]=02 [1]=len [2..4]=AIM id [5..5+len) data … [61]=Honeywell code id [63]=more-follows
 *   Newland:   [0]=02 [1]=len [2..2+len) data (≤ 56) … [63]=symbology
 * Newland reports have no more-follows flag: a full report (56 bytes of data) is taken to continue in the
 * next one, and a shorter report ends the read [inference from the layout, to be checked on a device].
 */
export type HidPosLayout = 'honeywell' | 'newland';

export const HID_POS_REPORT_ID = 0x02;
const NEWLAND_MAX_DATA = 56;
/** Longest joined read (in bytes) before it is dropped whole. */
export const MAX_HID_READ_BYTES = 4096;

export type HidPosEvent =
  /** `atMs`: when the report that completed the read arrived. */
  | { kind: 'read'; read: BarcodeRead; reports: number; atMs: number }
  | { kind: 'dropped'; reason: 'bad-report' | 'too-long' | 'invalid-utf8' | 'nul-byte'; bytes: number };

export class HidPosParser {
  readonly drops = new DropCounter();
  private readonly buf = new Uint8Array(MAX_HID_READ_BYTES);
  private len = 0;
  private overflow = 0;
  private reports = 0;
  private aim: string | undefined;
  private newlandSymbology: number | undefined;
  private lastReportAt = Number.NEGATIVE_INFINITY;

  constructor(
    private readonly layout: HidPosLayout,
    /** A multi-report read whose next report does not come within this is dropped. */
    private readonly joinTimeoutMs = 200,
  ) {}

  get pending(): boolean {
    return this.reports > 0;
  }

  /** When `flush` should next be called (a Newland read ending on a full report), else undefined. */
  deadline(): number | undefined {
    return this.pending ? this.lastReportAt + this.joinTimeoutMs : undefined;
  }

  push(report: Uint8Array, atMs: number): HidPosEvent[] {
    const events: HidPosEvent[] = [];
    this.flushInto(atMs, events);
    this.lastReportAt = atMs;
    if (report.length < 2 || report[0] !== HID_POS_REPORT_ID) {
      // Other report ids (status, attribute) are not scanned data; only garbage in report 2 is an error.
      if (report.length >= 1 && report[0] !== HID_POS_REPORT_ID) return events;
      this.drops.add('bad-report', report.length);
      events.push({ kind: 'dropped', reason: 'bad-report', bytes: report.length });
      return events;
    }
    return this.layout === 'honeywell' ? this.honeywell(report, events) : this.newland(report, events);
  }

  /** Ends a Newland read that stopped on a full report; drops a Honeywell read whose rest never came. */
  flush(atMs: number): HidPosEvent[] {
    const events: HidPosEvent[] = [];
    this.flushInto(atMs, events);
    return events;
  }

  reset(): void {
    this.len = 0;
    this.overflow = 0;
    this.reports = 0;
    this.aim = undefined;
    this.newlandSymbology = undefined;
  }

  private flushInto(atMs: number, events: HidPosEvent[]): void {
    if (!this.pending || atMs - this.lastReportAt < this.joinTimeoutMs) return;
    if (this.layout === 'newland') this.finish(events);
    else this.dropAll('bad-report', events);
  }

  private honeywell(report: Uint8Array, events: HidPosEvent[]): HidPosEvent[] {
    const len = report[1]!;
    // 64-byte report: data may run from 5 up to the code id at 61.
    if (report.length < 64 || len > 56) {
      this.dropAll('bad-report', events, report.length);
      return events;
    }
    if (this.reports === 0) this.aim = String.fromCharCode(report[2]!, report[3]!, report[4]!);
    this.take(report.subarray(5, 5 + len));
    const more = report[63] !== 0;
    if (!more) this.finish(events);
    return events;
  }

  private newland(report: Uint8Array, events: HidPosEvent[]): HidPosEvent[] {
    const len = report[1]!;
    if (report.length < 64 || len > NEWLAND_MAX_DATA) {
      this.dropAll('bad-report', events, report.length);
      return events;
    }
    this.newlandSymbology = report[63];
    this.take(report.subarray(2, 2 + len));
    if (len < NEWLAND_MAX_DATA) this.finish(events);
    return events;
  }

  private take(data: Uint8Array): void {
    this.reports++;
    if (this.overflow > 0 || this.len + data.length > this.buf.length) {
      this.overflow = (this.overflow || this.len) + data.length;
      this.len = 0;
      return;
    }
    this.buf.set(data, this.len);
    this.len += data.length;
  }

  private finish(events: HidPosEvent[]): void {
    const reports = this.reports;
    if (this.overflow > 0) return this.dropAll('too-long', events);
    let data = this.buf.subarray(0, this.len);
    // Some engines append their CR suffix inside the report.
    while (data.length > 0 && (data[data.length - 1] === 0x0d || data[data.length - 1] === 0x0a)) {
      data = data.subarray(0, data.length - 1);
    }
    if (data.includes(0)) return this.dropAll('nul-byte', events);
    const text = decodeUtf8(data);
    if (text === undefined) return this.dropAll('invalid-utf8', events);
    const read: BarcodeRead =
      this.layout === 'honeywell'
        ? honeywellRead(text, this.aim)
        : { text, barcodeType: 'Barcode', symbology: `newland:0x${hex(this.newlandSymbology ?? 0)}` };
    this.reset();
    if (read.text.length > 0) events.push({ kind: 'read', read, reports, atMs: this.lastReportAt });
  }

  private dropAll(
    reason: 'bad-report' | 'too-long' | 'invalid-utf8' | 'nul-byte',
    events: HidPosEvent[],
    extra = 0,
  ): void {
    const bytes = (this.overflow || this.len) + extra;
    this.drops.add(reason, bytes);
    events.push({ kind: 'dropped', reason, bytes });
    this.reset();
  }
}

function honeywellRead(text: string, aim: string | undefined): BarcodeRead {
  const valid = aim !== undefined && /^\][A-Za-z][0-9A-Za-z]$/.test(aim);
  return {
    text,
    barcodeType: barcodeTypeOfAim(valid ? aim : undefined),
    ...(valid && { symbology: aim }),
  };
}

function hex(n: number): string {
  return n.toString(16).padStart(2, '0').toUpperCase();
}

/** Honeywell engines need this feature report (id 0xFE, value 1) to send reports in HID POS mode. */
export const HONEYWELL_HID_POS_ENABLE = Uint8Array.of(0xfe, 0x01);

/** Builds a 64-byte Honeywell report (simulators, tests): data ≤ 56 bytes per report. */
export function honeywellReport(data: Uint8Array, aim: string, codeId: number, more: boolean): Uint8Array {
  const report = new Uint8Array(64);
  report[0] = HID_POS_REPORT_ID;
  report[1] = data.length;
  report.set(new TextEncoder().encode(aim.slice(0, 3)), 2);
  report.set(data.subarray(0, 56), 5);
  report[61] = codeId;
  report[63] = more ? 1 : 0;
  return report;
}

/** Builds a 64-byte Newland report (simulators, tests). */
export function newlandReport(data: Uint8Array, symbology: number): Uint8Array {
  const report = new Uint8Array(64);
  report[0] = HID_POS_REPORT_ID;
  report[1] = data.length;
  report.set(data.subarray(0, NEWLAND_MAX_DATA), 2);
  report[63] = symbology;
  return report;
}
