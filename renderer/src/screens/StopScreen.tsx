import type { ScanDecided } from '../../../electron/common/contract';
import { t } from '../i18n/i18n';
import { CrossIcon } from '../icons/CrossIcon';

export function StopScreen({ decision }: { decision: ScanDecided }) {
  return (
    <section className="screen screen--stop">
      <CrossIcon className="screen__icon" />
      <h1 className="result__word">{t('stop.word')}</h1>
      <p className="result__reason" data-testid="reason">
        {decision.reasonText}
      </p>
    </section>
  );
}
