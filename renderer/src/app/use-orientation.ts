import { useSyncExternalStore } from 'react';
import type { Orientation } from '../../../electron/common/display';

export type Layout = 'portrait' | 'landscape';

// CSS's own definition: portrait when the viewport is at least as tall as it is wide.
const PORTRAIT = '(orientation: portrait)';

function subscribe(onChange: () => void): () => void {
  const query = window.matchMedia(PORTRAIT);
  query.addEventListener('change', onChange);
  return () => query.removeEventListener('change', onChange);
}

const isPortrait = (): boolean => window.matchMedia(PORTRAIT).matches;

/**
 * The layout the patron screen uses: fixed by `display.orientation`, or, with `auto`, the window's shape
 * (following it live when the window is resized or the panel rotated).
 */
export function useOrientation(setting: Orientation): Layout {
  const portrait = useSyncExternalStore(subscribe, isPortrait);
  if (setting !== 'auto') return setting;
  return portrait ? 'portrait' : 'landscape';
}
