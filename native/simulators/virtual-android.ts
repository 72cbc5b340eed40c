import {
  createCipheriv,
  createECDH,
  createHmac,
  hkdfSync,
  randomBytes,
  verify,
  type KeyObject,
} from 'node:crypto';
import { deflateSync } from 'node:zlib';
import { encodeTlv } from '../nfc/ber-tlv.js';
import { encodeNdef, externalRecord, parseNdef, type NdefRecord } from '../nfc/ndef.js';
import {
  commandData,
  contactlessAtr,
  FILE_NOT_FOUND,
  INS_NOT_SUPPORTED,
  isSelect,
  OSE_AID,
  reply,
  SMART_TAP_AID,
  sw,
} from './card-replies.js';
import type { CardAnswer, VirtualCard } from './vpcd-card.js';

export type AndroidMode =
  | 'ok'
  /** No pass matches the request: GET DATA answers 9001. */
  | 'no-passes'
  /** The phone leaves the field after NEGOTIATE arrives. */
  | 'remove-mid-exchange'
  /** The record bundle's MAC is corrupted (a decrypt failure at the reader). */
  | 'bad-mac'
  /** The GET DATA answer is garbage bytes with 9000. */
  | 'garbage';

export interface AndroidOptions {
  /** The collector the pass belongs to, and the public half of the key registered with Google for it. */
  collectorId: number;
  keyVersion: number;
  collectorPublicKey: KeyObject;
  value: string;
  /** Wallet object type carrying the pass: `et` event ticket (default) or `gr` generic. */
  objectType?: 'et' | 'gr' | 'ly';
  mode?: AndroidMode;
  /** Compress the payload when the reader advertises zlib (POS capabilities system flag 0x40). */
  compress?: boolean;
  /** Split the GET DATA answer into pages of this many bytes (9100 + GET MORE DATA). */
  pageSize?: number;
  /** Smart Tap 2.1 phones put the device nonce into the OSE answer (C2); older ones need SELECT Smart Tap. */
  nonceInOse?: boolean;
  /** Filler bytes added to the pass object so the answer needs paging. */
  padding?: number;
}

/**
 * An Android phone with a Google Wallet pass, speaking Smart Tap 2.1: it checks the reader's DER ECDSA
 * signature with the collector's public key, the collector id and key version (9500 otherwise), derives
 * the session keys like the phone (HKDF-SHA256), encrypts its NDEF answer with AES-128-CTR + HMAC-SHA256,
 * compresses it when asked, and pages it with 9100. Independent of the reader code. Test keys only.
 */
export class VirtualAndroid implements VirtualCard {
  readonly atr = contactlessAtr(Buffer.alloc(0));
  /** Negotiations that failed authentication (test control). */
  refusedNegotiations = 0;
  private nonce = randomBytes(32);
  private ephemeral = createECDH('prime256v1');
  private session: { aesKey: Buffer; hmacKey: Buffer; sessionId: Buffer; seq: number } | undefined;
  private pending: Buffer[] = [];

  constructor(private readonly opts: AndroidOptions) {
    this.ephemeral.generateKeys();
  }

  reset(): void {
    this.nonce = randomBytes(32);
    this.ephemeral = createECDH('prime256v1');
    this.ephemeral.generateKeys();
    this.session = undefined;
    this.pending = [];
  }

  handle(apdu: Buffer): CardAnswer {
    const mode = this.opts.mode ?? 'ok';
    if (apdu[0] === 0x00 && apdu[1] === 0xa4) {
      if (isSelect(apdu, OSE_AID)) return reply(this.oseAnswer());
      if (isSelect(apdu, SMART_TAP_AID)) {
        this.nonce = randomBytes(32);
        const mdn: NdefRecord = {
          ...externalRecord('mdn', Buffer.concat([Buffer.from([0x04]), this.nonce])),
          id: Buffer.from('mdn'),
        };
        return reply(Buffer.concat([Buffer.from([0x00, 0x00, 0x00, 0x01]), encodeNdef([mdn])]));
      }
      return FILE_NOT_FOUND;
    }
    if (apdu[0] !== 0x90) return INS_NOT_SUPPORTED;
    switch (apdu[1]) {
      case 0x53:
        if (mode === 'remove-mid-exchange') return { remove: true };
        return this.negotiate(commandData(apdu));
      case 0x50:
        if (!this.session) return sw(0x6985);
        if (mode === 'no-passes') return sw(0x9001);
        if (mode === 'garbage') return reply(randomBytes(40));
        return this.getData(commandData(apdu));
      case 0xc0:
        return this.nextPage();
      default:
        return INS_NOT_SUPPORTED;
    }
  }

