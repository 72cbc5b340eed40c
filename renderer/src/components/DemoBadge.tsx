import { t } from '../i18n/i18n';

/** Marks a kiosk running against the demo provider, so nobody mistakes its results for real ones. */
export function DemoBadge() {
  return (
    <div className="demo-badge" data-testid="demo-badge">
      {t('banner.demo')}
    </div>
  );
}
