import { createContext, useContext, useMemo } from 'react';
import { translator, type Language, type Translate } from './i18n';

/** The language the patron screen shows right now (the configured default or the patron's pick). */
export const LanguageContext = createContext<Language>('en');

export function useLanguage(): Language {
  return useContext(LanguageContext);
}

/** `t` for the language on screen; components re-render with the new strings when it changes. */
export function useT(): Translate {
  const language = useLanguage();
  return useMemo(() => translator(language), [language]);
}
