const STORAGE_KEY = 'gatepost.token';

/**
 * Reads the web shell's session token from `#token=…` and removes it from the address bar, so it does not
 * linger in history, screenshots or anything that copies the URL.
 *
 * The token is kept in sessionStorage (this tab only, gone when the browser closes) because a kiosk page
 * reloads itself — after a crash, a watchdog, an operator's F5 — and must reconnect without the hash.
 */
export function takeSessionToken(loc: Location = location, hist: History = history): string | null {
  const params = new URLSearchParams(loc.hash.replace(/^#/, ''));
  const fromHash = params.get('token');
  if (fromHash) {
    params.delete('token');
    const rest = params.toString();
    hist.replaceState(hist.state, '', `${loc.pathname}${loc.search}${rest ? `#${rest}` : ''}`);
    try {
      sessionStorage.setItem(STORAGE_KEY, fromHash);
    } catch {
      // Storage can be disabled; the token still works for this page load.
    }
    return fromHash;
  }
  try {
    return sessionStorage.getItem(STORAGE_KEY);
  } catch {
    return null;
  }
}
