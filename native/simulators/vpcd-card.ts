import { connect, type Socket } from 'node:net';

/** What a virtual card does with one command APDU: answer it, or leave the field without answering. */
export type CardAnswer = Buffer | { remove: true };

/** A card a test can put on the virtual reader. */
export interface VirtualCard {
  readonly atr: Buffer;
  handle(apdu: Buffer): CardAnswer | Promise<CardAnswer>;
  /** Power-on / reset: a new tap starts from the beginning. */
  reset?(): void;
}

/** vpcd ports: the Debian driver's first reader slot listens on 35963, the second on 35964. */
export const VPCD_PORT = 35963;

const CONTROL = { POWER_OFF: 0x00, POWER_ON: 0x01, RESET: 0x02, GET_ATR: 0x04 } as const;

/**
 * A virtual card as a client of vsmartcard-vpcd (the virtual PC/SC reader inside pcscd). The wire is
 * 2-byte big-endian length frames; a 1-byte frame is a control code (00 power off, 01 on, 02 reset,
 * 04 ATR → answered with the ATR); longer frames are APDUs, answered with the card's reply. Connecting is
 * putting the card on the reader; `remove()` takes it away.
 */
export class VpcdCard {
  /** Every APDU the card received, in order (test control). */
  readonly received: Buffer[] = [];
  private buffered: Buffer = Buffer.alloc(0);
  private closed = false;
  private readonly closedPromise: Promise<void>;

  private constructor(
    private readonly socket: Socket,
    private readonly card: VirtualCard,
  ) {
    socket.setNoDelay(true);
    socket.on('data', (chunk) => this.onData(chunk));
    this.closedPromise = new Promise((resolve) => socket.once('close', () => resolve()));
    socket.on('error', () => {
      // The reader side closing first is normal (pcscd stopped); `close` follows.
    });
  }

  /** Puts `card` on the vpcd reader listening on `port` (127.0.0.1 only). */
  static insert(card: VirtualCard, port = VPCD_PORT, timeoutMs = 3000): Promise<VpcdCard> {
    return new Promise((resolve, reject) => {
      const socket = connect({ host: '127.0.0.1', port });
      const timer = setTimeout(() => {
        socket.destroy();
        reject(
          new Error(
            `vpcd on 127.0.0.1:${port} did not accept the card within ${timeoutMs} ms (is pcscd running with vpcd?)`,
          ),
        );
      }, timeoutMs);
      socket.once('connect', () => {
        clearTimeout(timer);
        resolve(new VpcdCard(socket, card));
      });
      socket.once('error', (err) => {
        clearTimeout(timer);
        reject(new Error(`vpcd on 127.0.0.1:${port}: ${err.message} (is pcscd running with vpcd?)`));
      });
    });
  }

  get isInserted(): boolean {
    return !this.closed;
  }

  /** Takes the card off the reader (closes the connection); resolves once closed. */
  async remove(): Promise<void> {
    this.closed = true;
    this.socket.destroy();
    await this.closedPromise;
  }

  private onData(chunk: Buffer): void {
    // Bounded: a frame is at most 65535 bytes by its 2-byte length, and frames are handled as they complete.
    this.buffered = this.buffered.length === 0 ? chunk : Buffer.concat([this.buffered, chunk]);
    while (this.buffered.length >= 2) {
      const len = this.buffered.readUInt16BE(0);
      if (this.buffered.length < 2 + len) break;
      const payload = this.buffered.subarray(2, 2 + len);
      this.buffered = this.buffered.subarray(2 + len);
      void this.onFrame(Buffer.from(payload));
    }
  }

  private async onFrame(payload: Buffer): Promise<void> {
    if (this.closed) return;
    if (payload.length === 1) {
      const code = payload[0];
      if (code === CONTROL.GET_ATR) this.send(this.card.atr);
      else if (code === CONTROL.POWER_ON || code === CONTROL.RESET) this.card.reset?.();
      return;
    }
    this.received.push(payload);
    let answer: CardAnswer;
    try {
      answer = await this.card.handle(payload);
    } catch {
      answer = Buffer.from([0x6f, 0x00]);
    }
    if (Buffer.isBuffer(answer)) this.send(answer);
    else void this.remove();
  }

  private send(payload: Buffer): void {
    if (this.closed) return;
    const head = Buffer.alloc(2);
    head.writeUInt16BE(payload.length);
    this.socket.write(Buffer.concat([head, payload]));
  }
}
