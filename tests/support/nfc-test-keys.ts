import { generateKeyPairSync, type KeyObject } from 'node:crypto';
import { loadP256PrivateKey, type P256Key } from '../../native/nfc/keys.js';

/** A P-256 key pair generated for one test run (never committed, never a real merchant key). */
export interface TestKeyPair {
  pem: string;
  publicKey: KeyObject;
  key: P256Key;
}

export function testKeyPair(): TestKeyPair {
  const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
  const pem = privateKey.export({ format: 'pem', type: 'pkcs8' }).toString();
  return { pem, publicKey, key: loadP256PrivateKey(pem) };
}
