import type { BarcodeRead, DropCounts } from './barcode-read.js';

/** What a protocol handler may do to the driver that owns it. */
export interface ProtocolContext {
  /** Writes to the open port; rejects when it is not open. */
  write(bytes: Uint8Array): Promise<void>;
  /** A complete read; `atMs` is when its last byte arrived. */
  read(read: BarcodeRead, atMs: number): void;
  /** Something went wrong that staff should see (a NAKed command, a frame dropped). */
  error(message: string): void;
}

/** The kiosk's result, as an engine can show it (beep, scanning paused while a result is up). */
export type ScannerFeedback = 'admit' | 'stop' | 'see-staff' | 'idle';

/**
 * One serial scanner protocol: framing in (a pure parser inside), engine commands out. The driver feeds
 * bytes and calls `flush` at `deadline()`; everything else happens through the context.
 */
export interface ScannerProtocol {
  readonly name: string;
  attach(context: ProtocolContext): void;
  onBytes(chunk: Uint8Array, atMs: number): void;
  flush(atMs: number): void;
  deadline(): number | undefined;
  /** After each (re)open: the engine's start-up commands. Errors are reported, never fatal. */
  onOpened(): Promise<void>;
  /** A new port: partial frames from the old one are meaningless. */
  reset(): void;
  feedback(result: ScannerFeedback): Promise<void>;
  dropped(): DropCounts;
}
