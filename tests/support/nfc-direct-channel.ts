import { CardTransportError, type CardChannel } from '../../native/nfc/card-channel.js';
import type { VirtualCard } from '../../native/simulators/vpcd-card.js';

/** A virtual card wired straight to the protocol code (no pcscd): for unit tests of the card session. */
export function directChannel(card: VirtualCard): CardChannel & { apdus: Buffer[] } {
  const apdus: Buffer[] = [];
  let gone = false;
  return {
    apdus,
    async transmit(apdu) {
      if (gone) throw new CardTransportError('removed', 'card gone');
      apdus.push(apdu);
      const answer = await card.handle(apdu);
      if (!Buffer.isBuffer(answer)) {
        gone = true;
        throw new CardTransportError('removed', 'card left mid-exchange');
      }
      return answer;
    },
  };
}
