import i18next, { type TFunction } from 'i18next';
import { PATRON_LANGUAGES, type PatronLanguage } from '../../../electron/common/display';
import { de } from './de';
import { en, type Messages } from './en';
import { es } from './es';
import { fr } from './fr';

/** Every patron language has every key: `satisfies` makes a missing language or key a type error. */
export const translations = { en, de, es, fr } satisfies Record<PatronLanguage, Messages>;
export type Language = PatronLanguage;
export const LANGUAGES: readonly Language[] = PATRON_LANGUAGES;

/** Each language by its own name, so a patron finds theirs without reading the current one. */
export const LANGUAGE_NAMES: Readonly<Record<Language, string>> = {
  en: 'English',
  de: 'Deutsch',
  es: 'Español',
  fr: 'Français',
};

/** Every "group.key" path in the English strings. */
export type MessageKey = {
  [G in keyof Messages]: `${G & string}.${keyof Messages[G] & string}`;
}[keyof Messages];

/** Looks up one string in one language. */
export type Translate = (key: MessageKey) => string;

export function isLanguage(value: string): value is Language {
  return (LANGUAGES as readonly string[]).includes(value);
}

/** First supported language among the browser's preferences, by primary subtag ("de-AT" → "de"); else English. */
export function pickLanguage(preferred: readonly string[]): Language {
  for (const tag of preferred) {
    const primary = tag.toLowerCase().split('-')[0] ?? '';
    if (isLanguage(primary)) return primary;
  }
  return 'en';
}

const browserLanguage = pickLanguage(
  typeof navigator === 'undefined'
    ? []
    : [...(navigator.languages ?? []), navigator.language].filter(Boolean),
);

// Own instance, initialised synchronously: the resources are bundled, so there is nothing to wait for and
// the first paint is already translated.
const instance = i18next.createInstance();
void instance.init({
  lng: browserLanguage,
  fallbackLng: 'en',
  resources: Object.fromEntries(LANGUAGES.map((lang) => [lang, { translation: translations[lang] }])),
  initAsync: false,
  // React escapes text itself.
  interpolation: { escapeValue: false },
  returnNull: false,
  showSupportNotice: false,
});

/** The browser's language until the kiosk's configured one arrives with the first status. */
export const currentLanguage: Language = browserLanguage;

const fixed = new Map<Language, TFunction>();

/** A lookup bound to one language (the patron screen passes the one on screen down through context). */
export function translator(language: Language): Translate {
  let tf = fixed.get(language);
  if (!tf) {
    tf = instance.getFixedT(language);
    fixed.set(language, tf);
  }
  const bound = tf;
  return (key) => bound(key);
}

/** A string in the browser's language (screens outside the patron flow, e.g. the technician's). */
export function t(key: MessageKey): string {
  return instance.t(key);
}
