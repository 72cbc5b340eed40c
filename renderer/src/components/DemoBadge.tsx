import { useT } from '../i18n/language-context';

/** Marks a kiosk running against the demo provider, so nobody mistakes its results for real ones. */
export function DemoBadge() {
  const t = useT();
  return (
    <div className="demo-badge" data-testid="demo-badge">
      {t('banner.demo')}
    </div>
  );
}
