import { useEffect } from 'react';

/**
 * An unattended screen offers nothing but its content: no context menu (a long press on a touch screen
 * opens one), no text selection, no dragging an image away. The CSS hides the cursor and scrollbars and
 * switches selection off; these listeners stop what CSS cannot.
 */
export function useKioskChrome(): void {
  useEffect(() => {
    const prevent = (event: Event) => event.preventDefault();
    const blocked = ['contextmenu', 'selectstart', 'dragstart'] as const;
    for (const type of blocked) window.addEventListener(type, prevent, { capture: true });
    return () => {
      for (const type of blocked) window.removeEventListener(type, prevent, { capture: true });
    };
  }, []);
}
