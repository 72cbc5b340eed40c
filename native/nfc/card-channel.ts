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
      return parseResponse(await this.inner.transmit(apdu));
    } finally {
      this.apdus++;
      this.apduMs += performance.now() - t0;
    }
  }
}
