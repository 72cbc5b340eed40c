import type { ReferenceEvent } from '../providers/provider.js';
import { isInScanWindow } from './scan-window.js';

/**
 * Barcode masks decide, offline, which event a barcode belongs to. Providers write them in two forms
 * (Entry V1's exact syntax is unknown, so both are accepted):
 *  - wildcard: `?` is any one character, every other character is literal, and the whole token must
 *    match (so the length is fixed): `39??????????`;
 *  - regular expression: `/…/flags` or `re:…`, anchored at both ends (a mask that matched a substring
 *    would let foreign barcodes through). Compiled once; an invalid one is ignored with a reason, since
 *    one bad mask must not take the other masks (or the whole sync) down with it.
 */

export interface CompiledMask {
  source: string;
  kind: 'wildcard' | 'regex';
  test(token: string): boolean;
}

export interface MaskProblem {
  mask: string;
  reason: string;
}

export interface CompiledMasks {
  masks: CompiledMask[];
  invalid: MaskProblem[];
}

export function compileMask(mask: string): CompiledMask | MaskProblem {
  if (mask.length === 0) return { mask, reason: 'empty mask' };
  const regex = regexForm(mask);
  if (regex === undefined) return wildcard(mask);
  if (regex.pattern.length === 0) return { mask, reason: 'empty regular expression' };
  try {
    // `g`/`y` would make test() stateful (lastIndex), so they are dropped; anchoring makes them moot.
    const re = new RegExp(`^(?:${regex.pattern})$`, regex.flags.replace(/[gy]/g, ''));
    return { source: mask, kind: 'regex', test: (token) => re.test(token) };
  } catch (err) {
    return { mask, reason: `invalid regular expression: ${(err as Error).message}` };
  }
}

export function compileMasks(masks: readonly string[]): CompiledMasks {
  const out: CompiledMasks = { masks: [], invalid: [] };
  for (const mask of masks) {
    const c = compileMask(mask);
    if ('test' in c) out.masks.push(c);
    else out.invalid.push(c);
  }
  return out;
}

function regexForm(mask: string): { pattern: string; flags: string } | undefined {
  if (mask.startsWith('re:')) return { pattern: mask.slice(3), flags: '' };
  const m = /^\/(.*)\/([a-z]*)$/s.exec(mask);
  return m ? { pattern: m[1]!, flags: m[2]! } : undefined;
}

function wildcard(mask: string): CompiledMask {
  return {
    source: mask,
    kind: 'wildcard',
    test(token) {
      if (token.length !== mask.length) return false;
      for (let i = 0; i < mask.length; i++) {
        const c = mask.charCodeAt(i);
        if (c !== 63 /* ? */ && c !== token.charCodeAt(i)) return false;
      }
      return true;
    },
  };
}

// Compiled masks per event object: an event is compiled on its first match, then reused for every scan
// until the next sync brings new objects.
const compiled = new WeakMap<ReferenceEvent, CompiledMasks>();

export function masksOf(event: ReferenceEvent): CompiledMasks {
  let c = compiled.get(event);
  if (!c) compiled.set(event, (c = compileMasks(event.barcodeMasks ?? [])));
  return c;
}

export interface EventMatch {
  /** The event the token belongs to; undefined when no mask matched. */
  event?: ReferenceEvent;
  /** Every event whose masks matched, in sync order. */
  matched: string[];
  /**
   * Why `event` was chosen: the only match; the first match whose scan window is open at `at`; or, when
   * several match and none is open, the first in sync order (the window rule then stops the scan).
   */
  choice: 'none' | 'only-match' | 'window-open' | 'first-listed';
}

export interface MatchOptions {
  /** Epoch ms; with several matches, an event whose scan window is open then is preferred. */
  at?: number;
  venueTimeZone?: string;
}

/** Events without masks match nothing: a mask is what ties an unknown barcode to an event. */
export function matchEvent(
  token: string,
  events: readonly ReferenceEvent[],
  options: MatchOptions = {},
): EventMatch {
  const hits = events.filter((e) => masksOf(e).masks.some((m) => m.test(token)));
  const matched = hits.map((e) => e.eventId);
  if (hits.length === 0) return { matched, choice: 'none' };
  if (hits.length === 1) return { event: hits[0]!, matched, choice: 'only-match' };
  const { at, venueTimeZone } = options;
  const open = at === undefined ? undefined : hits.find((e) => isInScanWindow(e, at, venueTimeZone));
  return open
    ? { event: open, matched, choice: 'window-open' }
    : { event: hits[0]!, matched, choice: 'first-listed' };
}
