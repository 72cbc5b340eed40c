import { describe, expect, it } from 'vitest';
import { compileMask, compileMasks, matchEvent } from '../../electron/core/offline/barcode-mask.js';
import type { ReferenceEvent } from '../../electron/core/providers/provider.js';

const test = (mask: string, token: string) => {
  const c = compileMask(mask);
  if (!('test' in c)) throw new Error(c.reason);
  return c.test(token);
};

describe('barcode masks', () => {
  it('wildcard: ? is any one character, the rest literal, whole token, fixed length', () => {
    expect(test('39??????????', '391234567890')).toBe(true);
    expect(test('39??????????', '381234567890')).toBe(false);
    expect(test('39??????????', '39123456789')).toBe(false); // one short
    expect(test('39??????????', '3912345678901')).toBe(false); // one long
    expect(test('39??????????', 'x391234567890')).toBe(false);
    // Regex metacharacters in the wildcard form are literal.
    expect(test('AB.*-??', 'AB.*-12')).toBe(true);
    expect(test('AB.*-??', 'ABxx-12')).toBe(false);
    expect(compileMask('39??')).toMatchObject({ kind: 'wildcard' });
  });

  it('regex forms /…/ and re:… are anchored at both ends', () => {
    expect(compileMask('/39\\d{10}/')).toMatchObject({ kind: 'regex' });
    expect(test('/39\\d{10}/', '391234567890')).toBe(true);
    expect(test('/39\\d{10}/', 'X391234567890')).toBe(false); // no substring match
    expect(test('/39\\d{10}/', '3912345678901')).toBe(false);
    expect(test('re:VIP-[A-Z]{3}', 'VIP-ABC')).toBe(true);
    expect(test('re:VIP-[A-Z]{3}', 'VIP-abc')).toBe(false);
    expect(test('/vip-[a-z]{3}/i', 'VIP-ABC')).toBe(true); // flags honoured
    expect(test('re:a|b', 'ab')).toBe(false); // alternation stays inside the anchors
    // The g flag is dropped: a stateful lastIndex would make every second test fail.
    expect([1, 2, 3].map(() => test('/39\\d+/g', '391'))).toEqual([true, true, true]);
  });

  it('ignores an invalid regex with a reason and keeps the other masks', () => {
    const c = compileMasks(['/39[\\d+/', 're:(unclosed', '', '/x/q', '41??']);
    expect(c.masks.map((m) => m.source)).toEqual(['41??']);
    expect(c.invalid.map((p) => p.mask)).toEqual(['/39[\\d+/', 're:(unclosed', '', '/x/q']);
    expect(c.invalid[0]!.reason).toMatch(/invalid regular expression/);
    expect(c.invalid[2]!.reason).toBe('empty mask');
  });

  describe('matchEvent', () => {
    const day = (h: number) => Date.UTC(2026, 5, 1, h); // Europe/Berlin is UTC+2 in June
    const ev = (eventId: string, masks: string[], scanStart?: string, scanEnd?: string): ReferenceEvent => ({
      eventId,
      name: eventId,
      barcodeMasks: masks,
      timeZone: 'Europe/Berlin',
      ...(scanStart && { scanStart }),
      ...(scanEnd && { scanEnd }),
    });
    const afternoon = ev('afternoon', ['39??????????'], '2026-06-01T12:00:00', '2026-06-01T17:00:00');
    const evening = ev('evening', ['/39\\d{10}/'], '2026-06-01T18:00:00', '2026-06-01T23:00:00');
    const vip = ev('vip', ['re:VIP-.+']);
    const unmasked = ev('no-masks', []);
    const events = [afternoon, evening, vip, unmasked];

    it('returns the only matching event; no match and mask-less events match nothing', () => {
      expect(matchEvent('VIP-7', events)).toMatchObject({
        event: vip,
        matched: ['vip'],
        choice: 'only-match',
      });
      expect(matchEvent('12345', events)).toEqual({ matched: [], choice: 'none' });
    });

    it('with several matches prefers the one whose scan window is open, and says so', () => {
      const token = '391234567890';
      expect(matchEvent(token, events, { at: day(11) })).toMatchObject({
        event: afternoon, // 13:00 Berlin
        matched: ['afternoon', 'evening'],
        choice: 'window-open',
      });
      expect(matchEvent(token, events, { at: day(17) }).event).toBe(evening); // 19:00 Berlin
      // 17:30 Berlin: between the windows, none open → the first in sync order (its window then stops it).
      expect(matchEvent(token, events, { at: day(15) + 1_800_000 })).toMatchObject({
        event: afternoon,
        choice: 'first-listed',
      });
      expect(matchEvent(token, events).choice).toBe('first-listed'); // no time given
    });
  });
});
