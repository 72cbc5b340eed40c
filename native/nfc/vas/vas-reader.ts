import { describeStatus, SW, swHex } from '../apdu.js';
import type { MeteredChannel } from '../card-channel.js';
import { failure, type CardRead } from '../read-result.js';
import type { CardSessionConfig } from '../session-config.js';
import { decryptVasCryptogram, type VasDecryptFailure } from './vas-crypto.js';
import { getVasDataCommand, parseVasData, type OseInfo } from './vas-protocol.js';

const DECRYPT_CODES: Record<
  VasDecryptFailure,
  'NFC-KEY-NOT-CONFIGURED' | 'NFC-DECRYPT-FAILED' | 'NFC-STALE-PASS' | 'NFC-BAD-REPLY'
> = {
  'KEY-NOT-CONFIGURED': 'NFC-KEY-NOT-CONFIGURED',
  'DECRYPT-FAILED': 'NFC-DECRYPT-FAILED',
  'STALE-TIMESTAMP': 'NFC-STALE-PASS',
  'BAD-CRYPTOGRAM': 'NFC-BAD-REPLY',
};

/**
 * Apple VAS after a successful SELECT OSE.VAS.01: one GET VAS DATA per configured pass type id until the
 * phone hands a cryptogram over. 6A83 moves on to the next id; 6287 means the phone wants its owner.
 */
export async function readAppleVas(
  ch: MeteredChannel,
  ose: Extract<OseInfo, { wallet: 'apple' }>,
  config: CardSessionConfig,
): Promise<CardRead> {
  if (!ose.vasSupported)
    return failure('apple', 'NFC-NOT-ACCEPTED', 'the iPhone does not offer VAS (capability bit 0x08 clear)');
  if (config.apple.length === 0)
    return failure(
      'apple',
      'NFC-NO-KEYS',
      'an Apple Wallet pass was presented but no Apple pass type id is configured',
    );
  let needsUser = false;
  const refused: string[] = [];
  for (const set of config.apple) {
    const r = await ch.exchange(getVasDataCommand(set.passTypeId));
    if (r.sw === SW.VAS_NOT_FOUND) continue;
    if (r.sw === SW.VAS_NEEDS_USER) {
      needsUser = true;
      continue;
    }
    if (r.sw !== SW.OK) {
      refused.push(`${swHex(r.sw)} ${describeStatus(r.sw)}`);
      continue;
    }
    const cryptogram = parseVasData(r.data);
    const result = decryptVasCryptogram({
      cryptogram,
      passTypeId: set.passTypeId,
      keys: set.keys,
      nowMs: config.now(),
      freshnessSeconds: config.freshnessSeconds,
    });
    if (!result.ok) return failure('apple', DECRYPT_CODES[result.failure], result.reason);
    return {
      ok: true,
      kind: 'apple',
      token: result.value,
      detail: `${set.passTypeId} key ${result.keyId}`,
      passTimestamp: result.timestamp.toISOString(),
    };
  }
  if (needsUser)
    return failure(
      'apple',
      'NFC-TAP-AGAIN',
      'the iPhone is locked or waiting for its owner (6287): open the pass and tap again',
    );
  if (refused.length > 0)
    return failure('apple', 'NFC-BAD-REPLY', `GET VAS DATA refused: ${refused.join(', ')}`);
  return failure(
    'apple',
    'NFC-NO-PASS',
    `no pass for the configured pass type ids (6A83): ${config.apple.map((a) => a.passTypeId).join(', ')}`,
  );
}
