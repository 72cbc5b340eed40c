import { useT } from '../i18n/language-context';

/** Shown until the core reports ready (and whenever the connection to it is lost). */
export function StartingScreen() {
  const t = useT();
  return (
    <section className="screen screen--starting">
      <div className="spinner" aria-hidden="true" />
      <h1 className="screen__title">{t('starting.connecting')}</h1>
    </section>
  );
}
