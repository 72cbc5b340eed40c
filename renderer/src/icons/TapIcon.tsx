/** A phone with contactless waves: "tap your phone on the reader". */
export function TapIcon({ className }: { className?: string }) {
  return (
    <svg className={className} viewBox="0 0 100 100" aria-hidden="true" focusable="false">
      <g fill="none" stroke="currentColor" strokeWidth="6" strokeLinecap="round" strokeLinejoin="round">
        <rect x="16" y="14" width="36" height="72" rx="7" />
        <path d="M30 76 H38" />
        <path d="M64 38 a16 16 0 0 1 0 24 M74 30 a28 28 0 0 1 0 40 M84 22 a40 40 0 0 1 0 56" />
      </g>
    </svg>
  );
}
