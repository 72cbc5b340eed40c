import { t } from '../i18n/i18n';

/** Shown until the core reports ready (and whenever the connection to it is lost). */
export function StartingScreen() {
  return (
    <section className="screen screen--starting">
      <div className="spinner" aria-hidden="true" />
      <h1 className="screen__title">{t('starting.connecting')}</h1>
    </section>
  );
}
