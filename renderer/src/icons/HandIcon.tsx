/** An open raised hand: "wait, a person will help you". */
export function HandIcon({ className }: { className?: string }) {
  return (
    <svg className={className} viewBox="0 0 100 100" aria-hidden="true" focusable="false">
      <path
        d="M30 56 V24 a5 5 0 0 1 10 0 V48 M40 46 V16 a5 5 0 0 1 10 0 V46 M50 46 V20 a5 5 0 0 1 10 0 V48 M60 48 V30 a5 5 0 0 1 10 0 V62 c0 18 -10 30 -26 30 c-10 0 -16 -4 -22 -12 L14 64 a5 5 0 0 1 8 -6 L30 66 V56"
        fill="none"
        stroke="currentColor"
        strokeWidth="6"
        strokeLinecap="round"
        strokeLinejoin="round"
      />
    </svg>
  );
}
