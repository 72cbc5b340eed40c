import type { Input, WebContents } from 'electron';
import { isBlockedChord } from '../common/blocked-keys.js';

export interface LockdownOptions {
  /** The one URL the page may show (its file:// URL, compared without the fragment). */
  appUrl: string;
  /** Development builds keep the devtools; production closes them whenever they open. */
  production: boolean;
  log: (message: string, detail?: Record<string, unknown>) => void;
}

const withoutFragment = (url: string) => url.split('#')[0];

/**
 * Keeps a kiosk page where it is: navigation pinned to the app (in-page fragment changes are not
 * navigations), no new windows, no <webview>, blocked key chords dropped before the page sees them, and
 * in production the devtools closed as soon as anything opens them.
 */
export function lockDownPage(contents: WebContents, opts: LockdownOptions): void {
  const pinned = (url: string) => withoutFragment(url) === withoutFragment(opts.appUrl);
  const refuse = (event: { preventDefault(): void }, url: string) => {
    if (pinned(url)) return;
    event.preventDefault();
    opts.log('navigation refused', { url });
  };
  contents.on('will-navigate', (event, url) => refuse(event, url));
  contents.on('will-redirect', (event, url) => refuse(event, url));
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(({ url }) => {
    opts.log('new window refused', { url });
    return { action: 'deny' };
  });
  contents.on('before-input-event', (event, input: Input) => {
    if (input.type !== 'keyDown' && input.type !== 'rawKeyDown') return;
    const chord = {
      key: input.key,
      ctrl: input.control,
      alt: input.alt,
      shift: input.shift,
      meta: input.meta,
    };
    if (isBlockedChord(chord)) event.preventDefault();
  });
  if (opts.production) contents.on('devtools-opened', () => contents.closeDevTools());
}
