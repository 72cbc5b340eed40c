import { useEffect, useState } from 'react';

export type View = 'patron' | 'admin';

const readView = (): View =>
  new URLSearchParams(location.hash.slice(1)).get('view') === 'admin' ? 'admin' : 'patron';

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
        location.hash = readView() === 'admin' ? '' : 'view=admin';
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
