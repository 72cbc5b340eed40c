import { generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  readProvisioningCode,
  signProvisioningCode,
} from '../../../electron/core/provisioning/provisioning-code.js';

const ours = generateKeyPairSync('ed25519');
const foreign = generateKeyPairSync('ed25519');
const config = { deviceName: 'North 3', provider: { kind: 'walletthat', apiKey: 'wt-secret-1' } };

describe('provisioning codes', () => {
  const code = signProvisioningCode(config, ours.privateKey, { issuedAt: 1000 });

  it('a code signed by the trusted key gives back the configuration', () => {
    expect(code).toMatch(/^GPC1:[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/);
    expect(readProvisioningCode(code, ours.publicKey, 2000)).toMatchObject({
      ok: true,
      config,
      issuedAt: 1000,
    });
  });

  it('refuses tampered, unsigned, foreign-key, expired and garbage codes with a reason', () => {
    const [head, payload, sig] = code.split('.') as [string, string, string];
    const flipped = payload.slice(0, 10) + (payload[10] === 'A' ? 'B' : 'A') + payload.slice(11);
    const check = (text: string, key = ours.publicKey) => readProvisioningCode(text, key, 2000);
    expect(check(`${head}.${flipped}.${sig}`)).toMatchObject({ ok: false, refusal: 'tampered' });
    expect(check(`GPC1:${payload}`)).toMatchObject({ ok: false, refusal: 'unsigned' });
    expect(check(`${head}.${payload}.`)).toMatchObject({ ok: false, refusal: 'unsigned' });
    const theirs = signProvisioningCode(config, foreign.privateKey, { issuedAt: 1000 });
    expect(check(theirs)).toMatchObject({ ok: false, refusal: 'foreign-key' });
    const old = signProvisioningCode(config, ours.privateKey, { issuedAt: 1000, expiresAt: 1500 });
    expect(check(old)).toMatchObject({ ok: false, refusal: 'expired' });
    expect(check('GPC1:%%%')).toMatchObject({ ok: false, refusal: 'malformed' });
    expect(check('39000000000001')).toMatchObject({ ok: false, refusal: 'not-a-code' });
    expect(readProvisioningCode(code, undefined, 2000)).toMatchObject({
      ok: false,
      refusal: 'no-trusted-key',
    });
  });

  it('a refusal never echoes the code content', () => {
    const [head, payload] = code.split('.') as [string, string];
    const result = readProvisioningCode(`${head}.${payload}.AAAA`, ours.publicKey, 2000);
    expect(result.ok).toBe(false);
    expect(JSON.stringify(result)).not.toContain('wt-secret-1');
  });
});
