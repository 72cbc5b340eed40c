import { MAX_TOKEN_CHARS } from '../../common/contract.js';
import type { ScanInput } from './scan-input.js';

/** GS (0x1D): the group separator GS1 barcodes carry between fields. It is data, not noise. */
const GS = 0x1d;

export type NormaliseResult =
  | { ok: true; token: string }
  | { ok: false; reasonCode: 'EMPTY' | 'TOO_LONG' | 'CONTROL_CHARACTER'; reasonText: string };

/**
 * Bounds and cleans a raw token. Scanners end reads with CR/LF (sometimes both, sometimes twice); those
 * terminators are stripped. Anything else below 0x20 (or DEL) inside the token means a garbled read or a
 * mis-set scanner: it is refused with a clear reason rather than sent to the ticketing API.
 */
export function normaliseToken(raw: string, maxChars = MAX_TOKEN_CHARS): NormaliseResult {
  const token = raw.replace(/^[\r\n]+|[\r\n]+$/g, '').trim();
  if (token.length === 0)
    return { ok: false, reasonCode: 'EMPTY', reasonText: 'Empty scan — please scan again' };
  if (token.length > maxChars)
    return { ok: false, reasonCode: 'TOO_LONG', reasonText: 'Code too long — not a ticket' };
  for (let i = 0; i < token.length; i++) {
    const c = token.charCodeAt(i);
    if ((c < 0x20 && c !== GS) || c === 0x7f)
      return {
        ok: false,
        reasonCode: 'CONTROL_CHARACTER',
        reasonText: 'Unreadable code — please scan again',
      };
  }
  return { ok: true, token };
}

/** Enough of a token for staff to recognise it on screen and in logs, never the whole credential. */
export function tokenHint(token: string): string {
  if (token.length <= 4) return '•'.repeat(token.length);
  return `…${token.slice(-4)}`;
}

export function withReceivedAt(input: Omit<ScanInput, 'receivedAt'>, now: number): ScanInput {
  return { ...input, receivedAt: now };
}
