import { useEffect, useState } from 'react';

export type View = 'patron' | 'admin';

const readView = (): View =>
  new URLSearchParams(location.hash.slice(1)).get('view') === 'admin' ? 'admin' : 'patron';

/** Opens or closes the technician's view (the keypad, then the console). */
export function setView(view: View): void {
  location.hash = view === 'admin' ? 'view=admin' : '';
}

/**
 * Patron screen by default; the tech's admin screen with `#view=admin` or Ctrl+Shift+A (a chord no
 * scanner sends and the wedge detector ignores).
 */
export function useView(): View {
  const [view, setView] = useState<View>(readView);
  useEffect(() => {
    const onHash = () => setView(readView());
    const onKey = (e: KeyboardEvent) => {
      if (e.ctrlKey && e.shiftKey && e.key.toLowerCase() === 'a') {
        e.preventDefault();
        setView(readView() === 'admin' ? 'patron' : 'admin');
      }
    };
    window.addEventListener('hashchange', onHash);
    window.addEventListener('keydown', onKey);
    return () => {
      window.removeEventListener('hashchange', onHash);
      window.removeEventListener('keydown', onKey);
    };
  }, []);
  return view;
}
