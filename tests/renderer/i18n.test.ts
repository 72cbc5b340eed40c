import type { KioskStatus } from '../../electron/common/contract';
import { PATRON_LANGUAGES } from '../../electron/common/display';
import { describe, expect, it } from 'vitest';
import { en } from '../../renderer/src/i18n/en';
import {
  LANGUAGE_NAMES,
  pickLanguage,
  t,
  translations,
  translator,
  type MessageKey,
} from '../../renderer/src/i18n/i18n';
import { formatSeat } from '../../renderer/src/components/SeatDetails';
import { selectScreen } from '../../renderer/src/app/select-screen';
import { outOfServiceCause } from '../../renderer/src/screens/out-of-service-cause';

/** Every "group.key" in a message table, read at run time (so a cast or a stray `any` cannot hide a gap). */
function keysOf(messages: object): string[] {
  return Object.entries(messages)
    .flatMap(([group, strings]) => Object.keys(strings as object).map((key) => `${group}.${key}`))
    .sort();
}

function valueAt(messages: object, key: string): unknown {
  const [group, name] = key.split('.') as [string, string];
  return (messages as Record<string, Record<string, unknown> | undefined>)[group]?.[name];
}

const placeholders = (text: string) => [...text.matchAll(/\{\{\s*(\w+)\s*\}\}/g)].map((m) => m[1]).sort();

describe('translations', () => {
  const englishKeys = keysOf(en);

  it('covers exactly the patron languages the config accepts, each with its own name', () => {
    expect(Object.keys(translations).sort()).toEqual([...PATRON_LANGUAGES].sort());
    expect(Object.keys(LANGUAGE_NAMES).sort()).toEqual([...PATRON_LANGUAGES].sort());
  });

  it('has English keys to compare against', () => {
    expect(englishKeys.length).toBeGreaterThan(40);
  });

  for (const language of PATRON_LANGUAGES) {
    describe(language, () => {
      const messages = translations[language];

      it('has every English key and no other', () => {
        const keys = keysOf(messages);
        expect(
          englishKeys.filter((k) => !keys.includes(k)),
          'missing',
        ).toEqual([]);
        expect(
          keys.filter((k) => !englishKeys.includes(k)),
          'not in English',
        ).toEqual([]);
      });

      it('has a non-blank string for every key, with the same {{placeholders}} as English', () => {
        for (const key of englishKeys) {
          const text = valueAt(messages, key);
          expect(typeof text, key).toBe('string');
          expect((text as string).trim(), key).not.toBe('');
          expect(placeholders(text as string), key).toEqual(placeholders(valueAt(en, key) as string));
        }
      });

      it('resolves every key through i18next to its own string, never the key or another language', () => {
        const tr = translator(language);
        for (const key of englishKeys) expect(tr(key as MessageKey), key).toBe(valueAt(messages, key));
      });
    });
  }

  it('the headline words differ from English where the language has its own word', () => {
    expect(translator('de')('stop.word')).toBe('STOPP');
    expect(translator('es')('stop.word')).toBe('ALTO');
    expect(translator('fr')('admit.word')).toBe('ENTREZ');
  });

  it('the module-level t is English outside a browser', () => {
    expect(t('idle.title')).toBe(en.idle.title);
  });
});

describe('pickLanguage', () => {
  it('matches by primary subtag and falls back to English', () => {
    expect(pickLanguage(['de-AT', 'en-US'])).toBe('de');
    expect(pickLanguage(['pt-BR', 'FR'])).toBe('fr');
    expect(pickLanguage(['es-MX'])).toBe('es');
    expect(pickLanguage(['pt-BR', 'nl'])).toBe('en');
    expect(pickLanguage([])).toBe('en');
  });
});

describe('formatSeat', () => {
  it('joins the known parts in the given language and prefers provider text', () => {
    expect(formatSeat({ section: '101', row: 'F', seat: '12' }, translator('en'))).toBe(
      'Section 101 · Row F · Seat 12',
    );
    expect(formatSeat({ section: '101', row: 'F', seat: '12' }, translator('de'))).toBe(
      'Block 101 · Reihe F · Platz 12',
    );
    expect(formatSeat({ text: ' Box 4 ', section: '1' }, translator('fr'))).toBe('Box 4');
    expect(formatSeat({}, translator('es'))).toBe('');
  });
});

describe('outOfServiceCause', () => {
  it('names the kind of trouble for the codes the core reports, nothing for unknown ones', () => {
    expect(outOfServiceCause('GATE-NOT-OFF')).toBe('outOfService.gate');
    expect(outOfServiceCause('GATE-FAULT')).toBe('outOfService.gate');
    expect(outOfServiceCause('PROVIDER-REFUSED')).toBe('outOfService.notConfigured');
    expect(outOfServiceCause('NOT-CONFIGURED')).toBe('outOfService.notConfigured');
    expect(outOfServiceCause('PROVIDER-UNREACHABLE')).toBe('outOfService.provider');
    expect(outOfServiceCause('ADMIN-OPEN')).toBe('outOfService.maintenance');
    expect(outOfServiceCause('SOMETHING-NEW')).toBeUndefined();
    expect(outOfServiceCause(undefined)).toBeUndefined();
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
