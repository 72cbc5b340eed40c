import { t } from '../i18n/i18n';
import { ScanIcon } from '../icons/ScanIcon';

export function IdleScreen() {
  return (
    <section className="screen screen--idle">
      <ScanIcon className="screen__icon screen__icon--idle" />
      <h1 className="screen__title">{t('idle.title')}</h1>
      <p className="screen__hint">{t('idle.hint')}</p>
    </section>
  );
}
