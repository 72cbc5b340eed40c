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

/** "Hold the barcode to the scanner ↓": what to do, and an arrow to where the reader is. */
export function ReaderCue({ Icon, text, at, testId }: ReaderCueProps) {
  const t = useT();
  return (
    <li className="cue" data-testid={testId} data-at={at}>
      <Icon className="cue__icon" />
      <span className="cue__text">{text}</span>
      <ArrowIcon className="cue__arrow" at={at} label={t(`position.${at}`)} />
    </li>
  );
}
