import type { ComponentType } from 'react';
import type { ReaderPosition } from '../../../electron/common/display';
import { useT } from '../i18n/language-context';
import { ArrowIcon } from '../icons/ArrowIcon';

interface ReaderCueProps {
  Icon: ComponentType<{ className?: string }>;
  text: string;
  at: ReaderPosition;
  testId: string;
}

/**
 * "Hold the barcode to the scanner", and an arrow to where the reader is: under the words for a reader
 * below, above them for one above, beside them for one at the side (the CSS orders them by `data-at`).
 */
export function ReaderCue({ Icon, text, at, testId }: ReaderCueProps) {
  const t = useT();
  return (
    <li className="cue" data-testid={testId} data-at={at}>
      <span className="cue__text">
        <Icon className="cue__icon" />
        {text}
      </span>
      <ArrowIcon className="cue__arrow" at={at} label={t(`position.${at}`)} />
    </li>
  );
}
