import { SW } from './apdu.js';
import { NfcFormatError } from './bytes.js';
import { CardTransportError, MeteredChannel, type CardChannel } from './card-channel.js';
import { ndefToken, readType2Ndef, readUid } from './plain-card.js';
import { failure, type CardFailure, type CardRead } from './read-result.js';
import type { CardSessionConfig } from './session-config.js';
import { readSmartTap } from './smart-tap/smart-tap-reader.js';
import { readAppleVas } from './vas/vas-reader.js';
import { parseOseSelect, SELECT_OSE } from './vas/vas-protocol.js';

export interface SessionOutcome {
  read: CardRead;
  /** APDU round trips of this tap and their total time (the reader's own share of the latency). */
  apdus: number;
  apduMs: number;
}

/**
 * One tap, start to end: SELECT OSE.VAS.01 tells an iPhone (VAS) from an Android phone (Smart Tap); a card
 * that does not answer it is a plain card (NDEF, then UID, as configured). Storage cards (ATR says
 * PC/SC part 3 storage) skip the wallet select. Never throws: a vanished card, a timeout or garbage
 * become a failure result.
 */
export async function readCard(
  channel: CardChannel,
  config: CardSessionConfig,
  atr?: Buffer,
): Promise<SessionOutcome> {
  const ch = new MeteredChannel(channel);
  // Which path a thrown error happened on, so a failure still says Apple / Google / plain.
  const path: { kind: CardFailure['kind'] } = { kind: 'unknown' };
  let read: CardRead;
  try {
    read = await dispatch(ch, config, atr, path);
  } catch (err) {
    read = errorToFailure(err, path.kind);
  }
  return { read, apdus: ch.apdus, apduMs: ch.apduMs };
}

async function dispatch(
  ch: MeteredChannel,
  config: CardSessionConfig,
  atr: Buffer | undefined,
  path: { kind: CardFailure['kind'] },
): Promise<CardRead> {
  if (!isStorageCardAtr(atr)) {
    const sel = await ch.exchange(SELECT_OSE);
    if (sel.sw === SW.OK) {
      const ose = parseOseSelect(sel.data);
      if (ose.wallet !== 'other') path.kind = ose.wallet;
      if (ose.wallet === 'apple') return readAppleVas(ch, ose, config);
      if (ose.wallet === 'google') return readSmartTap(ch, ose, config);
      return failure('unknown', 'NFC-NOT-ACCEPTED', `unsupported wallet "${ose.label}"`);
    }
  }
  path.kind = 'plain';
  return readPlainCard(ch, config);
}

async function readPlainCard(ch: MeteredChannel, config: CardSessionConfig): Promise<CardRead> {
  if (!config.ndefAsToken && !config.uidAsToken) {
    return failure(
      'plain',
      'NFC-NOT-ACCEPTED',
      'a plain card or tag was presented; uidAsToken and ndefAsToken are off',
    );
  }
  if (config.ndefAsToken) {
    const message = await readType2Ndef(ch);
    if (message && message.length > 0) {
      const token = ndefToken(message);
      if (token.ok || !config.uidAsToken) return token;
    } else if (!config.uidAsToken) {
      return failure('plain', 'NFC-NOT-ACCEPTED', 'the tag holds no NDEF message');
    }
  }
  return readUid(ch);
}

/** PC/SC part 3 ATR of a contactless storage card (NTAG, MIFARE): 3B 8F 80 01 80 4F … */
export function isStorageCardAtr(atr: Buffer | undefined): boolean {
  return !!atr && atr.length >= 6 && atr[0] === 0x3b && atr[4] === 0x80 && atr[5] === 0x4f;
}

function errorToFailure(err: unknown, kind: CardFailure['kind']): CardRead {
  if (err instanceof CardTransportError) {
    return failure(
      kind,
      'NFC-TAP-AGAIN',
      `the card left the field or did not answer (${err.kind}: ${err.message})`,
    );
  }
  if (err instanceof NfcFormatError)
    return failure(kind, 'NFC-BAD-REPLY', `unreadable reply: ${err.message}`);
  return failure(kind, 'NFC-BAD-REPLY', `read failed: ${err instanceof Error ? err.message : String(err)}`);
}
