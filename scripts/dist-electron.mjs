// `npm run dist`: the Electron packages (electron-builder.yml). electron-builder downloads the Electron zip
// from GitHub; where that cannot work (no cached zip and the download URL unreachable), this says so in
// one line and exits 1 instead of a long stack trace from deep inside the downloader.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';

const ROOT = new URL('..', import.meta.url).pathname;
const version = JSON.parse(readFileSync(join(ROOT, 'node_modules/electron/package.json'), 'utf8')).version;
const platform = process.platform === 'win32' ? 'win32' : process.platform;
const arch = process.arch;
const zip = `electron-v${version}-${platform}-${arch}.zip`;
const cache = process.env.ELECTRON_CACHE ?? join(homedir(), '.cache/electron');
const mirror = (
  process.env.ELECTRON_MIRROR ?? 'https://github.com/electron/electron/releases/download/'
).replace(/\/?$/, '/');
const url = `${mirror}v${version}/${zip}`;

function cached(dir) {
  if (!existsSync(dir)) return false;
  return readdirSync(dir, { recursive: true }).some((f) => String(f).endsWith(zip));
}

if (!cached(cache)) {
  let reason;
  try {
    const res = await fetch(url, { method: 'HEAD', redirect: 'follow', signal: AbortSignal.timeout(10_000) });
    if (!res.ok) reason = `HTTP ${res.status}`;
  } catch (err) {
    reason = err.cause?.code ?? err.cause?.message ?? err.message;
  }
  if (reason) {
    console.error(
      `dist: cannot download the Electron ${version} zip (${url}: ${reason}); run npm run dist where it can be downloaded, or put ${zip} in ${cache}`,
    );
    process.exit(1);
  }
}

const builder = spawnSync(
  join(ROOT, 'node_modules/.bin/electron-builder'),
  ['--linux', '--publish', 'never'],
  {
    cwd: ROOT,
    stdio: 'inherit',
  },
);
// electron-builder rebuilt the native modules in node_modules for Electron's ABI (install-app-deps); the
// web shell, the tests and the .deb run them under Node, so build them back.
execFileSync('npm', ['rebuild', 'better-sqlite3', 'unix-dgram'], { cwd: ROOT, stdio: 'inherit' });
process.exit(builder.status ?? 1);
