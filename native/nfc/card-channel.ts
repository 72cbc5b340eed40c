import { parseResponse, type ResponseApdu } from './apdu.js';

/** What the protocol code needs from a reader: one APDU out, one reply back. */
export interface CardChannel {
  transmit(apdu: Buffer): Promise<Buffer>;
}

/** The card went away, the reader timed out or failed: the patron should tap again. */
export class CardTransportError extends Error {
  override readonly name = 'CardTransportError';
  constructor(
    readonly kind: 'timeout' | 'removed' | 'failed',
    message: string,
  ) {
    super(message);
  }
}

/** Counts APDU round trips and their time, so reads can report the reader's own share of the latency. */
export class MeteredChannel {
  apdus = 0;
  apduMs = 0;
  constructor(private readonly inner: CardChannel) {}

  async exchange(apdu: Buffer): Promise<ResponseApdu> {
    const t0 = performance.now();
    try {
      const reply = await this.inner.transmit(apdu);
      // vpcd and some readers answer a card that left mid-command with an empty reply rather than an error.
      if (reply.length === 0) throw new CardTransportError('removed', 'empty reply');
      return parseResponse(reply);
    } finally {
      this.apdus++;
      this.apduMs += performance.now() - t0;
    }
  }
}
