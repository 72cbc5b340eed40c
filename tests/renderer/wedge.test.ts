import { describe, expect, it } from 'vitest';
import { WedgeDetector, type WedgeOptions, type WedgeVerdict } from '../../renderer/src/wedge/wedge-detector';

const DEFAULTS: WedgeOptions = { maxGapMs: 60, minLength: 4, manualEntry: false };

type Key = [key: string, atMs: number];

/** Keys typed at a fixed interval from `startMs`, optionally followed by Enter at the same interval. */
function typed(text: string, startMs: number, gapMs: number, enter = true): Key[] {
  const keys: Key[] = [...text].map((ch, i) => [ch, startMs + i * gapMs]);
  if (enter) keys.push(['Enter', startMs + [...text].length * gapMs]);
  return keys;
}

function feedAll(detector: WedgeDetector, keys: Key[]): WedgeVerdict[] {
  return keys.map(([key, at]) => detector.feed(key, at));
}

function scans(verdicts: WedgeVerdict[]): Array<{ token: string; inputType: string }> {
  return verdicts.flatMap((v) => (v.kind === 'scan' ? [{ token: v.token, inputType: v.inputType }] : []));
}

describe('WedgeDetector', () => {
  it('reads a fast burst ending in Enter as a barcode', () => {
    const d = new WedgeDetector(DEFAULTS);
    // A typical USB HID scanner: ~8 ms per key, first key at an arbitrary page timestamp.
    const verdicts = feedAll(d, typed('TICKET-000123', 15_234.7, 8));
    expect(scans(verdicts)).toEqual([{ token: 'TICKET-000123', inputType: 'Barcode' }]);
    // Every key of the read is consumed so nothing leaks to the page.
    expect(verdicts.every((v) => v.kind !== 'ignored')).toBe(true);
  });

  it('accepts gaps exactly at maxGapMs and rejects one just over', () => {
    const atLimit = new WedgeDetector(DEFAULTS);
    expect(scans(feedAll(atLimit, typed('ABCD', 0, 60)))).toEqual([{ token: 'ABCD', inputType: 'Barcode' }]);

    const over = new WedgeDetector(DEFAULTS);
    expect(scans(feedAll(over, typed('ABCD', 0, 60.5)))).toEqual([]);
  });

  it('does not treat ordinary typing as a scan', () => {
    const d = new WedgeDetector(DEFAULTS);
    // A fast typist: ~120 ms between keys.
    const verdicts = feedAll(d, typed('hello world', 1000, 120));
    expect(scans(verdicts)).toEqual([]);
  });

  it('turns slow typing ending in Enter into a Key read when manual entry is on', () => {
    const d = new WedgeDetector({ ...DEFAULTS, manualEntry: true });
    const verdicts = feedAll(d, [...typed('4711', 0, 180, false), ['Enter', 2000]]);
    expect(scans(verdicts)).toEqual([{ token: '4711', inputType: 'Key' }]);
  });

  it('still reads a scanner burst as a barcode when manual entry is on', () => {
    const d = new WedgeDetector({ ...DEFAULTS, manualEntry: true });
    expect(scans(feedAll(d, typed('QR:abc123', 0, 5)))).toEqual([
      { token: 'QR:abc123', inputType: 'Barcode' },
    ]);
  });

  it('drops keys typed by hand just before a scan instead of prefixing them to the token', () => {
    for (const manualEntry of [false, true]) {
      const d = new WedgeDetector({ ...DEFAULTS, manualEntry });
      const keys: Key[] = [['x', 0], ['y', 400], ...typed('TOKEN42', 900, 7)];
      expect(scans(feedAll(d, keys))).toEqual([{ token: 'TOKEN42', inputType: 'Barcode' }]);
    }
  });

  it('restarts the burst at a long gap and keeps the key that follows it', () => {
    const d = new WedgeDetector(DEFAULTS);
    // A Bluetooth scanner hiccup of 150 ms mid-token: only the tail after the gap is a burst.
    const keys: Key[] = [...typed('AAAA', 0, 10, false), ...typed('BBBBB', 180, 10)];
    expect(scans(feedAll(d, keys))).toEqual([{ token: 'BBBBB', inputType: 'Barcode' }]);
  });

  it('ignores a fast burst shorter than minLength', () => {
    const d = new WedgeDetector(DEFAULTS);
    expect(scans(feedAll(d, typed('abc', 0, 5)))).toEqual([]);
  });

  it('ignores a burst whose Enter comes too late', () => {
    const d = new WedgeDetector(DEFAULTS);
    const keys: Key[] = [...typed('TICKET1', 0, 5, false), ['Enter', 35 + 200]];
    expect(scans(feedAll(d, keys))).toEqual([]);
  });

  it('treats a late Enter after a burst as manual entry when manual entry is on', () => {
    const d = new WedgeDetector({ ...DEFAULTS, manualEntry: true });
    const keys: Key[] = [...typed('TICKET1', 0, 5, false), ['Enter', 35 + 200]];
    expect(scans(feedAll(d, keys))).toEqual([{ token: 'TICKET1', inputType: 'Key' }]);
  });

  it('lets Shift and other modifiers through without breaking the burst', () => {
    const d = new WedgeDetector(DEFAULTS);
    // Scanners emulate Shift around upper-case letters; Shift itself arrives as its own keydown.
    const keys: Key[] = [
      ['Shift', 0],
      ['A', 4],
      ['b', 9],
      ['Shift', 13],
      ['C', 17],
      ['CapsLock', 22],
      ['d', 26],
      ['Enter', 31],
    ];
    const verdicts = feedAll(d, keys);
    expect(scans(verdicts)).toEqual([{ token: 'AbCd', inputType: 'Barcode' }]);
    expect(verdicts[0]).toEqual({ kind: 'ignored' });
  });

  it('does not let a slow modifier bridge a gap between two halves of a burst', () => {
    const d = new WedgeDetector(DEFAULTS);
    // Shift at 100 ms must not count as a key that keeps the burst alive.
    const keys: Key[] = [
      ['A', 0],
      ['B', 10],
      ['Shift', 60],
      ['C', 120],
      ['D', 130],
      ['E', 140],
      ['Enter', 150],
    ];
    expect(scans(feedAll(d, keys))).toEqual([]);
  });

  it('resets on a non-printable, non-modifier key such as Tab or an arrow', () => {
    const d = new WedgeDetector(DEFAULTS);
    const keys: Key[] = [...typed('ABCD', 0, 5, false), ['ArrowDown', 22], ['E', 27], ['Enter', 32]];
    const verdicts = feedAll(d, keys);
    expect(scans(verdicts)).toEqual([]);
    expect(verdicts[4]).toEqual({ kind: 'ignored' });
  });

  it('reads two scans back to back', () => {
    const d = new WedgeDetector(DEFAULTS);
    const keys = [...typed('FIRST-1', 0, 6), ...typed('SECOND-2', 60, 6)];
    expect(scans(feedAll(d, keys))).toEqual([
      { token: 'FIRST-1', inputType: 'Barcode' },
      { token: 'SECOND-2', inputType: 'Barcode' },
    ]);
  });

  it('keeps spaces and punctuation, and counts an astral character as one key', () => {
    const d = new WedgeDetector({ ...DEFAULTS, minLength: 3 });
    expect(scans(feedAll(d, typed('a b😀', 0, 4)))).toEqual([{ token: 'a b😀', inputType: 'Barcode' }]);
  });

  it('ignores an Enter with nothing buffered but still consumes it', () => {
    const d = new WedgeDetector(DEFAULTS);
    expect(d.feed('Enter', 0)).toEqual({ kind: 'consumed' });
  });

  it('accepts a read exactly at the buffer limit', () => {
    const d = new WedgeDetector({ ...DEFAULTS, maxBuffer: 16 });
    const token = 'X'.repeat(16);
    expect(scans(feedAll(d, typed(token, 0, 1)))).toEqual([{ token, inputType: 'Barcode' }]);
  });

  it('discards an over-long burst entirely rather than submitting its tail', () => {
    const d = new WedgeDetector({ ...DEFAULTS, maxBuffer: 16 });
    const verdicts = feedAll(d, typed('Y'.repeat(40), 0, 1));
    expect(scans(verdicts)).toEqual([]);
    expect(verdicts.every((v) => v.kind === 'consumed')).toBe(true);
    // The detector is usable again for the next read.
    expect(scans(feedAll(d, typed('NEXT-OK', 500, 3)))).toEqual([{ token: 'NEXT-OK', inputType: 'Barcode' }]);
  });

  it('uses the default 4096-character bound (a provisioning QR code fits)', () => {
    const d = new WedgeDetector(DEFAULTS);
    const max = 'Z'.repeat(4096);
    expect(scans(feedAll(d, typed(max, 0, 1)))).toEqual([{ token: max, inputType: 'Barcode' }]);
    expect(scans(feedAll(d, typed(max + 'Z', 5000, 1)))).toEqual([]);
  });

  it('recovers after an over-long burst when a new burst starts after a gap', () => {
    const d = new WedgeDetector({ ...DEFAULTS, maxBuffer: 8 });
    const keys: Key[] = [...typed('Q'.repeat(20), 0, 2, false), ...typed('FRESH1', 300, 4)];
    expect(scans(feedAll(d, keys))).toEqual([{ token: 'FRESH1', inputType: 'Barcode' }]);
  });

  it('bounds manual entry too', () => {
    const d = new WedgeDetector({ ...DEFAULTS, manualEntry: true, maxBuffer: 8 });
    expect(scans(feedAll(d, typed('123456789', 0, 200)))).toEqual([]);
    expect(scans(feedAll(d, typed('42', 10_000, 200)))).toEqual([{ token: '42', inputType: 'Key' }]);
  });

  it('treats a timestamp that goes backwards as a broken burst', () => {
    const d = new WedgeDetector(DEFAULTS);
    const keys: Key[] = [
      ['A', 100],
      ['B', 105],
      ['C', 50],
      ['D', 55],
      ['E', 60],
      ['Enter', 65],
    ];
    expect(scans(feedAll(d, keys))).toEqual([]);
  });

  it('drops a half-read burst when reconfigured', () => {
    const d = new WedgeDetector(DEFAULTS);
    feedAll(d, typed('PARTIAL', 0, 5, false));
    d.configure({ ...DEFAULTS, minLength: 2 });
    expect(scans(feedAll(d, [['Enter', 40]]))).toEqual([]);
    expect(scans(feedAll(d, typed('OK', 100, 5)))).toEqual([{ token: 'OK', inputType: 'Barcode' }]);
  });

  it('ignores control characters reported as keys', () => {
    const d = new WedgeDetector(DEFAULTS);
    expect(d.feed('\u0007', 0)).toEqual({ kind: 'ignored' });
  });
});
