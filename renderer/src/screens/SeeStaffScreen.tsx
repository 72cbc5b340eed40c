import type { ScanDecided } from '../../../electron/common/contract';
import { ResultWord } from '../components/ResultWord';
import { useT } from '../i18n/language-context';
import { HandIcon } from '../icons/HandIcon';

export function SeeStaffScreen({ decision }: { decision: ScanDecided }) {
  const t = useT();
  return (
    <section className="screen screen--see-staff result">
      <HandIcon className="screen__icon result__icon" />
      <div className="result__text">
        <ResultWord word={t('seeStaff.word')} long />
        <p className="result__reason" data-testid="reason" translate="no">
          {decision.reasonText}
        </p>
      </div>
    </section>
  );
}
