/**
 * The renderer's Content-Security-Policy, in one place: the web shell sends it as a header, the Electron
 * shell adds it to every response, and `renderer/index.html` carries the same policy in a meta tag (a
 * test keeps the three equal).
 */
export const CSP =
  "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; media-src 'self'; " +
  "connect-src 'self' ws://127.0.0.1:* ws://localhost:*; object-src 'none'; base-uri 'none'; " +
  "form-action 'none'; frame-ancestors 'none'";
