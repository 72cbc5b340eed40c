import { createHash, createPublicKey, sign, verify, type KeyObject } from 'node:crypto';
import { deflateRawSync, inflateRawSync } from 'node:zlib';

/**
 * Signed configuration codes for QR provisioning:
 *
 *   GPC1:<key id>.<payload>.<signature>          (base64url parts)
 *
 * `payload` is the raw-deflated JSON `{ v: 1, issuedAt, expiresAt?, config }`; `signature` is Ed25519
 * over the ASCII text `GPC1:<key id>.<payload>` (so the key id is signed too); `key id` is the first 16
 * characters of the base64url SHA-256 of the public key (SPKI DER). The key id lets the kiosk tell a code
 * signed by a key it does not trust (foreign) from one whose content was changed (tampered). All of it is
 * printable ASCII, so a keyboard-wedge or serial scanner passes it on unchanged.
 */
export const PROVISIONING_PREFIX = 'GPC1:';
/** A version-40 QR code holds 2953 bytes (byte mode, level L). */
export const QR_MAX_CHARS = 2953;
/** Inflated payload bound: a crafted code cannot expand into a memory bomb. */
const MAX_PAYLOAD_BYTES = 256 * 1024;

export type ProvisioningRefusal =
  'not-a-code' | 'malformed' | 'unsigned' | 'no-trusted-key' | 'foreign-key' | 'tampered' | 'expired';

export type ProvisioningResult =
  | { ok: true; config: unknown; issuedAt: number; keyId: string }
  | { ok: false; refusal: ProvisioningRefusal; reason: string };

export function keyIdOf(publicKey: KeyObject): string {
  const der = publicKey.export({ type: 'spki', format: 'der' });
  return createHash('sha256').update(der).digest('base64url').slice(0, 16);
}

export function isProvisioningCode(text: string): boolean {
  return text.startsWith(PROVISIONING_PREFIX);
}

/** Makes a signed code for `config` (the provision CLI). */
export function signProvisioningCode(
  config: unknown,
  privateKey: KeyObject,
  opts: { issuedAt: number; expiresAt?: number },
): string {
  const body = JSON.stringify({
    v: 1,
    issuedAt: opts.issuedAt,
    ...(opts.expiresAt !== undefined && { expiresAt: opts.expiresAt }),
    config,
  });
  const payload = deflateRawSync(Buffer.from(body, 'utf8'), { level: 9 }).toString('base64url');
  const signed = `${PROVISIONING_PREFIX}${keyIdOf(createPublicKey(privateKey))}.${payload}`;
  const signature = sign(null, Buffer.from(signed, 'ascii'), privateKey).toString('base64url');
  return `${signed}.${signature}`;
}

const B64URL = /^[A-Za-z0-9_-]+$/;

/**
 * Checks a scanned code against the trusted public key. Every refusal has a reason a tech can act on;
 * nothing of the code's content is echoed (it holds credentials).
 */
export function readProvisioningCode(
  text: string,
  trusted: KeyObject | undefined,
  now: number,
): ProvisioningResult {
  if (!isProvisioningCode(text))
    return { ok: false, refusal: 'not-a-code', reason: 'not a Gatepost provisioning code' };
  const parts = text.slice(PROVISIONING_PREFIX.length).trim().split('.');
  const given = parts.filter((p) => p !== '');
  if (given.every((p) => B64URL.test(p)) && (parts.length === 1 || parts.at(-1) === ''))
    return { ok: false, refusal: 'unsigned', reason: 'the code is not signed' };
  if (parts.length !== 3 || !parts.every((p) => B64URL.test(p)))
    return { ok: false, refusal: 'malformed', reason: 'the code is damaged (not three signed parts)' };
  const [keyId, payload, signature] = parts as [string, string, string];
  if (!trusted)
    return {
      ok: false,
      refusal: 'no-trusted-key',
      reason: 'this kiosk has no provisioning key to check codes against (set one at first start)',
    };
  const trustedId = keyIdOf(trusted);
  if (keyId !== trustedId)
    return {
      ok: false,
      refusal: 'foreign-key',
      reason: `signed by a key this kiosk does not trust (key ${keyId}; trusted key ${trustedId})`,
    };
  const signed = Buffer.from(`${PROVISIONING_PREFIX}${keyId}.${payload}`, 'ascii');
  let valid = false;
  try {
    valid = verify(null, signed, trusted, Buffer.from(signature, 'base64url'));
  } catch {
    valid = false;
  }
  if (!valid)
    return { ok: false, refusal: 'tampered', reason: 'the signature does not match: the code was altered' };
  let body: { v?: unknown; issuedAt?: unknown; expiresAt?: unknown; config?: unknown };
  try {
    const json = inflateRawSync(Buffer.from(payload, 'base64url'), { maxOutputLength: MAX_PAYLOAD_BYTES });
    body = JSON.parse(json.toString('utf8')) as typeof body;
  } catch {
    return { ok: false, refusal: 'malformed', reason: 'the signed content cannot be read' };
  }
  if (body.v !== 1 || typeof body.issuedAt !== 'number' || typeof body.config !== 'object')
    return { ok: false, refusal: 'malformed', reason: 'the signed content is not a configuration' };
  if (typeof body.expiresAt === 'number' && body.expiresAt < now)
    return {
      ok: false,
      refusal: 'expired',
      reason: `the code expired on ${new Date(body.expiresAt).toISOString().slice(0, 10)}`,
    };
  return { ok: true, config: body.config, issuedAt: body.issuedAt, keyId };
}
