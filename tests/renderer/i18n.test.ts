import type { KioskStatus } from '../../electron/common/contract';
import { describe, expect, it } from 'vitest';
import { de } from '../../renderer/src/i18n/de';
import { en } from '../../renderer/src/i18n/en';
import { pickLanguage, t } from '../../renderer/src/i18n/i18n';
import { formatSeat } from '../../renderer/src/components/SeatDetails';
import { selectScreen } from '../../renderer/src/app/select-screen';

describe('pickLanguage', () => {
  it('matches by primary subtag and falls back to English', () => {
    expect(pickLanguage(['de-AT', 'en-US'])).toBe('de');
    expect(pickLanguage(['fr-FR', 'DE'])).toBe('de');
    expect(pickLanguage(['fr-FR', 'es'])).toBe('en');
    expect(pickLanguage([])).toBe('en');
  });
});

describe('translations', () => {
  it('German has every English key and no empty strings', () => {
    const keys = (m: object) =>
      Object.entries(m)
        .flatMap(([g, v]) => Object.keys(v as object).map((k) => `${g}.${k}`))
        .sort();
    expect(keys(de)).toEqual(keys(en));
    for (const group of Object.values(de)) for (const s of Object.values(group)) expect(s).not.toBe('');
  });

  it('resolves nested keys (English outside a browser)', () => {
    expect(t('idle.title')).toBe('Scan your ticket or tap your phone');
  });
});

describe('formatSeat', () => {
  it('joins the known parts and prefers provider text', () => {
    expect(formatSeat({ section: '101', row: 'F', seat: '12' })).toBe('Section 101 · Row F · Seat 12');
    expect(formatSeat({ text: ' Box 4 ', section: '1' })).toBe('Box 4');
    expect(formatSeat({})).toBe('');
  });
});

describe('selectScreen', () => {
  const base: KioskStatus = {
    ready: true,
    connectivity: 'online',
    provider: 'demo',
    demo: false,
    deviceName: 'g',
    resultHoldMs: 3000,
    wedge: { maxGapMs: 60, minLength: 4, manualEntry: false },
    sounds: false,
    devices: [],
  };
  const decided = { scanId: 's', mode: 'online', reasonCode: 'ok', reasonText: '', tokenHint: '' } as const;

  it('starts until ready, then shows idle or the decision', () => {
    expect(selectScreen(null, null)).toBe('starting');
    expect(selectScreen({ ...base, ready: false }, { ...decided, outcome: 'admit' })).toBe('starting');
    expect(selectScreen(base, null)).toBe('idle');
    expect(selectScreen(base, { ...decided, outcome: 'see-staff' })).toBe('see-staff');
  });
});