  private oseAnswer(): Buffer {
    const inner = [encodeTlv(0x50, Buffer.from('AndroidPay')), encodeTlv(0xc0, Buffer.from([0x00, 0x01]))];
    if (this.opts.nonceInOse ?? true) {
      inner.push(
        encodeTlv(0xc2, this.nonce),
        encodeTlv(0xc3, this.ephemeral.getPublicKey(null, 'compressed')),
      );
    }
    return encodeTlv(0x6f, Buffer.concat(inner));
  }

  private negotiate(data: Buffer): Buffer {
    const ngr = parseNdef(data).find((r) => r.type.toString() === 'ngr');
    if (!ngr) return sw(0x6a80);
    const inner = parseNdef(ngr.payload.subarray(2));
    const ses = inner.find((r) => r.type.toString() === 'ses')!.payload;
    const cpr = inner.find((r) => r.type.toString() === 'cpr')!.payload;
    const readerNonce = cpr.subarray(0, 32);
    const readerKey = cpr.subarray(33, 66);
    const keyVersion = cpr.readUInt32BE(66);
    const nested = parseNdef(cpr.subarray(70));
    const signature = nested.find((r) => r.type.toString() === 'sig')!.payload.subarray(1);
    const collector = nested.find((r) => r.type.toString() === 'cld')!.payload.subarray(1);
    const signedData = Buffer.concat([readerNonce, this.nonce, collector, readerKey]);
    const signatureOk = verify(
      'sha256',
      signedData,
      { key: this.opts.collectorPublicKey, dsaEncoding: 'der' },
      signature,
    );
    if (
      !signatureOk ||
      collector.readUInt32BE(0) !== this.opts.collectorId ||
      keyVersion !== this.opts.keyVersion
    ) {
      this.refusedNegotiations++;
      return sw(0x9500);
    }
    const devicePublic = this.ephemeral.getPublicKey(null, 'compressed');
    const shared = this.ephemeral.computeSecret(readerKey);
    const okm = Buffer.from(
      hkdfSync('sha256', shared, devicePublic, Buffer.concat([signedData, signature]), 48),
    );
    const sessionId = ses.subarray(0, 8);
    const seq = ses[8]! + 1;
    this.session = { aesKey: okm.subarray(0, 16), hmacKey: okm.subarray(16), sessionId, seq };
    const sesOut = externalRecord('ses', Buffer.concat([sessionId, Buffer.from([seq, 0x01])]));
    return reply(
      encodeNdef([externalRecord('nrs', encodeNdef([sesOut, externalRecord('dpk', devicePublic)]))]),
    );
  }

  private getData(data: Buffer): Buffer {
    const session = this.session!;
    const srq = parseNdef(data).find((r) => r.type.toString() === 'srq');
    if (!srq) return sw(0x6a80);
    const inner = parseNdef(srq.payload.subarray(2));
    const pcr = inner.find((r) => r.type.toString() === 'pcr')?.payload;
    const zlibOk = !!pcr && (pcr[0]! & 0x40) !== 0;
    const pass = encodeNdef([
      { ...externalRecord('i', Buffer.from([0x04, 1, 2, 3, 4, 5])) },
      { ...externalRecord('n', Buffer.concat([Buffer.from([0x00]), Buffer.from(this.opts.value, 'utf8')])) },
      ...(this.opts.padding ? [externalRecord('pad', Buffer.alloc(this.opts.padding, 0x41))] : []),
    ]);
    let plain = encodeNdef([
      externalRecord('asv', encodeNdef([externalRecord(this.opts.objectType ?? 'et', pass)])),
    ]);
    let flag = 0x01;
    if (this.opts.compress && zlibOk) {
      plain = deflateSync(plain);
      flag |= 0x02;
    }
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-128-ctr', session.aesKey, Buffer.concat([iv, Buffer.alloc(4)]));
    const ct = Buffer.concat([cipher.update(plain), cipher.final()]);
    const mac = createHmac('sha256', session.hmacKey)
      .update(Buffer.concat([iv, ct]))
      .digest();
    if (this.opts.mode === 'bad-mac') mac[0]! ^= 0xff;
    session.seq++;
    const sesOut = externalRecord(
      'ses',
      Buffer.concat([session.sessionId, Buffer.from([session.seq, 0x01])]),
    );
    const reb = externalRecord('reb', Buffer.concat([Buffer.from([flag]), iv, ct, mac]));
    const answer = encodeNdef([externalRecord('srs', encodeNdef([sesOut, reb]))]);
    const size = this.opts.pageSize ?? 0;
    if (size <= 0 || answer.length <= size) return reply(answer);
    this.pending = [];
    for (let i = 0; i < answer.length; i += size) this.pending.push(answer.subarray(i, i + size));
    return this.nextPage();
  }

  private nextPage(): Buffer {
    const page = this.pending.shift();
    if (!page) return sw(0x6985);
    return reply(page, this.pending.length > 0 ? 0x9100 : 0x9000);
  }
}
