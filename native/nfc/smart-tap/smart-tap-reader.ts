import { createECDH, randomBytes } from 'node:crypto';
import { describeStatus, SW, swHex } from '../apdu.js';
import { NfcFormatError } from '../bytes.js';
import type { MeteredChannel } from '../card-channel.js';
import { failure, type CardRead } from '../read-result.js';
import type { CardSessionConfig, GoogleCollector } from '../session-config.js';
import type { OseInfo } from '../vas/vas-protocol.js';
import {
  deriveSessionKeys,
  negotiationSignedData,
  openRecordBundle,
  signNegotiation,
  SmartTapMacError,
} from './smart-tap-crypto.js';
import {
  collectorIdBytes,
  extractPassValue,
  GET_MORE_DATA,
  getDataCommand,
  negotiateCommand,
  parseNegotiateResponse,
  parseServiceResponse,
  parseSmartTapSelect,
  SELECT_SMART_TAP,
  SERVICE_TYPES,
} from './smart-tap-protocol.js';

/** GET MORE DATA pages and bytes one pass may take; a phone sends one or two. */
const MAX_PAGES = 16;
const MAX_REPLY_BYTES = 64 * 1024;
/** At most this many collectors are tried on one tap (each costs a negotiation). */
const MAX_COLLECTORS = 4;

type Attempt = { done: CardRead } | { authRefused: string };

/**
 * Google Smart Tap 2.1 after SELECT OSE answered "AndroidPay". Tries each configured collector in turn
 * while the phone refuses authentication (95xx), so a kiosk may carry an old and a new key version.
 */
export async function readSmartTap(
  ch: MeteredChannel,
  ose: Extract<OseInfo, { wallet: 'google' }>,
  config: CardSessionConfig,
): Promise<CardRead> {
  if (config.google.length === 0)
    return failure(
      'google',
      'NFC-NO-KEYS',
      'a Google Wallet pass was presented but no Smart Tap collector is configured',
    );
  const refusals: string[] = [];
  for (const [i, collector] of config.google.slice(0, MAX_COLLECTORS).entries()) {
    // The OSE answer of Smart Tap 2.1 phones carries the device nonce; older ones need SELECT Smart Tap 2,
    // and so does every retry (a fresh nonce per negotiation).
    const attempt = await negotiateAndRead(ch, collector, i === 0 ? ose.nonce : undefined);
    if ('done' in attempt) return attempt.done;
    refusals.push(attempt.authRefused);
  }
  return failure(
    'google',
    'NFC-AUTH-REFUSED',
    `the phone refused the reader's authentication: ${refusals.join('; ')}`,
  );
}

async function negotiateAndRead(
  ch: MeteredChannel,
  collector: GoogleCollector,
  oseNonce: Buffer | undefined,
): Promise<Attempt> {
  let deviceNonce = oseNonce;
  if (!deviceNonce) {
    const sel = await ch.exchange(SELECT_SMART_TAP);
    if (sel.sw !== SW.OK)
      return {
        done: failure(
          'google',
          'NFC-NOT-ACCEPTED',
          `SELECT Smart Tap 2: ${swHex(sel.sw)} ${describeStatus(sel.sw)}`,
        ),
      };
    const info = parseSmartTapSelect(sel.data);
    if (info.minVersion > 1 || info.maxVersion < 1) {
      return {
        done: failure(
          'google',
          'NFC-NOT-ACCEPTED',
          `the phone speaks Smart Tap 2.${info.minVersion}–2.${info.maxVersion}, not 2.1`,
        ),
      };
    }
    deviceNonce = info.deviceNonce;
  }
  const collectorId = collectorIdBytes(collector.collectorId);
  const ephemeral = createECDH('prime256v1');
  ephemeral.generateKeys();
  const readerEphemeralPublic = ephemeral.getPublicKey(null, 'compressed');
  const readerNonce = randomBytes(32);
  const sessionId = randomBytes(8);
  const signedData = negotiationSignedData({ readerNonce, deviceNonce, collectorId, readerEphemeralPublic });
  const signatureDer = signNegotiation(collector.key.keyObject, signedData);

  const neg = await ch.exchange(
    negotiateCommand({
      sessionId,
      sequence: 0,
      readerNonce,
      readerEphemeralPublic,
      keyVersion: collector.keyVersion,
      signatureDer,
      collectorId,
    }),
  );
  const who = `collector ${collector.collectorId} key version ${collector.keyVersion}`;
  if (neg.sw >> 8 === 0x95) return { authRefused: `${who}: ${swHex(neg.sw)}` };
  const early = statusFailure(neg.sw, 'NEGOTIATE');
  if (early) return { done: early };
  const { session, devicePublicKey } = parseNegotiateResponse(neg.data);

  const keys = deriveSessionKeys(
    ephemeral.computeSecret(devicePublicKey),
    devicePublicKey,
    signedData,
    signatureDer,
  );
  const serviceTypes = [SERVICE_TYPES.EVENT_TICKET, SERVICE_TYPES.GENERIC];
  let r = await ch.exchange(
    getDataCommand({ sessionId, sequence: session.sequence, collectorId, serviceTypes }),
  );
  if (r.sw >> 8 === 0x95) return { authRefused: `${who}: ${swHex(r.sw)}` };
  const pages: Buffer[] = [r.data];
  let total = r.data.length;
  while (r.sw === SW.ST_MORE_DATA || r.sw === 0x9091) {
    if (pages.length >= MAX_PAGES || total > MAX_REPLY_BYTES)
      throw new NfcFormatError('GET MORE DATA past 16 pages / 64 KiB');
    r = await ch.exchange(GET_MORE_DATA);
    pages.push(r.data);
    total += r.data.length;
  }
  const late = statusFailure(r.sw, 'GET DATA');
  if (late) return { done: late };
  const srs = parseServiceResponse(Buffer.concat(pages));
  let plain: Buffer;
  try {
    plain = openRecordBundle(srs.flag, srs.bundle, keys);
  } catch (err) {
    if (err instanceof SmartTapMacError)
      return { done: failure('google', 'NFC-DECRYPT-FAILED', `Smart Tap HMAC check failed (${who})`) };
    throw err;
  }
  const pass = extractPassValue(plain);
  return {
    done: {
      ok: true,
      kind: 'google',
      token: pass.value,
      detail: `collector ${collector.collectorId} ${pass.objectType}`,
    },
  };
}

/** Smart Tap status words other than 9000 / 9100 / 95xx. */
function statusFailure(sw: number, command: string): CardRead | undefined {
  if (sw === SW.OK || sw === SW.ST_MORE_DATA || sw === 0x9091) return undefined;
  const said = `${command}: ${swHex(sw)} ${describeStatus(sw)}`;
  if (sw === SW.ST_NO_PASSES)
    return failure(
      'google',
      'NFC-NO-PASS',
      `the phone holds no event ticket or generic pass for this collector (${said})`,
    );
  if (sw >> 8 === 0x92 || sw === 0x9302 || sw === 0x9406) return failure('google', 'NFC-TAP-AGAIN', said);
  return failure('google', 'NFC-BAD-REPLY', said);
}
