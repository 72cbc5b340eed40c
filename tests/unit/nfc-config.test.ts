import { createECDH, generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { parseNfcConfig } from '../../electron/core/devices/nfc-config.js';
import { loadConfiguredKeys, mergeKeys, parseProviderKeys } from '../../electron/core/devices/nfc-keys.js';
import { appleKeyId, loadP256PrivateKey } from '../../native/nfc/keys.js';
import { testKeyPair } from '../support/nfc-test-keys.js';

describe('devices.nfc config', () => {
  it('accepts the documented block as written and fills defaults', () => {
    const config = parseNfcConfig({
      enabled: true,
      readers: 'all',
      uidAsToken: false,
      ndefAsToken: false,
      apple: [{ passTypeId: 'pass.com.example.tickets', keyFile: '/path/key.pem' }],
      google: [{ collectorId: '12345678', keyVersion: 1, keyFile: '/path/collector.pem' }],
      freshnessSeconds: 300,
    });
    expect(config).toMatchObject({
      enabled: true,
      readers: 'all',
      freshnessSeconds: 300,
      apduTimeoutMs: 1500,
    });
    expect(parseNfcConfig(undefined)).toMatchObject({
      enabled: false,
      apple: [],
      google: [],
      readers: 'all',
    });
  });

  it.each([
    [{ readers: [] }, /^devices\.nfc\.readers: list at least one name/],
    [{ readers: 'some' }, /^devices\.nfc\.readers: /],
    [
      { google: [{ collectorId: 'abc', keyVersion: 1, keyFile: 'k' }] },
      /^devices\.nfc\.google\[0\]\.collectorId: must be the decimal collector id/,
    ],
    [
      { google: [{ collectorId: '1', keyVersion: -1, keyFile: 'k' }] },
      /^devices\.nfc\.google\[0\]\.keyVersion: /,
    ],
    [{ apple: [{ passTypeId: 'p' }] }, /^devices\.nfc\.apple\[0\]\.keyFile: /],
    [{ freshnessSeconds: -5 }, /^devices\.nfc\.freshnessSeconds: /],
    [{ enabled: 'yes' }, /^devices\.nfc\.enabled: /],
  ])('names the field in every error: %j', (raw, message) => {
    expect(() => parseNfcConfig(raw)).toThrow(message);
  });
});

describe('NFC keys', () => {
  it('loads PEM (PKCS#8 and SEC1), base64 DER and a raw hex scalar to the same key id', () => {
    const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
    const pkcs8 = privateKey.export({ format: 'pem', type: 'pkcs8' }).toString();
    const sec1 = privateKey.export({ format: 'pem', type: 'sec1' }).toString();
    const der = privateKey.export({ format: 'der', type: 'pkcs8' }).toString('base64');
    const d = Buffer.from(privateKey.export({ format: 'jwk' }).d!, 'base64url').toString('hex');
    const ids = [pkcs8, sec1, der, d].map((k) => appleKeyId(loadP256PrivateKey(k)));
    expect(new Set(ids).size).toBe(1);
    const ecdh = createECDH('prime256v1');
    ecdh.setPrivateKey(Buffer.from(d, 'hex'));
    expect(loadP256PrivateKey(d).publicPoint.equals(ecdh.getPublicKey())).toBe(true);
  });

  it('refuses other curves and garbage without echoing the key', () => {
    const rsa = generateKeyPairSync('ec', { namedCurve: 'secp384r1' })
      .privateKey.export({ format: 'pem', type: 'pkcs8' })
      .toString();
    expect(() => loadP256PrivateKey(rsa)).toThrow(/not an EC P-256/);
    expect(() => loadP256PrivateKey('-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----')).toThrow(
      /not a readable PEM/,
    );
    expect(() => loadP256PrivateKey('SECRET!!')).toThrow(/neither PEM, hex nor base64/);
  });

  it('reads key files, reporting a bad one by field and path while keeping the good ones', async () => {
    const good = testKeyPair();
    const files: Record<string, string> = { '/k/good.pem': good.pem, '/k/bad.pem': 'not a key' };
    const read = async (p: string) => {
      const text = files[p];
      if (text === undefined) throw Object.assign(new Error('nope'), { code: 'ENOENT' });
      return text;
    };
    const result = await loadConfiguredKeys(
      {
        apple: [
          { passTypeId: 'p.a', keyFile: '/k/good.pem' },
          { passTypeId: 'p.b', keyFile: '/k/missing.pem' },
        ],
        google: [{ collectorId: '1', keyVersion: 1, keyFile: '/k/bad.pem' }],
      },
      read,
    );
    expect(result.apple.map((a) => a.passTypeId)).toEqual(['p.a']);
    expect(result.google).toEqual([]);
    expect(result.problems).toEqual([
      'devices.nfc.apple[1].keyFile: cannot read /k/missing.pem (ENOENT)',
      'devices.nfc.google[0].keyFile: /k/bad.pem: the key is not a PEM, DER (PKCS#8, SEC1) or raw 32-byte P-256 private key',
    ]);
  });

  it('takes Entry V1 nfcKeys entry by entry, naming bad ones by index and ID only', () => {
    const a = testKeyPair();
    const g = testKeyPair();
    const parsed = parseProviderKeys({
      apple: [
        { ID: 'A1', private_key: a.pem, passTypeId: 'pass.x' },
        { ID: 'A2', private_key: 'SECRET-NOT-A-KEY', passTypeId: 'pass.y' },
        { ID: 'A3' },
      ],
      google: [{ ID: 'G1', private_key: g.pem, collectorId: '12345678', version: '2' }],
    });
    expect(parsed.apple.map((k) => k.passTypeId)).toEqual(['pass.x']);
    expect(parsed.google.map((k) => [k.collectorId, k.keyVersion])).toEqual([['12345678', 2]]);
    expect(parsed.problems).toHaveLength(2);
    expect(parsed.problems[0]).toMatch(/^provider nfcKeys\.apple\[1\] \(ID A2\): /);
    expect(parsed.problems[1]).toMatch(
      /^provider nfcKeys\.apple\[2\] \(ID A3\): missing or invalid private_key, passTypeId/,
    );
    expect(parsed.problems.join(' ')).not.toContain('SECRET');
    expect(parseProviderKeys(null)).toEqual({ apple: [], google: [], problems: [] });
    expect(parseProviderKeys('x').problems).toEqual(['provider nfcKeys is not an object']);
  });

  it('merges configured and provider keys: Apple grouped by pass type id, duplicates once', () => {
    const k1 = testKeyPair();
    const k2 = testKeyPair();
    const merged = mergeKeys(
      [
        { passTypeId: 'p', key: k1.key, origin: 'config' },
        { passTypeId: 'p', key: k1.key, origin: 'provider' },
        { passTypeId: 'p', key: k2.key, origin: 'provider' },
      ],
      [
        { collectorId: '1', keyVersion: 1, key: k1.key, origin: 'config' },
        { collectorId: '1', keyVersion: 1, key: k1.key, origin: 'provider' },
      ],
    );
    expect(merged.apple).toHaveLength(1);
    expect(merged.apple[0]!.keys).toHaveLength(2);
    expect(merged.google).toHaveLength(1);
  });
});
