import i18next from 'i18next';
import { de } from './de';
import { en, type Messages } from './en';

const translations = { en, de } satisfies Record<string, Messages>;
export type Language = keyof typeof translations;
const SUPPORTED = Object.keys(translations) as Language[];

/** Every "group.key" path in the English strings. */
export type MessageKey = {
  [G in keyof Messages]: `${G & string}.${keyof Messages[G] & string}`;
}[keyof Messages];

/** First supported language among the browser's preferences, by primary subtag ("de-AT" → "de"); else English. */
export function pickLanguage(preferred: readonly string[]): Language {
  for (const tag of preferred) {
    const primary = tag.toLowerCase().split('-')[0];
    const match = SUPPORTED.find((lang) => lang === primary);
    if (match) return match;
  }
  return 'en';
}

const language = pickLanguage(
  typeof navigator === 'undefined'
    ? []
    : [...(navigator.languages ?? []), navigator.language].filter(Boolean),
);

// Own instance, initialised synchronously: the resources are bundled, so there is nothing to wait for and
// the first paint is already translated.
const instance = i18next.createInstance();
void instance.init({
  lng: language,
  fallbackLng: 'en',
  resources: Object.fromEntries(SUPPORTED.map((lang) => [lang, { translation: translations[lang] }])),
  initAsync: false,
  // React escapes text itself.
  interpolation: { escapeValue: false },
  returnNull: false,
  showSupportNotice: false,
});

export const currentLanguage: Language = language;

export function t(key: MessageKey): string {
  return instance.t(key);
}
