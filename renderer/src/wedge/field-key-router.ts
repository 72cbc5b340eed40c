import type { WedgeDetector, WedgeVerdict } from './wedge-detector';

/** What to do with one key while focus is in a form field. */
export interface FieldKeyDecision {
  /** preventDefault this key (it is held, swallowed, or part of a scan). */
  prevent: boolean;
  /** Text a person typed, held back until it was clear it is not a scanner burst: insert it into the field. */
  release?: string;
  /** A scanner read to submit. */
  scan?: Extract<WedgeVerdict, { kind: 'scan' }>;
}

/**
 * Keeps scanner keystrokes out of form fields (the admin form). A person's typing and a scanner's burst
 * look the same at the first key, so in a field every printable key is held back for up to `maxGapMs`:
 * if the next key comes sooner it may be a burst and stays held; when a gap shows it was a person, the
 * held text is released into the field (typing lags by at most `maxGapMs`). A burst that ends in Enter
 * is a scan: submitted, its keys and the Enter never reach the field. Pure: the caller supplies times and
 * arms a timer for `releaseAt()`.
 */
export class FieldKeyRouter {
  private held = '';
  private lastAt: number | null = null;

  constructor(
    private readonly detector: WedgeDetector,
    private maxGapMs: number,
  ) {}

  configure(maxGapMs: number): void {
    this.maxGapMs = maxGapMs;
    this.held = '';
    this.lastAt = null;
  }

  /** When the held text must be released if no key comes before then; undefined when nothing is held. */
  releaseAt(): number | undefined {
    return this.held && this.lastAt !== null ? this.lastAt + this.maxGapMs : undefined;
  }

  /** The timer fired: whatever is held was typed by a person. */
  timeout(atMs: number): string | undefined {
    if (!this.held || this.lastAt === null || atMs - this.lastAt <= this.maxGapMs) return undefined;
    return this.take();
  }

  key(key: string, atMs: number): FieldKeyDecision {
    // Keys after a gap: what was held is a person's typing.
    const gap = this.lastAt === null || atMs - this.lastAt > this.maxGapMs || atMs < this.lastAt;
    const release = gap && this.held ? this.take() : undefined;
    const verdict = this.detector.feed(key, atMs);
    const decision = (d: FieldKeyDecision): FieldKeyDecision =>
      release ? { ...d, release: release + (d.release ?? '') } : d;

    if (verdict.kind === 'scan' && verdict.inputType === 'Barcode') {
      this.held = '';
      this.lastAt = null;
      return decision({ prevent: true, scan: verdict });
    }
    if (key === 'Enter') {
      // Not a scan: a person pressed Enter in the form. Their held text goes in first, then the Enter.
      const typed = this.take();
      return decision({ prevent: false, ...(typed && { release: typed }) });
    }
    if (verdict.kind === 'ignored') {
      // Tab, arrows, modifiers: not a burst. Flush held text so the caret moves after it.
      const typed = key.length > 1 && !isModifier(key) ? this.take() : undefined;
      return decision({ prevent: false, ...(typed && { release: typed }) });
    }
    // A printable key: hold it.
    this.held += key;
    this.lastAt = atMs;
    return decision({ prevent: true });
  }

  private take(): string {
    const text = this.held;
    this.held = '';
    this.lastAt = null;
    return text;
  }
}

function isModifier(key: string): boolean {
  return ['Shift', 'Control', 'Alt', 'AltGraph', 'Meta', 'CapsLock'].includes(key);
}
