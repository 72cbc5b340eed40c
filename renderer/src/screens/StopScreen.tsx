import type { ScanDecided } from '../../../electron/common/contract';
import { ResultWord } from '../components/ResultWord';
import { useT } from '../i18n/language-context';
import { CrossIcon } from '../icons/CrossIcon';

/** STOP in the patron's language; under it the reason exactly as the provider (or the kiosk) gave it. */
export function StopScreen({ decision }: { decision: ScanDecided }) {
  const t = useT();
  return (
    <section className="screen screen--stop result">
      <CrossIcon className="screen__icon result__icon" />
      <div className="result__text">
        <ResultWord word={t('stop.word')} />
        <p className="result__reason" data-testid="reason" translate="no">
          {decision.reasonText}
        </p>
      </div>
    </section>
  );
}
