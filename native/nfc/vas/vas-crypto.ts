import { createDecipheriv, createECDH, createHash } from 'node:crypto';
import { toHex } from '../bytes.js';
import { appleKeyId, type P256Key } from '../keys.js';
import { strictUtf8 } from '../ndef.js';

/** Apple's reference date: VAS timestamps count seconds from 2001-01-01T00:00:00Z. */
export const APPLE_EPOCH_MS = Date.UTC(2001, 0, 1);

export function passTypeIdHash(passTypeId: string): Buffer {
  return createHash('sha256').update(passTypeId, 'utf8').digest();
}

/** X9.63 KDF SharedInfo for VAS: 0D ‖ "id-aes256-GCM" ‖ "ApplePay encrypted VAS data" ‖ SHA-256(pass type id). */
export function vasSharedInfo(passTypeId: string): Buffer {
  return Buffer.concat([
    Buffer.from([0x0d]),
    Buffer.from('id-aes256-GCM', 'ascii'),
    Buffer.from('ApplePay encrypted VAS data', 'ascii'),
    passTypeIdHash(passTypeId),
  ]);
}

/** ANSI X9.63 KDF with SHA-256 for one 32-byte block: SHA-256(Z ‖ 00000001 ‖ SharedInfo). */
export function x963Kdf32(sharedSecret: Buffer, sharedInfo: Buffer): Buffer {
  return createHash('sha256')
    .update(sharedSecret)
    .update(Buffer.from([0, 0, 0, 1]))
    .update(sharedInfo)
    .digest();
}

export type VasDecryptFailure =
  'KEY-NOT-CONFIGURED' | 'DECRYPT-FAILED' | 'STALE-TIMESTAMP' | 'BAD-CRYPTOGRAM';

export type VasDecryptResult =
  | { ok: true; keyId: string; timestamp: Date; value: string }
  | { ok: false; failure: VasDecryptFailure; keyId?: string; reason: string };

/** keyId(4) ‖ X(32) ‖ GCM ciphertext of at least timestamp(4) + one value byte ‖ tag(16). */
const MIN_CRYPTOGRAM = 4 + 32 + 4 + 1 + 16;
const MAX_CRYPTOGRAM = 1024;

/**
 * Decrypts a VAS cryptogram: key id → key, ECDH P-256 with the phone's ephemeral point (02‖X: the sign
 * does not change the shared X), X9.63 KDF, AES-256-GCM with a 16-byte zero IV and no AAD, then the
 * timestamp check (`freshnessSeconds` 0 = off). The kiosk and the `npm run nfc -- decrypt-vas` tool both
 * call this.
 */
export function decryptVasCryptogram(opts: {
  cryptogram: Uint8Array;
  passTypeId: string;
  keys: readonly P256Key[];
  nowMs: number;
  freshnessSeconds: number;
}): VasDecryptResult {
  const c = Buffer.from(opts.cryptogram);
  if (c.length < MIN_CRYPTOGRAM || c.length > MAX_CRYPTOGRAM) {
    return { ok: false, failure: 'BAD-CRYPTOGRAM', reason: `cryptogram of ${c.length} bytes is malformed` };
  }
  const keyId = toHex(c.subarray(0, 4));
  const key = opts.keys.find((k) => appleKeyId(k) === keyId);
  if (!key) {
    return {
      ok: false,
      failure: 'KEY-NOT-CONFIGURED',
      keyId,
      reason: `key id ${keyId} is not configured for ${opts.passTypeId}`,
    };
  }
  let plain: Buffer;
  try {
    const ecdh = createECDH('prime256v1');
    ecdh.setPrivateKey(key.d);
    const shared = ecdh.computeSecret(Buffer.concat([Buffer.from([0x02]), c.subarray(4, 36)]));
    const aesKey = x963Kdf32(shared, vasSharedInfo(opts.passTypeId));
    const body = c.subarray(36, c.length - 16);
    const decipher = createDecipheriv('aes-256-gcm', aesKey, Buffer.alloc(16));
    decipher.setAuthTag(c.subarray(c.length - 16));
    plain = Buffer.concat([decipher.update(body), decipher.final()]);
  } catch {
    return { ok: false, failure: 'DECRYPT-FAILED', keyId, reason: `decryption failed with key ${keyId}` };
  }
  const seconds = plain.readUInt32BE(0);
  const timestamp = new Date(APPLE_EPOCH_MS + seconds * 1000);
  let value: string;
  try {
    value = strictUtf8(plain.subarray(4));
  } catch {
    return { ok: false, failure: 'DECRYPT-FAILED', keyId, reason: 'the pass value is not valid UTF-8' };
  }
  if (opts.freshnessSeconds > 0) {
    const ageSeconds = Math.abs(opts.nowMs - timestamp.getTime()) / 1000;
    if (ageSeconds > opts.freshnessSeconds) {
      return {
        ok: false,
        failure: 'STALE-TIMESTAMP',
        keyId,
        reason: `pass timestamp ${timestamp.toISOString()} is ${Math.round(ageSeconds)} s off (limit ${opts.freshnessSeconds} s)`,
      };
    }
  }
  return { ok: true, keyId, timestamp, value };
}
