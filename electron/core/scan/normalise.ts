import { MAX_TOKEN_CHARS } from '../../common/contract.js';

/** GS (0x1D): the group separator GS1 barcodes carry between fields. It is data, not noise. */
const GS = '\u001d';

/**
 * Zero-width characters (ZWSP, ZWNJ, ZWJ, word joiner, BOM) are stripped: a barcode never carries them,
 * but keyboard layouts and IMEs sometimes insert them, they are invisible, and removing them leaves the
 * string a person (and the ticketing system) would read.
 */
const ZERO_WIDTH = /[\u200B-\u200D\u2060\uFEFF]/gu;
/** A lone UTF-16 surrogate: half a character, the mark of a corrupted read. Refused. */
const LONE_SURROGATE = /\p{Cs}/u;
/** C0 and C1 controls and DEL (GS excepted). Refused: a garbled read or a mis-set scanner. */
const CONTROL = /[\p{Cc}]/u;
/**
 * Other invisible format characters, bidi overrides and isolates among them (U+202E makes a string show
 * differently from what it is). Refused: no ticket code contains them, and staff must see what was sent.
 */
const FORMAT = /\p{Cf}/u;

export type NormaliseResult =
  | { ok: true; token: string }
  | {
      ok: false;
      reasonCode: 'EMPTY' | 'TOO_LONG' | 'CONTROL_CHARACTER' | 'FORMAT_CHARACTER' | 'INVALID_TEXT';
      reasonText: string;
    };

const UNREADABLE = 'Unreadable code — please scan again';

/**
 * Bounds and cleans a raw token. Scanners end reads with CR/LF (sometimes both, sometimes twice); those
 * terminators are stripped, as are zero-width characters. Anything else that is not text a ticket can
 * carry (controls other than GS, lone surrogates, bidi and other format characters) means a garbled read
 * or a mis-set scanner: it is refused with a clear reason rather than sent to the ticketing API.
 */
export function normaliseToken(raw: string, maxChars = MAX_TOKEN_CHARS): NormaliseResult {
  const token = raw
    .replace(/^[\r\n]+|[\r\n]+$/g, '')
    .replace(ZERO_WIDTH, '')
    .trim();
  if (token.length === 0)
    return { ok: false, reasonCode: 'EMPTY', reasonText: 'Empty scan — please scan again' };
  if (token.length > maxChars)
    return { ok: false, reasonCode: 'TOO_LONG', reasonText: 'Code too long — not a ticket' };
  if (LONE_SURROGATE.test(token)) return { ok: false, reasonCode: 'INVALID_TEXT', reasonText: UNREADABLE };
  if (CONTROL.test(token.replaceAll(GS, '')))
    return { ok: false, reasonCode: 'CONTROL_CHARACTER', reasonText: UNREADABLE };
  if (FORMAT.test(token)) return { ok: false, reasonCode: 'FORMAT_CHARACTER', reasonText: UNREADABLE };
  return { ok: true, token };
}

/**
 * A refused read as it is kept in the journal: bounded, and well-formed (a lone surrogate would be
 * stored as invalid UTF-8 and read back as something else). Controls are kept: the journal is evidence.
 */
export function journalableToken(raw: string): string {
  return wellFormed(raw.slice(0, 1024));
}

/** Enough of a token for staff to recognise it on screen and in logs, never the whole credential. */
export function tokenHint(token: string): string {
  // Controls and invisible characters show as U+FFFD: a NUL or a bidi override must not reach a screen.
  const visible = [...wellFormed(token)].map((c) => (/[\p{Cc}\p{Cf}]/u.test(c) ? '\uFFFD' : c)).join('');
  if (visible.length <= 4) return '•'.repeat(visible.length);
  return `…${visible.slice(-4)}`;
}

/** Lone surrogates replaced by U+FFFD (String.prototype.toWellFormed, which Node 20 has but ES2023 lacks). */
function wellFormed(text: string): string {
  return text.replace(/\p{Cs}/gu, '\uFFFD');
}
