import { createDecipheriv, createHmac, hkdfSync, sign, timingSafeEqual, type KeyObject } from 'node:crypto';
import { inflateSync } from 'node:zlib';
import { NfcFormatError } from '../bytes.js';

/** Data the collector key signs: reader nonce(32) ‖ device nonce(32) ‖ collector id(4) ‖ reader ephemeral key(33). */
export function negotiationSignedData(p: {
  readerNonce: Buffer;
  deviceNonce: Buffer;
  collectorId: Buffer;
  readerEphemeralPublic: Buffer;
}): Buffer {
  return Buffer.concat([p.readerNonce, p.deviceNonce, p.collectorId, p.readerEphemeralPublic]);
}

/** ECDSA P-256 / SHA-256, DER-encoded (not raw r‖s), as Smart Tap requires. */
export function signNegotiation(collectorKey: KeyObject, signedData: Buffer): Buffer {
  return sign('sha256', signedData, { key: collectorKey, dsaEncoding: 'der' });
}

export interface SessionKeys {
  aesKey: Buffer;
  hmacKey: Buffer;
}

/** HKDF-SHA256(IKM = ECDH secret, salt = device key(33), info = signed data ‖ DER signature) → 48 bytes. */
export function deriveSessionKeys(
  sharedSecret: Buffer,
  devicePublicKey: Buffer,
  signedData: Buffer,
  signatureDer: Buffer,
): SessionKeys {
  const okm = Buffer.from(
    hkdfSync('sha256', sharedSecret, devicePublicKey, Buffer.concat([signedData, signatureDer]), 48),
  );
  return { aesKey: okm.subarray(0, 16), hmacKey: okm.subarray(16, 48) };
}

/** The most a decompressed pass may grow to: a pass is a few hundred bytes. */
export const MAX_INFLATED_BYTES = 64 * 1024;

/** Record bundle flag bits (inferred from published captures: 03 when the reader advertised zlib). */
export const BUNDLE_ENCRYPTED = 0x01;
export const BUNDLE_COMPRESSED = 0x02;

/**
 * Opens a record bundle: HMAC-SHA256 over IV ‖ ciphertext checked first (constant time), then AES-128-CTR
 * with the counter block IV ‖ 00000000, then zlib where the flag says so (bounded).
 */
export function openRecordBundle(flag: number, bundle: Buffer, keys: SessionKeys): Buffer {
  let plain: Buffer;
  if (flag & BUNDLE_ENCRYPTED) {
    if (bundle.length < 12 + 1 + 32) throw new NfcFormatError('record bundle is too short');
    const iv = bundle.subarray(0, 12);
    const ciphertext = bundle.subarray(12, bundle.length - 32);
    const mac = bundle.subarray(bundle.length - 32);
    const expected = createHmac('sha256', keys.hmacKey).update(iv).update(ciphertext).digest();
    if (!timingSafeEqual(expected, mac)) throw new SmartTapMacError();
    const decipher = createDecipheriv('aes-128-ctr', keys.aesKey, Buffer.concat([iv, Buffer.alloc(4)]));
    plain = Buffer.concat([decipher.update(ciphertext), decipher.final()]);
  } else {
    plain = bundle;
  }
  if (flag & BUNDLE_COMPRESSED) {
    try {
      plain = inflateSync(plain, { maxOutputLength: MAX_INFLATED_BYTES });
    } catch {
      throw new NfcFormatError('compressed pass data does not inflate (or is over 64 KiB)');
    }
  }
  return plain;
}

export class SmartTapMacError extends Error {
  override readonly name = 'SmartTapMacError';
  constructor() {
    super('HMAC check failed');
  }
}
