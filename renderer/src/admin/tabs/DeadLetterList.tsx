import type { AdminStatus } from '../../../../electron/common/contract';
import { t } from '../../i18n/i18n';

/** The scans the server refused (the only dead letters there are), as the Status and Diagnostics tabs show them. */
export function DeadLetterList({
  letters,
  testId,
}: {
  letters: AdminStatus['deadLetters'];
  testId?: string;
}) {
  return (
    <>
      <h2>
        {t('admin.deadLetters')} ({letters.length})
      </h2>
      <ul data-testid={testId}>
        {letters.map((d) => (
          <li key={d.scanId}>
            {d.tokenHint} — {d.reason}
          </li>
        ))}
      </ul>
    </>
  );
}
