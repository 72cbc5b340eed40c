import { encodeNdef, type NdefRecordInput } from '../nfc/ndef.js';
import { contactlessAtr, FILE_NOT_FOUND, INS_NOT_SUPPORTED, reply, sw } from './card-replies.js';
import type { CardAnswer, VirtualCard } from './vpcd-card.js';

/** PC/SC part 3 storage-card ATR for an NXP NTAG21x (RID A000000306, standard 03, card name 0003). */
const NTAG_ATR = contactlessAtr(Buffer.from('804f0ca0000003060300030000000000', 'hex'));

function getUid(apdu: Buffer): boolean {
  return apdu[0] === 0xff && apdu[1] === 0xca && apdu[2] === 0x00;
}

/**
 * An NTAG215-type tag (NFC Forum Type 2) with an NDEF message, as a PC/SC reader presents it: the
 * reader answers GET UID (FF CA) and READ BINARY (FF B0, 16 bytes = 4 pages) from the tag's memory.
 */
export class VirtualNtag implements VirtualCard {
  readonly atr = NTAG_ATR;
  readonly memory: Buffer;

  constructor(
    readonly uid: Buffer,
    records: readonly NdefRecordInput[] | Buffer,
  ) {
    const message = Buffer.isBuffer(records) ? records : encodeNdef(records);
    const tlv =
      message.length < 0xff
        ? Buffer.concat([Buffer.from([0x03, message.length]), message, Buffer.from([0xfe])])
        : Buffer.concat([
            Buffer.from([0x03, 0xff, message.length >> 8, message.length & 0xff]),
            message,
            Buffer.from([0xfe]),
          ]);
    // Pages 0–2: UID and lock bytes; page 3: capability container (E1, v1.0, 504 data bytes, read/write).
    this.memory = Buffer.alloc(540);
    uid.copy(this.memory, 0, 0, Math.min(uid.length, 9));
    Buffer.from([0xe1, 0x10, 0x3f, 0x00]).copy(this.memory, 12);
    tlv.copy(this.memory, 16);
  }

  handle(apdu: Buffer): CardAnswer {
    if (getUid(apdu)) return reply(this.uid);
    if (apdu[0] === 0xff && apdu[1] === 0xb0) {
      const start = apdu[3]! * 4;
      const len = apdu[4] || 16;
      if (start + len > this.memory.length) return sw(0x6b00);
      return reply(this.memory.subarray(start, start + len));
    }
    if (apdu[0] === 0x00 && apdu[1] === 0xa4) return FILE_NOT_FOUND;
    return INS_NOT_SUPPORTED;
  }
}

/** A card that offers nothing but its UID (a MIFARE DESFire season card, a bank card). */
export class VirtualUidCard implements VirtualCard {
  readonly atr = contactlessAtr(Buffer.alloc(0));
  constructor(readonly uid: Buffer) {}

  handle(apdu: Buffer): CardAnswer {
    if (getUid(apdu)) return reply(this.uid);
    if (apdu[0] === 0x00 && apdu[1] === 0xa4) return FILE_NOT_FOUND;
    return sw(0x6981);
  }
}

/** A broken card: answers every command with the bytes `garbage()` gives (random junk, 1-byte replies…). */
export class VirtualGarbageCard implements VirtualCard {
  readonly atr = contactlessAtr(Buffer.alloc(0));
  constructor(private readonly garbage: (apdu: Buffer) => Buffer) {}

  handle(apdu: Buffer): CardAnswer {
    return this.garbage(apdu);
  }
}
