import { randomBytes } from 'node:crypto';
import { chmodSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

const TOKEN_FORMAT = /^[A-Za-z0-9_-]{32,128}$/;

/**
 * The web shell's WebSocket token, kept in a file only its owner can read. It survives a restart of the
 * web shell (crash, watchdog, upgrade), so a kiosk page that is already open reconnects with the token it
 * holds instead of being locked out; a fresh token is made when the file is missing, malformed or readable
 * by anyone but its owner (someone else may have seen it). If the file cannot be written (`onUnsaved`
 * given), the token is used for this run only.
 */
export function loadOrCreateToken(file: string, onUnsaved?: (err: NodeJS.ErrnoException) => void): string {
  try {
    const mode = statSync(file).mode & 0o777;
    const token = readFileSync(file, 'utf8').trim();
    if ((mode & 0o077) === 0 && TOKEN_FORMAT.test(token)) return token;
  } catch {
    // Missing or unreadable: make a new one below.
  }
  const token = randomBytes(24).toString('base64url');
  try {
    writePrivately(file, `${token}\n`, 0o600);
  } catch (err) {
    // A full or read-only disk must not keep the shell from showing its out-of-service screen: the token
    // then lives for this run only (an open page reconnects after a restart through the launch page).
    if (!onUnsaved) throw err;
    onUnsaved(err as NodeJS.ErrnoException);
  }
  return token;
}

/**
 * The launch page: a tiny HTML file that forwards the browser to the kiosk page with the token in the URL
 * fragment. Chromium is started with `--app=file://<this file>`, so the token never appears on a command
 * line, where `ps` would show it to every local user. The file is written 0640 into a directory that only
 * the kiosk's browser user can enter (the launcher's private temp dir, or /run/gatepost with the kiosk
 * session's group in the package), and replaced atomically so a browser never reads half of it.
 */
export function writeLaunchPage(file: string, launchUrl: string): void {
  const html = [
    '<!doctype html>',
    '<meta charset="utf-8">',
    '<meta name="referrer" content="no-referrer">',
    `<meta http-equiv="refresh" content="0;url=${escapeAttribute(launchUrl)}">`,
    '<title>Gatepost</title>',
    '<body style="background:#000"></body>',
    '',
  ].join('\n');
  writePrivately(file, html, 0o640);
}

export function removeLaunchPage(file: string): void {
  rmSync(file, { force: true });
}

function writePrivately(file: string, content: string, mode: number): void {
  const tmp = join(dirname(file), `.${randomBytes(6).toString('hex')}.tmp`);
  try {
    writeFileSync(tmp, content, { mode, flag: 'wx' });
    chmodSync(tmp, mode); // the umask may have taken bits away; never adds any beyond `mode`
    renameSync(tmp, file);
  } finally {
    rmSync(tmp, { force: true });
  }
}

function escapeAttribute(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}
