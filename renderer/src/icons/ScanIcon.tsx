/** A phone showing a QR-like code inside scanner brackets: "present your ticket here". */
export function ScanIcon({ className }: { className?: string }) {
  return (
    <svg className={className} viewBox="0 0 100 100" aria-hidden="true" focusable="false">
      <g fill="none" stroke="currentColor" strokeWidth="5" strokeLinecap="round" strokeLinejoin="round">
        <path d="M8 24 V10 H22 M78 10 H92 V24 M92 76 V90 H78 M22 90 H8 V76" />
        <rect x="32" y="18" width="36" height="64" rx="6" />
        <path d="M46 74 H54" />
      </g>
      <g fill="currentColor">
        <rect x="38" y="28" width="10" height="10" />
        <rect x="52" y="28" width="10" height="10" />
        <rect x="38" y="42" width="10" height="10" />
        <rect x="54" y="44" width="4" height="4" />
        <rect x="58" y="50" width="4" height="12" />
        <rect x="42" y="56" width="12" height="6" />
      </g>
    </svg>
  );
}
