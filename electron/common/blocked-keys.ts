/** A key press as both shells see it (DOM KeyboardEvent and Electron's before-input-event). */
export interface KeyChord {
  key: string;
  ctrl: boolean;
  alt: boolean;
  shift: boolean;
  meta: boolean;
}

/**
 * Chords that would close, reload, zoom, print or inspect the kiosk page, or leave it. The Electron main
 * drops them before the page sees them (before-input-event); the web shell's page cancels the ones a
 * browser lets a page cancel (Chromium reserves Ctrl+W, Ctrl+Q, Ctrl+N, Ctrl+T and Alt+F4 for itself; its
 * --kiosk mode and the packaged policy cover those). Ctrl+Shift+A (the technician screen) stays allowed.
 */
export function isBlockedChord({ key, ctrl, alt, shift, meta }: KeyChord): boolean {
  const k = key.length === 1 ? key.toLowerCase() : key;
  if (meta) return true; // the Super/Windows key opens desktop menus on some window managers
  if (/^F([1-9]|1[0-9]|2[0-4])$/.test(k)) return true; // F5 reload, F11 fullscreen, F12 devtools, F7 caret…
  if (alt && ['F4', 'ArrowLeft', 'ArrowRight', 'Home'].includes(k)) return true; // close, history, home
  if (ctrl && shift && ['i', 'j', 'c', 'r', 'delete', 'Delete', 'q', 'w', 'n', 't'].includes(k)) return true;
  if (
    ctrl &&
    !shift &&
    ['w', 'q', 'r', 'n', 't', 'p', 's', 'o', 'u', 'l', 'f', 'g', 'h', 'j', 'd'].includes(k)
  )
    return true;
  if (ctrl && ['+', '-', '=', '0', '_'].includes(k)) return true; // zoom
  if (k === 'BrowserBack' || k === 'BrowserForward' || k === 'BrowserRefresh' || k === 'ContextMenu')
    return true;
  return false;
}
