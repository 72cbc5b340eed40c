import type { ScanDecided } from '../../../electron/common/contract';
import { ResultWord } from '../components/ResultWord';
import { SeatDetails } from '../components/SeatDetails';
import { useT } from '../i18n/language-context';
import { CheckIcon } from '../icons/CheckIcon';

export function AdmitScreen({ decision }: { decision: ScanDecided }) {
  const t = useT();
  return (
    <section className="screen screen--admit result">
      <CheckIcon className="screen__icon result__icon" />
      <div className="result__text">
        <ResultWord word={t('admit.word')} />
        <p className="result__sub">{t('admit.sub')}</p>
        {decision.seat && <SeatDetails seat={decision.seat} />}
        {decision.eventName && <p className="result__event">{decision.eventName}</p>}
      </div>
    </section>
  );
}
