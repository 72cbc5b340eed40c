import { createCipheriv, createECDH, createHash, type KeyObject } from 'node:crypto';
import { encodeTlv, parseTlv } from '../nfc/ber-tlv.js';
import {
  commandData,
  contactlessAtr,
  FILE_NOT_FOUND,
  INS_NOT_SUPPORTED,
  isSelect,
  OSE_AID,
  reply,
  sw,
} from './card-replies.js';
import type { CardAnswer, VirtualCard } from './vpcd-card.js';

export type IphoneMode =
  | 'ok'
  /** Phone locked / pass needs confirming: every GET VAS DATA answers 6287. */
  | 'locked'
  /** Pass not selected: every GET VAS DATA answers 6A83 (also what an unknown pass type gets). */
  | 'not-selected'
  /** The SELECT answer's TLV is cut short. */
  | 'truncated-select'
  /** The GET VAS DATA answer's TLV is cut short. */
  | 'truncated-data'
  /** The phone leaves the field after GET VAS DATA arrives, without answering. */
  | 'remove-mid-exchange'
  /** The capability byte says no VAS. */
  | 'no-vas';

export interface IphoneOptions {
  passTypeId: string;
  value: string;
  /** The merchant's public key for this pass type (the phone encrypts to it, as Apple Wallet does). */
  merchantPublicKey: KeyObject;
  mode?: IphoneMode;
  /** Seconds since 2001-01-01 the phone stamps; default: now. */
  timestamp?: () => Date;
  /** Delay per answer, to model a slow phone. */
  answerDelayMs?: number;
}

const APPLE_EPOCH_MS = Date.UTC(2001, 0, 1);

/**
 * An iPhone with one Apple Wallet pass, speaking VAS as published: SELECT OSE.VAS.01 → 6F{50 ApplePay,
 * 9F21, 9F24 nonce, 9F23 capabilities}; GET VAS DATA with the SHA-256 of its pass type id → 70{9F2A,
 * 9F27 cryptogram}. Written independently of the reader code (its own KDF and GCM) so a shared mistake
 * cannot hide. Test keys only.
 */
export class VirtualIphone implements VirtualCard {
  /** 3B 80 80 01 01: an ISO 14443-4 device with no historical bytes, as phones present themselves. */
  readonly atr = contactlessAtr(Buffer.alloc(0));
  /** Every cryptogram handed out (test control). */
  readonly cryptograms: Buffer[] = [];
  private selected = false;

  constructor(private readonly opts: IphoneOptions) {}

  reset(): void {
    this.selected = false;
  }

  async handle(apdu: Buffer): Promise<CardAnswer> {
    if (this.opts.answerDelayMs) await new Promise((r) => setTimeout(r, this.opts.answerDelayMs));
    const mode = this.opts.mode ?? 'ok';
    if (apdu[0] === 0x00 && apdu[1] === 0xa4) {
      if (!isSelect(apdu, OSE_AID)) return FILE_NOT_FOUND;
      this.selected = true;
      const capabilities = Buffer.from([0x00, 0x00, 0x00, mode === 'no-vas' ? 0x30 : 0x3e]);
      const fci = encodeTlv(
        0x6f,
        Buffer.concat([
          encodeTlv(0x50, Buffer.from('ApplePay', 'ascii')),
          encodeTlv(0x9f21, Buffer.from([0x01, 0x00])),
          encodeTlv(0x9f24, Buffer.from([0xe9, 0xca, 0xed, 0xe3])),
          encodeTlv(0x9f23, capabilities),
        ]),
      );
      return reply(mode === 'truncated-select' ? fci.subarray(0, fci.length - 5) : fci);
    }
    if (apdu[0] === 0x80 && apdu[1] === 0xca && this.selected) {
      if (mode === 'remove-mid-exchange') return { remove: true };
      if (mode === 'locked') return sw(0x6287);
      if (mode === 'not-selected') return sw(0x6a83);
      const fields = parseTlv(commandData(apdu));
      const wantedHash = fields.find((f) => f.tag === 0x9f25)?.value;
      const ownHash = createHash('sha256').update(this.opts.passTypeId, 'utf8').digest();
      if (!wantedHash?.equals(ownHash)) return sw(0x6a83);
      const cryptogram = this.encrypt();
      this.cryptograms.push(cryptogram);
      const body = encodeTlv(
        0x70,
        Buffer.concat([encodeTlv(0x9f2a, Buffer.alloc(0)), encodeTlv(0x9f27, cryptogram)]),
      );
      return reply(mode === 'truncated-data' ? body.subarray(0, 20) : body);
    }
    return INS_NOT_SUPPORTED;
  }

  /** As the phone does it: a fresh ephemeral key, ECDH with the merchant key, X9.63 KDF, AES-256-GCM. */
  private encrypt(): Buffer {
    const merchant = this.opts.merchantPublicKey.export({ format: 'jwk' });
    const merchantX = Buffer.from(merchant.x!, 'base64url');
    const merchantPoint = Buffer.concat([
      Buffer.from([0x04]),
      merchantX,
      Buffer.from(merchant.y!, 'base64url'),
    ]);
    const ephemeral = createECDH('prime256v1');
    ephemeral.generateKeys();
    const ephemeralX = ephemeral.getPublicKey().subarray(1, 33);
    const z = ephemeral.computeSecret(merchantPoint);
    const sharedInfo = Buffer.concat([
      Buffer.from('0d', 'hex'),
      Buffer.from('id-aes256-GCM'),
      Buffer.from('ApplePay encrypted VAS data'),
      createHash('sha256').update(this.opts.passTypeId).digest(),
    ]);
    const key = createHash('sha256')
      .update(Buffer.concat([z, Buffer.from('00000001', 'hex'), sharedInfo]))
      .digest();
    const when = (this.opts.timestamp?.() ?? new Date()).getTime();
    const seconds = Buffer.alloc(4);
    seconds.writeUInt32BE(Math.floor((when - APPLE_EPOCH_MS) / 1000));
    const cipher = createCipheriv('aes-256-gcm', key, Buffer.alloc(16));
    const ct = Buffer.concat([
      cipher.update(Buffer.concat([seconds, Buffer.from(this.opts.value, 'utf8')])),
      cipher.final(),
    ]);
    const keyId = createHash('sha256').update(merchantX).digest().subarray(0, 4);
    return Buffer.concat([keyId, ephemeralX, ct, cipher.getAuthTag()]);
  }
}
