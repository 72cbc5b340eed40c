import type { KioskStatus, ScanSubmit } from '../../../electron/common/contract';
import { FieldKeyRouter } from './field-key-router';
import { WedgeDetector, type WedgeOptions } from './wedge-detector';

export type WedgeSettings = KioskStatus['wedge'];

/** The source name the core uses for re-read suppression and the journal. */
export const WEDGE_SOURCE = 'wedge';

export interface WedgeCaptureOptions {
  submit(scan: ScanSubmit): void;
  /** The key's time in ms; defaults to the event's timeStamp (tests pass a controlled clock). */
  now?: (event: KeyboardEvent) => number;
}

export interface WedgeCapture {
  /** Applies settings from a status update; until the first call keys pass through untouched. */
  configure(settings: WedgeSettings): void;
  detach(): void;
}

/** Inputs and textareas that take text, and contenteditable elements: where a person may be typing. */
export function isEditableField(target: EventTarget | null): target is HTMLElement {
  if (!target || typeof (target as HTMLElement).tagName !== 'string') return false;
  const el = target as HTMLElement;
  if (el.isContentEditable) return true;
  if (el.tagName === 'TEXTAREA')
    return !(el as HTMLTextAreaElement).readOnly && !(el as HTMLTextAreaElement).disabled;
  if (el.tagName !== 'INPUT') return false;
  const input = el as HTMLInputElement;
  const nonText = [
    'button',
    'checkbox',
    'radio',
    'submit',
    'reset',
    'file',
    'image',
    'range',
    'color',
    'hidden',
  ];
  return !nonText.includes(input.type) && !input.readOnly && !input.disabled;
}

/** Types text a person entered into the field, as the browser would have (React sees the change). */
export function insertIntoField(field: HTMLElement, text: string): void {
  if (field.tagName === 'INPUT' || field.tagName === 'TEXTAREA') {
    const el = field as HTMLInputElement | HTMLTextAreaElement;
    try {
      const start = el.selectionStart ?? el.value.length;
      const end = el.selectionEnd ?? el.value.length;
      el.setRangeText(text, start, end, 'end');
    } catch {
      // email/number inputs have no selection API: append through the prototype setter so React notices.
      const proto = Object.getPrototypeOf(el) as object;
      const setter = Object.getOwnPropertyDescriptor(proto, 'value')?.set;
      if (setter) setter.call(el, el.value + text);
      else el.value += text;
    }
    el.dispatchEvent(new Event('input', { bubbles: true }));
    return;
  }
  field.ownerDocument.execCommand('insertText', false, text);
}

/**
 * Keyboard-wedge capture on a window. Listens in the capture phase so a focused field's own handlers
 * never see scanner keys first. Outside fields, the detector consumes keys as before; inside a field,
 * the {@link FieldKeyRouter} holds keys back so a burst is submitted as a scan and never typed.
 */
export function attachWedgeCapture(win: Window, options: WedgeCaptureOptions): WedgeCapture {
  let detector: WedgeDetector | null = null;
  let router: FieldKeyRouter | null = null;
  let settings: WedgeSettings | null = null;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let heldField: HTMLElement | null = null;
  const now = options.now ?? ((event: KeyboardEvent) => event.timeStamp);

  const submit = (token: string, inputType: ScanSubmit['inputType']): void =>
    options.submit({ token, inputType, source: WEDGE_SOURCE });

  const release = (text: string | undefined, field: HTMLElement | null): void => {
    if (text && field) insertIntoField(field, text);
  };

  /** Releases held text after `maxGapMs` without a key (every key re-arms, so firing means silence). */
  const arm = (): void => {
    clearTimeout(timer);
    if (router?.releaseAt() === undefined || !settings) return;
    const field = heldField;
    timer = setTimeout(
      () => release(router?.timeout(Number.POSITIVE_INFINITY), field),
      settings.maxGapMs + 1,
    );
  };

  const onKeyDown = (event: KeyboardEvent): void => {
    if (!detector || !router || !settings || event.isComposing) return;
    // Browser shortcuts (Ctrl+R, Cmd+Q…) are not scanner output. AltGr reports Ctrl+Alt on Windows and
    // produces printable characters (e.g. '@' on German layouts), so it is let through to the detector.
    if ((event.ctrlKey || event.metaKey) && !event.getModifierState('AltGraph')) return;
    const at = now(event);

    if (isEditableField(event.target)) {
      if (heldField && heldField !== event.target) {
        // Focus moved: what was held belongs to the old field.
        release(router.timeout(Number.POSITIVE_INFINITY), heldField);
      }
      heldField = event.target;
      const decision = router.key(event.key, at);
      if (decision.prevent) event.preventDefault();
      release(decision.release, heldField);
      if (decision.scan) submit(decision.scan.token, decision.scan.inputType);
      arm();
      return;
    }

    const verdict = detector.feed(event.key, at);
    if (verdict.kind === 'ignored') return;
    event.preventDefault();
    if (verdict.kind === 'scan') submit(verdict.token, verdict.inputType);
  };

  win.addEventListener('keydown', onKeyDown, true);
  return {
    configure(next: WedgeSettings): void {
      const wedgeOptions: WedgeOptions = {
        maxGapMs: next.maxGapMs,
        minLength: next.minLength,
        manualEntry: next.manualEntry,
        ...(next.prefix && { prefix: next.prefix }),
        ...(next.suffix && { suffix: next.suffix }),
      };
      settings = next;
      if (detector) detector.configure(wedgeOptions);
      else detector = new WedgeDetector(wedgeOptions);
      if (router) router.configure(next.maxGapMs);
      else router = new FieldKeyRouter(detector, next.maxGapMs);
    },
    detach(): void {
      clearTimeout(timer);
      win.removeEventListener('keydown', onKeyDown, true);
    },
  };
}
