import {
  encodeSsi,
  SSI,
  SSI_SOURCE_DECODER,
  SSI_STATUS_CONTINUATION,
  SSI_STATUS_RETRANSMIT,
  SsiParser,
} from '../barcode/zebra-ssi.js';
import type { Terminator } from '../barcode/line-parser.js';
import { PtySimulator } from './pty-simulator.js';

const TERMINATORS: Record<Terminator, string> = { CR: '\r', LF: '\n', CRLF: '\r\n', none: '' };

export interface LineScanOptions {
  /** AIM id to put in front, e.g. `]Q1`. */
  aim?: string;
  terminator?: Terminator;
  /** Byte offsets at which to split the write (awkward boundaries). */
  splitAt?: number[];
}

/** A generic serial line engine: each scan is one line. */
export class LineScannerSim extends PtySimulator {
  constructor(protected readonly terminator: Terminator = 'CR') {
    super();
  }

  scan(text: string, options: LineScanOptions = {}): Promise<void> {
    const line = (options.aim ?? '') + text + TERMINATORS[options.terminator ?? this.terminator];
    return this.send(line, options.splitAt);
  }

  protected onBytes(_bytes: Uint8Array, _at: number): void {}
}

/**
 * A Honeywell serial engine: line scans, menu commands answered (ACK for known tags, ENQ for unknown),
 * serial trigger on/off recorded.
 */
export class HoneywellScannerSim extends LineScannerSim {
  readonly triggers: boolean[] = [];
  readonly menuCommands: string[] = [];
  beeps = 0;
  /** Tag+subtag prefixes the engine knows; others are answered with ENQ. */
  knownTags = new Set(['BEPLVL', 'TRGMOD', 'BEPEXE', 'REVINF', 'SUFBK2', 'PREBK2', 'AIMENA']);
  private pending = '';

  protected override onBytes(bytes: Uint8Array): void {
    this.pending += String.fromCharCode(...bytes);
    if (this.pending.length > 4096) this.pending = '';
    for (;;) {
      if (this.pending.startsWith('\x16T\r') || this.pending.startsWith('\x16U\r')) {
        this.triggers.push(this.pending[1] === 'T');
        this.pending = this.pending.slice(3);
        continue;
      }
      if (this.pending.startsWith('\x16\x07\r')) {
        this.beeps++;
        this.pending = this.pending.slice(3);
        continue;
      }
      if (this.pending.startsWith('\x16M\r')) {
        const end = this.pending.search(/[!.]/);
        if (end < 0) return;
        const body = this.pending.slice(3, end);
        const terminator = this.pending[end]!;
        this.pending = this.pending.slice(end + 1);
        const reply = body
          .split(';')
          .map((command) => {
            this.menuCommands.push(command);
            return command + (this.knownTags.has(command.slice(0, 6)) ? '\x06' : '\x05');
          })
          .join(';');
        void this.write(new TextEncoder().encode(reply + terminator)).catch(() => {});
        continue;
      }
      // Unknown bytes: drop one and look again.
      if (this.pending.length === 0 || this.pending.length < 3) return;
      this.pending = this.pending.slice(1);
    }
  }
}

/** A Newland engine in command mode: line scans; command frames answered; trigger recorded. */
export class NewlandScannerSim extends LineScannerSim {
  readonly triggers: boolean[] = [];
  readonly commands: string[] = [];
  private pending = '';

  protected override onBytes(bytes: Uint8Array): void {
    this.pending += String.fromCharCode(...bytes);
    if (this.pending.length > 4096) this.pending = '';
    for (;;) {
      if (this.pending.startsWith('\x01T\x04') || this.pending.startsWith('\x01P\x04')) {
        this.triggers.push(this.pending[1] === 'T');
        this.pending = this.pending.slice(3);
        continue;
      }
      if (this.pending.startsWith('\x7e\x01')) {
        const end = this.pending.indexOf('\x03');
        if (end < 0) return;
        // ~ SOH 0000 (#|@) TAGSUBdata ; ETX
        const frame = this.pending.slice(2, end);
        this.pending = this.pending.slice(end + 1);
        const mode = frame[4] ?? '#';
        const command = frame.slice(5, -1);
        this.commands.push(command);
        const status = /^[A-Z]{6}/.test(command) ? '\x06' : '\x15';
        void this.write(new TextEncoder().encode(`\x02\x010000${mode}${command}${status};\x03`)).catch(
          () => {},
        );
        continue;
      }
      if (this.pending.length < 3) return;
      this.pending = this.pending.slice(1);
    }
  }
}

