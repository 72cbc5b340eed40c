import { useT } from '../i18n/language-context';

/** The gate is held open (emergency free passage): everyone may walk through, and the screen says so. */
export function FreePassageNotice() {
  const t = useT();
  return (
    <div className="free-passage" data-testid="free-passage" role="alert">
      {t('devices.freePassage')}
    </div>
  );
}
