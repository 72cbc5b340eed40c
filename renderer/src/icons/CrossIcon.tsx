/** A bold X in an octagon (the stop-sign outline): the STOP symbol. */
export function CrossIcon({ className }: { className?: string }) {
  return (
    <svg className={className} viewBox="0 0 100 100" aria-hidden="true" focusable="false">
      <polygon
        points="32,6 68,6 94,32 94,68 68,94 32,94 6,68 6,32"
        fill="none"
        stroke="currentColor"
        strokeWidth="8"
        strokeLinejoin="round"
      />
      <path
        d="M34 34 L66 66 M66 34 L34 66"
        fill="none"
        stroke="currentColor"
        strokeWidth="10"
        strokeLinecap="round"
      />
    </svg>
  );
}
