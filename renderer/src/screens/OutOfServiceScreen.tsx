import { t } from '../i18n/i18n';
import { HandIcon } from '../icons/HandIcon';

/** The kiosk cannot take scans until staff fix something; the reason is for them, shown small. */
export function OutOfServiceScreen({ reason }: { reason: string }) {
  return (
    <section className="screen screen--out-of-service">
      <HandIcon className="screen__icon" />
      <h1 className="screen__title">{t('outOfService.title')}</h1>
      <p className="screen__hint">{t('outOfService.sub')}</p>
      <p className="screen__hint" data-testid="reason">
        {reason}
      </p>
    </section>
  );
}
