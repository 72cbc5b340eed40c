import { useT } from '../i18n/language-context';
import { HandIcon } from '../icons/HandIcon';
import { outOfServiceCause } from './out-of-service-cause';

/**
 * The kiosk cannot take scans until staff fix something. The patron reads the headline and the kind of
 * trouble in their language; staff read out the code, and the core's reason is shown small, as given.
 */
export function OutOfServiceScreen({ reason, code }: { reason: string; code?: string | undefined }) {
  const t = useT();
  const cause = outOfServiceCause(code);
  return (
    <section className="screen screen--out-of-service">
      <HandIcon className="screen__icon" />
      <h1 className="screen__title">{t('outOfService.title')}</h1>
      <p className="screen__hint">{t('outOfService.sub')}</p>
      {cause && (
        <p className="screen__cause" data-testid="cause">
          {t(cause)}
        </p>
      )}
      {code && (
        <p className="screen__code" data-testid="code">
          {t('outOfService.code')} <span translate="no">{code}</span>
        </p>
      )}
      <p className="screen__staff" data-testid="reason" translate="no">
        {reason}
      </p>
    </section>
  );
}
