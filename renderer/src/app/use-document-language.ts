import { useEffect } from 'react';
import type { Language } from '../i18n/i18n';

/** Keeps `<html lang>` on the language shown, for screen readers, hyphenation and the right glyphs. */
export function useDocumentLanguage(language: Language): void {
  useEffect(() => {
    document.documentElement.lang = language;
  }, [language]);
}
