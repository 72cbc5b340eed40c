import { isBlockedChord } from '../../../electron/common/blocked-keys';

/**
 * What the page itself can do to stay in front of the patron in a plain browser (the web shell): cancel
 * the blocked key chords, the context menu and Ctrl+wheel zoom. Capture phase, and only preventDefault:
 * the wedge detector still sees every key. Returns the undo (for tests).
 */
export function installPageLockdown(win: Window = window): () => void {
  const onKey = (e: KeyboardEvent) => {
    if (isBlockedChord({ key: e.key, ctrl: e.ctrlKey, alt: e.altKey, shift: e.shiftKey, meta: e.metaKey }))
      e.preventDefault();
  };
  const cancel = (e: Event) => e.preventDefault();
  const onWheel = (e: WheelEvent) => {
    if (e.ctrlKey) e.preventDefault();
  };
  win.addEventListener('keydown', onKey, true);
  win.addEventListener('contextmenu', cancel, true);
  win.addEventListener('wheel', onWheel, { capture: true, passive: false });
  return () => {
    win.removeEventListener('keydown', onKey, true);
    win.removeEventListener('contextmenu', cancel, true);
    win.removeEventListener('wheel', onWheel, { capture: true });
  };
}
