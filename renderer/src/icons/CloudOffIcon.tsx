/** A struck-through cloud, so the offline banner does not rely on colour or wording alone. */
export function CloudOffIcon({ className }: { className?: string }) {
  return (
    <svg className={className} viewBox="0 0 100 100" aria-hidden="true" focusable="false">
      <g fill="none" stroke="currentColor" strokeWidth="7" strokeLinecap="round" strokeLinejoin="round">
        <path d="M30 76 H24 a16 16 0 0 1 -2 -32 a24 24 0 0 1 44 -10 a18 18 0 0 1 12 42 H50" />
        <path d="M14 14 L86 86" />
      </g>
    </svg>
  );
}
