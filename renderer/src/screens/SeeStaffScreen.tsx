import type { ScanDecided } from '../../../electron/common/contract';
import { t } from '../i18n/i18n';
import { HandIcon } from '../icons/HandIcon';

export function SeeStaffScreen({ decision }: { decision: ScanDecided }) {
  return (
    <section className="screen screen--see-staff">
      <HandIcon className="screen__icon" />
      <h1 className="result__word result__word--long">{t('seeStaff.word')}</h1>
      <p className="result__reason" data-testid="reason">
        {decision.reasonText}
      </p>
    </section>
  );
}
