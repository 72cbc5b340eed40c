import { useT } from '../i18n/language-context';
import { CloudOffIcon } from '../icons/CloudOffIcon';

/** A thin strip across the top: staff should notice it, patrons should not be alarmed by it. */
export function OfflineBanner() {
  const t = useT();
  return (
    <div className="offline-banner" data-testid="offline-banner" role="status">
      <CloudOffIcon className="offline-banner__icon" />
      <span>{t('banner.offline')}</span>
    </div>
  );
}
