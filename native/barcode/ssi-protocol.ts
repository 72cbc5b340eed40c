import { DropCounter, type DropCounts } from './barcode-read.js';
import type { ProtocolContext, ScannerFeedback, ScannerProtocol } from './scanner-protocol.js';
import {
  SSI,
  SSI_HOST_ACK,
  SSI_NAK_RESEND,
  SSI_SOURCE_DECODER,
  SSI_STATUS_CONTINUATION,
  SSI_STATUS_RETRANSMIT,
  SsiParser,
  ssiDecodeToRead,
  ssiHostCommand,
  ssiHostNak,
  type SsiFrame,
} from './zebra-ssi.js';

export interface SsiOptions {
  /** Pause scanning while a result is on screen (SCAN_DISABLE, SCAN_ENABLE at idle). */
  disableWhileShowing?: boolean;
  /** Beep on the kiosk's result (BEEP with a code per outcome). */
  beepOnResult?: boolean;
  /** How long to wait for the engine's ACK of a host command before resending. */
  ackTimeoutMs?: number;
  /** Sends of one host command before giving up (first send included). */
  attempts?: number;
}

/** Longest joined multi-packet decode. */
const MAX_DECODE_BYTES = 4096;
/** SSI beep codes: one short high for admit, two long low for stop. */
const BEEP_ADMIT = 0x00;
const BEEP_STOP = 0x0c;

/**
 * Zebra SSI session: ACKs every engine packet (the engine retransmits without it), NAKs bad frames, joins
 * multi-packet decodes, and treats a retransmitted packet that equals the one just ACKed as the same read
 * (decided once). Host commands wait for the engine's ACK and are resent on NAK or silence.
 */
export class SsiProtocol implements ScannerProtocol {
  readonly name = 'zebra-ssi';
  private readonly parser = new SsiParser();
  private readonly drops = new DropCounter();
  private context!: ProtocolContext;
  private decode: Uint8Array | null = null;
  private lastPacket: Uint8Array | null = null;
  private waiting: ((answer: 'ack' | 'nak' | 'denied') => void) | null = null;
  private commands: Promise<unknown> = Promise.resolve();
  /** Engine packets ACKed and duplicates dropped, for tests and the bench. */
  readonly stats = { acked: 0, naked: 0, duplicates: 0, commandsResent: 0 };

  constructor(private readonly options: SsiOptions = {}) {}

  attach(context: ProtocolContext): void {
    this.context = context;
  }

  onBytes(chunk: Uint8Array, atMs: number): void {
    for (const event of this.parser.push(chunk, atMs)) {
      if (event.kind === 'bad-frame') {
        this.stats.naked++;
        this.send(ssiHostNak(SSI_NAK_RESEND));
        this.context.error('bad SSI frame (checksum); asked the engine to resend');
      } else {
        this.onFrame(event.frame, atMs);
      }
    }
  }

  flush(): void {}

  deadline(): number | undefined {
    return undefined;
  }

  async onOpened(): Promise<void> {
    const ok = await this.command(SSI.SCAN_ENABLE);
    if (!ok) throw new Error('engine did not acknowledge SCAN_ENABLE');
  }

  reset(): void {
    this.parser.reset();
    this.decode = null;
    this.lastPacket = null;
  }

  async feedback(result: ScannerFeedback): Promise<void> {
    if (result === 'idle') {
      if (this.options.disableWhileShowing) await this.command(SSI.SCAN_ENABLE);
      return;
    }
    if (this.options.disableWhileShowing) await this.command(SSI.SCAN_DISABLE);
    if (this.options.beepOnResult) {
      await this.command(SSI.BEEP, Uint8Array.of(result === 'admit' ? BEEP_ADMIT : BEEP_STOP));
    }
  }

  dropped(): DropCounts {
    const mine = this.drops.counts;
    const parser = this.parser.drops.counts;
    const byReason = { ...parser.byReason };
    for (const [reason, n] of Object.entries(mine.byReason)) {
      const key = reason as keyof typeof byReason;
      byReason[key] = (byReason[key] ?? 0) + n;
    }
    return { frames: mine.frames + parser.frames, bytes: mine.bytes + parser.bytes, byReason };
  }

  /**
   * Sends a host command; resolves true once the engine ACKs it. Resent (with the retransmit bit) on a
   * NAK asking for it, or on silence, up to `attempts` sends.
   */
  command(opcode: number, data: Uint8Array = new Uint8Array()): Promise<boolean> {
    const run = this.commands.then(async () => {
      const attempts = this.options.attempts ?? 3;
      for (let attempt = 0; attempt < attempts; attempt++) {
        if (attempt > 0) this.stats.commandsResent++;
        const answer = await this.awaitAnswer(ssiHostCommand(opcode, data, attempt > 0));
        if (answer === 'ack') return true;
        if (answer === 'denied') return false;
      }
      return false;
    });
    this.commands = run.catch(() => {});
    return run;
  }

  private awaitAnswer(frame: Uint8Array): Promise<'ack' | 'nak' | 'denied' | 'timeout'> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => finish('timeout'), this.options.ackTimeoutMs ?? 300);
      const finish = (answer: 'ack' | 'nak' | 'denied' | 'timeout'): void => {
        clearTimeout(timer);
        this.waiting = null;
        resolve(answer);
      };
      this.waiting = finish;
      this.context.write(frame).catch(() => finish('timeout'));
    });
  }

  private onFrame(frame: SsiFrame, atMs: number): void {
    if (frame.source !== SSI_SOURCE_DECODER) return; // our own frames echoed by a loopback
    if (frame.opcode === SSI.CMD_ACK) {
      this.waiting?.('ack');
      return;
    }
    if (frame.opcode === SSI.CMD_NAK) {
      this.waiting?.(frame.data[0] === SSI_NAK_RESEND ? 'nak' : 'denied');
      return;
    }
    // Every other engine packet is ACKed, whatever we make of it.
    this.stats.acked++;
    this.send(SSI_HOST_ACK);
    if (frame.opcode !== SSI.DECODE_DATA) return;

    const retransmit = (frame.status & SSI_STATUS_RETRANSMIT) !== 0;
    if (retransmit && this.lastPacket && equal(this.lastPacket, frame.data)) {
      // Our ACK was lost; the engine sent the same packet again. Already handled.
      this.stats.duplicates++;
      this.drops.add('duplicate-retransmit', frame.data.length);
      return;
    }
    this.lastPacket = frame.data;
    const joined = this.join(frame.data);
    if (!joined) return;
    if ((frame.status & SSI_STATUS_CONTINUATION) !== 0) return;
    this.decode = null;
    const read = ssiDecodeToRead(joined);
    if (!read) {
      this.drops.add('invalid-utf8', joined.length);
      this.context.error('SSI decode data is not UTF-8 text');
      return;
    }
    this.context.read(read, atMs);
  }

  /** Appends a packet to the decode in progress; the first packet's symbology byte is kept once. */
  private join(packet: Uint8Array): Uint8Array | null {
    const previous = this.decode;
    const next = previous === null ? packet : concat(previous, packet.subarray(1));
    if (next.length > MAX_DECODE_BYTES) {
      this.drops.add('too-long', next.length);
      this.decode = null;
      this.context.error('SSI decode longer than the limit; dropped');
      return null;
    }
    this.decode = next;
    return next;
  }

  private send(frame: Uint8Array): void {
    this.context
      .write(frame)
      .catch((error: unknown) => this.context.error(`SSI write failed: ${String(error)}`));
  }
}

function equal(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  const out = new Uint8Array(a.length + b.length);
  out.set(a);
  out.set(b, a.length);
  return out;
}