export interface SsiScanOptions {
  /** DECODE_DATA symbology byte (0x1C QR, 0x03 Code 128…). */
  symbology?: number;
  /** Split the decode into packets of at most this many data bytes (continuation bit). */
  packetBytes?: number;
  /** Byte offsets at which to split each frame's write. */
  splitAt?: number[];
  /** Flip a byte of the first send's checksum (the host must NAK, the engine resends). */
  corruptFirst?: boolean;
}

/**
 * A Zebra SSI engine. Sends DECODE_DATA and waits for the host's ACK; without one in `ackTimeoutMs` it
 * retransmits with status bit 0 set, as real engines do. `ignoreAcks` drops the next n host ACKs so the
 * retransmission can be tested. Host commands are recorded and ACKed (or NAKed `nakCommands` times).
 */
export class ZebraSsiScannerSim extends PtySimulator {
  readonly hostCommands: Array<{ opcode: number; status: number; data: number[] }> = [];
  hostAcks = 0;
  hostNaks = 0;
  retransmissions = 0;
  ignoreAcks = 0;
  nakCommands = 0;
  /** When false, host commands get no answer at all. */
  answerCommands = true;
  private readonly parser = new SsiParser();
  private ackWaiter: ((ok: boolean) => void) | null = null;

  constructor(
    private readonly ackTimeoutMs = 150,
    private readonly maxRetransmits = 3,
  ) {
    super();
  }

  /** Sends one decode (possibly several packets); resolves when the host ACKed each packet, or after the retries. */
  async scan(text: string, options: SsiScanOptions = {}): Promise<{ acked: boolean; sends: number }> {
    const data = new TextEncoder().encode(text);
    const symbology = options.symbology ?? 0x1c;
    const size = options.packetBytes ?? 250;
    const packets: Uint8Array[] = [];
    for (let i = 0; i < data.length || packets.length === 0; i += size)
      packets.push(data.subarray(i, i + size));
    let sends = 0;
    let allAcked = true;
    for (let p = 0; p < packets.length; p++) {
      const more = p + 1 < packets.length;
      let acked = false;
      for (let attempt = 0; attempt <= this.maxRetransmits && !acked; attempt++) {
        const status = (more ? SSI_STATUS_CONTINUATION : 0) | (attempt > 0 ? SSI_STATUS_RETRANSMIT : 0);
        const frame = encodeSsi({
          opcode: SSI.DECODE_DATA,
          source: SSI_SOURCE_DECODER,
          status,
          data: Uint8Array.of(symbology, ...packets[p]!),
        });
        if (attempt === 0 && options.corruptFirst) frame[frame.length - 1] = frame[frame.length - 1]! ^ 0xff;
        if (attempt > 0) this.retransmissions++;
        sends++;
        const answer = this.waitForAck();
        await this.send(frame, options.splitAt);
        acked = await answer;
      }
      allAcked &&= acked;
    }
    return { acked: allAcked, sends };
  }

  protected onBytes(bytes: Uint8Array): void {
    for (const event of this.parser.push(bytes, performance.now())) {
      if (event.kind !== 'frame') continue;
      const { opcode, status, data } = event.frame;
      if (opcode === SSI.CMD_ACK) {
        this.hostAcks++;
        if (this.ignoreAcks > 0) {
          this.ignoreAcks--;
          continue;
        }
        this.ackWaiter?.(true);
      } else if (opcode === SSI.CMD_NAK) {
        this.hostNaks++;
        this.ackWaiter?.(false);
      } else {
        this.hostCommands.push({ opcode, status, data: [...data] });
        if (!this.answerCommands) continue;
        const nak = this.nakCommands > 0;
        if (nak) this.nakCommands--;
        const answer = nak
          ? encodeSsi({ opcode: SSI.CMD_NAK, source: SSI_SOURCE_DECODER, status: 0, data: Uint8Array.of(1) })
          : encodeSsi({ opcode: SSI.CMD_ACK, source: SSI_SOURCE_DECODER, status: 0, data: new Uint8Array() });
        void this.write(answer).catch(() => {});
      }
    }
  }

  private waitForAck(): Promise<boolean> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => done(false), this.ackTimeoutMs);
      const done = (ok: boolean): void => {
        clearTimeout(timer);
        this.ackWaiter = null;
        resolve(ok);
      };
      this.ackWaiter = done;
    });
  }
}
