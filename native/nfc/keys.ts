import { createECDH, createHash, createPrivateKey, type KeyObject } from 'node:crypto';
import { NfcFormatError } from './bytes.js';

/**
 * A P-256 private key in the forms the NFC code needs. `d` is the raw scalar (node's ECDH takes it);
 * nothing here ever goes to a log: callers log `label`/`keyId` only.
 */
export interface P256Key {
  keyObject: KeyObject;
  d: Buffer;
  /** Uncompressed public point 04‖X‖Y. */
  publicPoint: Buffer;
  /** X coordinate (32 bytes). */
  x: Buffer;
}

/**
 * Loads a P-256 private key from what techs and providers hand out: PEM (PKCS#8 or SEC1 "EC PRIVATE
 * KEY"), base64 or hex of the DER, or base64/hex of the raw 32-byte scalar. Errors say which form was
 * wrong, never the key.
 */
export function loadP256PrivateKey(material: string | Buffer): P256Key {
  const text = typeof material === 'string' ? material.trim() : undefined;
  let der: Buffer | undefined;
  let keyObject: KeyObject | undefined;
  try {
    if (text !== undefined && text.includes('-----BEGIN')) {
      keyObject = createPrivateKey({ key: text, format: 'pem' });
    } else {
      const bytes = typeof material === 'string' ? decodeText(text ?? '') : material;
      if (bytes.length === 32) return fromScalar(bytes);
      der = bytes;
    }
  } catch (err) {
    if (err instanceof NfcFormatError) throw err;
    throw new NfcFormatError('the key is not a readable PEM private key');
  }
  if (!keyObject && der) keyObject = fromDer(der);
  if (!keyObject) throw new NfcFormatError('no key material');
  const details = keyObject.asymmetricKeyDetails;
  if (keyObject.asymmetricKeyType !== 'ec' || details?.namedCurve !== 'prime256v1') {
    throw new NfcFormatError('the key is not an EC P-256 (prime256v1) private key');
  }
  const jwk = keyObject.export({ format: 'jwk' });
  if (!jwk.d) throw new NfcFormatError('the key has no private part');
  return fromScalar(Buffer.from(jwk.d, 'base64url'));
}

function decodeText(text: string): Buffer {
  const compact = text.replace(/\s+/g, '');
  if (/^[0-9a-fA-F]+$/.test(compact) && compact.length % 2 === 0) return Buffer.from(compact, 'hex');
  if (/^[A-Za-z0-9+/_-]+={0,2}$/.test(compact))
    return Buffer.from(compact, compact.includes('-') || compact.includes('_') ? 'base64url' : 'base64');
  throw new NfcFormatError('the key is neither PEM, hex nor base64');
}

function fromDer(der: Buffer): KeyObject {
  for (const type of ['pkcs8', 'sec1'] as const) {
    try {
      return createPrivateKey({ key: der, format: 'der', type });
    } catch {
      // try the next encoding
    }
  }
  throw new NfcFormatError('the key is not a PEM, DER (PKCS#8, SEC1) or raw 32-byte P-256 private key');
}

function fromScalar(d: Buffer): P256Key {
  if (d.length !== 32) throw new NfcFormatError('a raw P-256 private key has 32 bytes');
  const ecdh = createECDH('prime256v1');
  try {
    ecdh.setPrivateKey(d);
  } catch {
    throw new NfcFormatError('the raw private key is not a valid P-256 scalar');
  }
  const publicPoint = ecdh.getPublicKey();
  const x = publicPoint.subarray(1, 33);
  const y = publicPoint.subarray(33, 65);
  const keyObject = createPrivateKey({
    key: {
      kty: 'EC',
      crv: 'P-256',
      d: d.toString('base64url'),
      x: x.toString('base64url'),
      y: y.toString('base64url'),
    },
    format: 'jwk',
  });
  return { keyObject, d: Buffer.from(d), publicPoint, x: Buffer.from(x) };
}

/** Apple VAS key id: the first 4 bytes of SHA-256 of the merchant public key's X coordinate. */
export function appleKeyId(key: P256Key): string {
  return createHash('sha256').update(key.x).digest().subarray(0, 4).toString('hex');
}

/** PKCS#8 DER, the form keys travel in to the reader process (never logged). */
export function toPkcs8(key: P256Key): Buffer {
  return key.keyObject.export({ format: 'der', type: 'pkcs8' });
}
