import type { MouseEvent } from 'react';
import { LANGUAGE_NAMES, type Language } from '../i18n/i18n';
import { useLanguage, useT } from '../i18n/language-context';

interface LanguageSwitcherProps {
  languages: readonly Language[];
  onChoose(language: Language): void;
}

/**
 * One button per configured language, each in its own language: a single tap switches the screen.
 * The buttons never keep focus, so a scanner's Enter can never press one.
 */
export function LanguageSwitcher({ languages, onChoose }: LanguageSwitcherProps) {
  const t = useT();
  const current = useLanguage();
  const choose = (event: MouseEvent<HTMLButtonElement>, language: Language) => {
    event.currentTarget.blur();
    onChoose(language);
  };
  return (
    <div
      className="language-switcher"
      role="group"
      aria-label={t('idle.language')}
      data-testid="languages"
      data-count={languages.length}
    >
      {languages.map((language) => (
        <button
          key={language}
          type="button"
          lang={language}
          className="language-switcher__button"
          aria-pressed={language === current}
          data-language={language}
          onMouseDown={(event) => event.preventDefault()}
          onClick={(event) => choose(event, language)}
        >
          {LANGUAGE_NAMES[language]}
        </button>
      ))}
    </div>
  );
}
