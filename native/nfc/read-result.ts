/**
 * What one tap produced, as the reader process reports it. A failure carries a staff-readable reason and
 * a short code; the kiosk shows the patron only "pass could not be read" or "please tap again".
 */
export type CardRead = CardToken | CardFailure;

export type CardTokenKind = 'apple' | 'google' | 'uid' | 'ndef-text' | 'ndef-uri';

export interface CardToken {
  ok: true;
  kind: CardTokenKind;
  token: string;
  /** Staff-readable context: the pass type id, the collector id and object type, the tag type. Never a key. */
  detail: string;
  /** Apple VAS: the pass's own timestamp (ISO-8601). */
  passTimestamp?: string;
}

export type CardFailureCode =
  /** The card left the field, an APDU timed out, or the phone asked for the patron (6287, 92xx, 9302). */
  | 'NFC-TAP-AGAIN'
  /** The cryptogram names a key id no configured key has. */
  | 'NFC-KEY-NOT-CONFIGURED'
  /** A key matched but decryption or the MAC check failed. */
  | 'NFC-DECRYPT-FAILED'
  /** The pass's timestamp is outside `freshnessSeconds`. */
  | 'NFC-STALE-PASS'
  /** The phone holds no pass the kiosk asked for (6A83, 9001). */
  | 'NFC-NO-PASS'
  /** The phone refused the reader's Smart Tap authentication (95xx): collector id, key version or key. */
  | 'NFC-AUTH-REFUSED'
  /** A wallet was detected but no key is configured for it. */
  | 'NFC-NO-KEYS'
  /** The reply could not be parsed (truncated TLV, garbage). */
  | 'NFC-BAD-REPLY'
  /** A card the configuration does not accept (plain card with uidAsToken/ndefAsToken off, unknown wallet). */
  | 'NFC-NOT-ACCEPTED';

export interface CardFailure {
  ok: false;
  /** Which path failed, for the journal. */
  kind: 'apple' | 'google' | 'plain' | 'unknown';
  code: CardFailureCode;
  /** Staff-readable; says which key id / pass type / status word, never key material. */
  reason: string;
  /** True when tapping again may well work (the patron is told so). */
  tapAgain: boolean;
}

export function failure(kind: CardFailure['kind'], code: CardFailureCode, reason: string): CardFailure {
  return { ok: false, kind, code, reason, tapAgain: code === 'NFC-TAP-AGAIN' };
}
