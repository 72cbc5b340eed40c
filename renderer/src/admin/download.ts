/**
 * Saves text as a file through the browser's download (a Blob URL on an `<a download>`). Works under the
 * strict CSP in both shells: a download is neither a fetch nor a navigation of the page, so
 * `default-src 'self'` does not apply, and the page never loads the Blob itself.
 */
export function download(name: string, text: string, type: string): void {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  a.rel = 'noopener';
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

/** `gatepost-<what>-YYYYMMDD-HHMM.<ext>` in the kiosk's local time. */
export function fileName(what: string, ext: string, at = new Date()): string {
  const p = (n: number) => String(n).padStart(2, '0');
  return `gatepost-${what}-${at.getFullYear()}${p(at.getMonth() + 1)}${p(at.getDate())}-${p(at.getHours())}${p(at.getMinutes())}.${ext}`;
}
