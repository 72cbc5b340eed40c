import type { ReaderPosition } from '../../../electron/common/display';

/**
 * A bold arrow pointing at a reader beside the screen. Drawn pointing down; CSS turns it (`arrow--left`…).
 * It carries meaning (where to go), so it has a name for assistive technology.
 */
export function ArrowIcon({
  at,
  label,
  className,
}: {
  at: ReaderPosition;
  label: string;
  className?: string;
}) {
  return (
    <svg
      className={`${className ?? ''} arrow arrow--${at}`}
      viewBox="0 0 100 100"
      role="img"
      aria-label={label}
      focusable="false"
    >
      <path
        d="M50 10 V82 M22 56 L50 86 L78 56"
        fill="none"
        stroke="currentColor"
        strokeWidth="12"
        strokeLinecap="round"
        strokeLinejoin="round"
      />
    </svg>
  );
}
