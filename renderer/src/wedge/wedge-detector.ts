import { MAX_SUBMIT_CHARS, type InputType } from '../../../electron/common/contract';

export interface WedgeOptions {
  /** Largest gap between two keys (and before Enter) that still counts as one scanner burst. */
  maxGapMs: number;
  /** Shortest burst accepted as a barcode; shorter fast bursts are usually key bounce or a stray tap. */
  minLength: number;
  /** Accept slow, human typing ending in Enter as a 'Key' scan. */
  manualEntry: boolean;
  /** Upper bound on buffered characters; defaults to {@link DEFAULT_MAX_BUFFER}. */
  maxBuffer?: number;
  /** Characters the scanner is set to send before every read (config `wedge.prefix`); stripped. */
  prefix?: string;
  /** Characters the scanner sends after every read, before Enter (config `wedge.suffix`); stripped. */
  suffix?: string;
}

/** What the caller should do with one key event. */
export type WedgeVerdict =
  /** Not a key the wedge handles: let the browser do whatever it does by default. */
  | { kind: 'ignored' }
  /** Swallowed into (or discarded from) the buffer: the caller should preventDefault. */
  | { kind: 'consumed' }
  /** A complete read: the caller should preventDefault and submit it. */
  | { kind: 'scan'; token: string; inputType: Extract<InputType, 'Barcode' | 'Key'> };

/**
 * Matches the contract's bound on submitted reads, so the core still sees over-long tickets (and refuses them
 * with a reason) and a provisioning QR code (up to ~2.9 KB) gets through a keyboard-wedge scanner.
 */
export const DEFAULT_MAX_BUFFER = MAX_SUBMIT_CHARS;

/**
 * Keys that never break a burst. Scanners emulate Shift for upper case; layout mismatches produce dead keys;
 * some platforms report keys they cannot name as 'Unidentified'.
 */
const TRANSPARENT_KEYS = new Set([
  'Shift',
  'Control',
  'Alt',
  'AltGraph',
  'Meta',
  'CapsLock',
  'NumLock',
  'ScrollLock',
  'Fn',
  'FnLock',
  'Hyper',
  'Super',
  'Symbol',
  'SymbolLock',
  'OS',
  'Dead',
  'Unidentified',
  'Process',
]);

const CONSUMED: WedgeVerdict = { kind: 'consumed' };
const IGNORED: WedgeVerdict = { kind: 'ignored' };

/** A printable key's `key` value is exactly one character (one code point, which may be two UTF-16 units). */
function isPrintable(key: string): boolean {
  if (key.length === 0 || key.length > 2) return false;
  const codePoints = [...key];
  if (codePoints.length !== 1) return false;
  const code = key.codePointAt(0) ?? 0;
  // C0/C1 control characters are not printable even when a platform reports them as `key`.
  return code >= 0x20 && !(code >= 0x7f && code < 0xa0);
}

/**
 * Tells a keyboard-wedge scanner apart from a person at a keyboard, using nothing but key values and their
 * timestamps. A scanner "types" a whole token in one fast burst followed by Enter; a person cannot keep every
 * gap under a few tens of milliseconds.
 *
 * Two buffers run side by side:
 *  - `burst`: the keys since the last gap longer than maxGapMs. A gap restarts it with the new key, so a stray
 *    key pressed just before a scan does not corrupt the scanned token.
 *  - `typed`: every key since the last Enter, used only when manualEntry is on.
 *
 * Pure and DOM-free so that it can be tested with exact, hand-written timings.
 */
export class WedgeDetector {
  private options: Required<Omit<WedgeOptions, 'prefix' | 'suffix'>> &
    Pick<WedgeOptions, 'prefix' | 'suffix'>;
  private burst = '';
  private typed = '';
  private lastKeyAt: number | null = null;
  /** Set after an overflow: the rest of that burst is swallowed so a truncated tail is never submitted. */
  private discarding = false;

  constructor(options: WedgeOptions) {
    this.options = { maxBuffer: DEFAULT_MAX_BUFFER, ...options };
  }

  /** Applies new settings (from a status update) and drops any half-read input gathered under the old ones. */
  configure(options: WedgeOptions): void {
    this.options = { maxBuffer: DEFAULT_MAX_BUFFER, ...options };
    this.reset();
  }

  reset(): void {
    this.burst = '';
    this.typed = '';
    this.lastKeyAt = null;
    this.discarding = false;
  }

  feed(key: string, timeStampMs: number): WedgeVerdict {
    if (TRANSPARENT_KEYS.has(key)) return IGNORED;
    if (key === 'Enter') return this.onEnter(timeStampMs);
    if (!isPrintable(key)) {
      // Tab, arrows, Escape, function keys…: not part of any read, and evidence that this is not a scanner burst.
      this.reset();
      return IGNORED;
    }
    return this.onPrintable(key, timeStampMs);
  }

  private gapExceeded(timeStampMs: number): boolean {
    // A clock going backwards (timestamps are not guaranteed monotonic across sources) also breaks the burst.
    if (this.lastKeyAt === null) return true;
    const gap = timeStampMs - this.lastKeyAt;
    return gap < 0 || gap > this.options.maxGapMs;
  }

  private onPrintable(key: string, timeStampMs: number): WedgeVerdict {
    const broken = this.gapExceeded(timeStampMs);
    this.lastKeyAt = timeStampMs;

    if (this.discarding) {
      if (!broken) return CONSUMED;
      this.discarding = false;
      this.typed = '';
    }

    if (broken) this.burst = key;
    else this.burst += key;
    if (this.options.manualEntry) this.typed += key;

    if (this.burst.length > this.options.maxBuffer || this.typed.length > this.options.maxBuffer) {
      this.reset();
      this.discarding = true;
      this.lastKeyAt = timeStampMs;
    }
    return CONSUMED;
  }

  private onEnter(timeStampMs: number): WedgeVerdict {
    const fast = !this.gapExceeded(timeStampMs);
    const burst = this.burst;
    const typed = this.typed;
    const wasDiscarding = this.discarding;
    this.reset();

    if (wasDiscarding) return CONSUMED;
    if (fast && burst.length >= this.options.minLength) {
      return {
        kind: 'scan',
        token: stripAffixes(burst, this.options.prefix, this.options.suffix),
        inputType: 'Barcode',
      };
    }
    if (this.options.manualEntry && typed.length > 0) {
      return { kind: 'scan', token: typed, inputType: 'Key' };
    }
    return CONSUMED;
  }
}

/** Removes the configured prefix and suffix when the read carries them; a read without them is kept whole. */
export function stripAffixes(token: string, prefix = '', suffix = ''): string {
  let out = token;
  if (prefix && out.startsWith(prefix)) out = out.slice(prefix.length);
  if (suffix && out.endsWith(suffix) && out.length >= suffix.length)
    out = out.slice(0, out.length - suffix.length);
  return out;
}
