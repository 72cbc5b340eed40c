import type { DisplayStatus } from '../../../electron/common/display';
import { LanguageSwitcher } from '../components/LanguageSwitcher';
import { ReaderCue } from '../components/ReaderCue';
import { VenueArtwork } from '../components/VenueArtwork';
import type { Language } from '../i18n/i18n';
import { useT } from '../i18n/language-context';
import { ScanIcon } from '../icons/ScanIcon';
import { TapIcon } from '../icons/TapIcon';

interface IdleScreenProps {
  display: DisplayStatus | undefined;
  /** The kiosk has a working NFC reader: show where to tap. */
  hasReader: boolean;
  /** Two or more: the patron can switch with one tap. */
  languages: readonly Language[];
  onChooseLanguage(language: Language): void;
}

/** Waiting for a patron: the venue's artwork, what to do, and arrows to where the readers are. */
export function IdleScreen({ display, hasReader, languages, onChooseLanguage }: IdleScreenProps) {
  const t = useT();
  const artwork = display?.artwork;
  return (
    <section className={artwork ? 'screen screen--idle idle idle--artwork' : 'screen screen--idle idle'}>
      <VenueArtwork name={artwork} />
      <div className="idle__main">
        <ScanIcon className="screen__icon screen__icon--idle" />
        <h1 className="screen__title">{t('idle.title')}</h1>
        <ul className="idle__cues">
          <ReaderCue
            Icon={ScanIcon}
            text={t('idle.hint')}
            at={display?.scannerAt ?? 'below'}
            testId="scan-cue"
          />
          {hasReader && (
            <ReaderCue
              Icon={TapIcon}
              text={t('idle.tap')}
              at={display?.readerAt ?? 'below'}
              testId="tap-cue"
            />
          )}
        </ul>
      </div>
      {languages.length > 1 && <LanguageSwitcher languages={languages} onChoose={onChooseLanguage} />}
    </section>
  );
}
