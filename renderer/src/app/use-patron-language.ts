import { useEffect, useState } from 'react';
import type { DisplayStatus } from '../../../electron/common/display';
import { currentLanguage, type Language } from '../i18n/i18n';

/**
 * A language picked and then left without a scan goes back to the default after this long, so the next
 * patron does not find the screen in a stranger's language. Long enough to dig out a ticket.
 */
export const ABANDONED_CHOICE_MS = 30_000;

export interface PatronLanguage {
  /** The language on screen. */
  language: Language;
  /** What the patron may switch between; fewer than two means no switcher. */
  languages: readonly Language[];
  choose(language: Language): void;
}

/**
 * The configured default language, or the one the patron picked with a tap. The pick lasts through that
 * patron's result and ends when the result hold ends (or after {@link ABANDONED_CHOICE_MS} on the idle
 * screen without a result).
 */
export function usePatronLanguage(
  display: DisplayStatus | undefined,
  resultShowing: boolean,
): PatronLanguage {
  const fallback = display?.language ?? currentLanguage;
  const languages = display?.languages ?? [];
  const [chosen, setChosen] = useState<Language | null>(null);

  // The result hold ending is the patron leaving: adjust state during render (React's pattern for
  // "reset on prop change"), so the idle screen's first frame is already in the default language.
  const [wasShowing, setWasShowing] = useState(resultShowing);
  if (wasShowing !== resultShowing) {
    setWasShowing(resultShowing);
    if (!resultShowing) setChosen(null);
  }

  useEffect(() => {
    if (chosen === null || resultShowing) return;
    const timer = setTimeout(() => setChosen(null), ABANDONED_CHOICE_MS);
    return () => clearTimeout(timer);
  }, [chosen, resultShowing]);

  // A pick the configuration no longer offers (changed by a tech meanwhile) is dropped.
  const language = chosen !== null && languages.includes(chosen) ? chosen : fallback;
  return {
    language,
    languages: languages.length > 1 ? languages : [],
    choose: (next) => setChosen(next === fallback ? null : next),
  };
}
