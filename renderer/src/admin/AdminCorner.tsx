import { useRef } from 'react';

/** How long a press on the corner must last to open the technician's keypad. */
export const HOLD_MS = 3000;

/**
 * The hidden way in: a 3-second press on the top-left corner of the patron screen opens the PIN keypad.
 * Invisible and out of the accessibility tree (patrons never need it, and a screen reader must not
 * announce it); lifting the finger early or sliding off cancels.
 */
export function AdminCorner({ onOpen }: { onOpen: () => void }) {
  const timer = useRef<number | undefined>(undefined);
  const cancel = () => window.clearTimeout(timer.current);
  return (
    <div
      className="admin-corner"
      data-testid="admin-corner"
      aria-hidden="true"
      onPointerDown={() => {
        cancel();
        timer.current = window.setTimeout(onOpen, HOLD_MS);
      }}
      onPointerUp={cancel}
      onPointerLeave={cancel}
      onPointerCancel={cancel}
      onContextMenu={(e) => e.preventDefault()}
    />
  );
}
