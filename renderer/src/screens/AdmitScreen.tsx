import type { ScanDecided } from '../../../electron/common/contract';
import { SeatDetails } from '../components/SeatDetails';
import { t } from '../i18n/i18n';
import { CheckIcon } from '../icons/CheckIcon';

export function AdmitScreen({ decision }: { decision: ScanDecided }) {
  return (
    <section className="screen screen--admit">
      <CheckIcon className="screen__icon" />
      <h1 className="result__word">{t('admit.word')}</h1>
      <p className="result__sub">{t('admit.sub')}</p>
      {decision.seat && <SeatDetails seat={decision.seat} />}
      {decision.eventName && <p className="result__event">{decision.eventName}</p>}
    </section>
  );
}
