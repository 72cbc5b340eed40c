// @vitest-environment happy-dom
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ScanSubmit } from '../../electron/common/contract';
import { attachWedgeCapture, type WedgeCapture } from '../../renderer/src/wedge/wedge-capture';
import { FieldKeyRouter } from '../../renderer/src/wedge/field-key-router';
import { WedgeDetector, stripAffixes } from '../../renderer/src/wedge/wedge-detector';

const SETTINGS = { maxGapMs: 60, minLength: 4, manualEntry: false };

describe('FieldKeyRouter (pure)', () => {
  it('holds a fast burst and submits it as a scan; nothing is released into the field', () => {
    const router = new FieldKeyRouter(new WedgeDetector(SETTINGS), 60);
    const decisions = [...'TICKET-9'].map((k, i) => router.key(k, 100 + i * 8));
    decisions.push(router.key('Enter', 100 + 8 * 8));
    expect(decisions.every((d) => d.prevent)).toBe(true);
    expect(decisions.flatMap((d) => (d.release ? [d.release] : []))).toEqual([]);
    expect(decisions.at(-1)!.scan).toEqual({ kind: 'scan', token: 'TICKET-9', inputType: 'Barcode' });
  });

  it("releases a person's typing into the field after the gap, in order", () => {
    const router = new FieldKeyRouter(new WedgeDetector(SETTINGS), 60);
    expect(router.key('a', 0)).toEqual({ prevent: true });
    expect(router.releaseAt()).toBe(60);
    expect(router.timeout(60)).toBeUndefined();
    expect(router.timeout(61)).toBe('a');
    expect(router.key('b', 200)).toEqual({ prevent: true });
    // The next key after a gap releases what was held before it is itself held.
    expect(router.key('c', 400)).toEqual({ prevent: true, release: 'b' });
    expect(router.key('Enter', 420)).toEqual({ prevent: false, release: 'c' });
  });

  it('does not turn slow typing plus Enter into a manual-entry scan inside a field', () => {
    const router = new FieldKeyRouter(new WedgeDetector({ ...SETTINGS, manualEntry: true }), 60);
    router.key('4', 0);
    router.key('2', 300);
    const enter = router.key('Enter', 600);
    expect(enter.scan).toBeUndefined();
    expect(enter.prevent).toBe(false);
  });
});

describe('stripAffixes', () => {
  it('strips a configured prefix and suffix only when present', () => {
    expect(stripAffixes('#TICKET$', '#', '$')).toBe('TICKET');
    expect(stripAffixes('TICKET', '#', '$')).toBe('TICKET');
  });
});

describe('wedge capture in the DOM', () => {
  let clock = 0;
  let scans: ScanSubmit[] = [];
  let capture: WedgeCapture;

  beforeEach(() => {
    vi.useFakeTimers();
    clock = 1000;
    scans = [];
    document.body.innerHTML = '<form><input id="name" type="text"><textarea id="note"></textarea></form>';
    capture = attachWedgeCapture(window, { submit: (s) => scans.push(s), now: () => clock });
    capture.configure({ ...SETTINGS, prefix: '', suffix: '' });
  });

  afterEach(() => {
    capture.detach();
    vi.useRealTimers();
  });

  /** Dispatches a keydown on `target` at the current clock; returns whether it was prevented. */
  function press(target: HTMLElement, key: string): boolean {
    const event = new KeyboardEvent('keydown', { key, bubbles: true, cancelable: true });
    target.dispatchEvent(event);
    return event.defaultPrevented;
  }

  it('a scanner burst while an input has focus is submitted as a scan and never typed', () => {
    const input = document.getElementById('name') as HTMLInputElement;
    input.focus();
    input.value = 'Alice';
    const prevented: boolean[] = [];
    for (const key of [...'39000000000001', 'Enter']) {
      prevented.push(press(input, key));
      clock += 6;
    }
    vi.advanceTimersByTime(500);
    expect(prevented.every(Boolean)).toBe(true);
    expect(input.value).toBe('Alice');
    expect(scans).toEqual([{ token: '39000000000001', inputType: 'Barcode', source: 'wedge' }]);
  });

  it('a person typing in a textarea gets their text, delayed by at most maxGapMs', () => {
    const note = document.getElementById('note') as HTMLTextAreaElement;
    note.focus();
    for (const key of 'hi') {
      press(note, key);
      clock += 150;
      vi.advanceTimersByTime(150);
    }
    expect(note.value).toBe('hi');
    expect(scans).toEqual([]);
  });

  it('outside any field, a burst with the configured prefix and suffix is read without them', () => {
    capture.configure({ ...SETTINGS, prefix: '#', suffix: '$' });
    for (const key of [...'#TKT-77$', 'Enter']) {
      press(document.body, key);
      clock += 5;
    }
    expect(scans).toEqual([{ token: 'TKT-77', inputType: 'Barcode', source: 'wedge' }]);
  });
});
