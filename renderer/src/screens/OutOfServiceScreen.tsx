import { t } from '../i18n/i18n';
import { HandIcon } from '../icons/HandIcon';

/** The kiosk cannot take scans until staff fix something; the reason is for them, shown small. */
export function OutOfServiceScreen({ reason, code }: { reason: string; code?: string | undefined }) {
  return (
    <section className="screen screen--out-of-service">
      <HandIcon className="screen__icon" />
      <h1 className="screen__title">{t('outOfService.title')}</h1>
      <p className="screen__hint">{t('outOfService.sub')}</p>
      <p className="screen__hint" data-testid="reason">
        {reason}
      </p>
      {code && (
        <p className="screen__code" data-testid="code">
          {t('outOfService.code')} {code}
        </p>
      )}
    </section>
  );
}
