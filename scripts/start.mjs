// `npm start`: runs the kiosk. Where an Electron binary exists (or can be fetched) it opens the Electron
// window; otherwise it starts the web shell and, with a display and Debian's Chromium, opens it full screen
// in app/kiosk mode; otherwise it prints the URL. Set GATEPOST_SHELL=web to skip Electron.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { findElectronBinary } from './electron-binary.mjs';

const root = new URL('..', import.meta.url).pathname;
const forward = (child) => {
  for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => child.kill(sig));
  child.on('exit', (code) => process.exit(code ?? 0));
};

if (process.env.GATEPOST_SHELL !== 'web') {
  const electron = findElectronBinary({ tryInstall: true });
  if ('path' in electron) {
    console.log(`Starting the Electron shell (${electron.path})`);
    forward(spawn(electron.path, [root], { stdio: 'inherit' }));
  } else {
    console.log(`Electron unavailable: ${electron.missing}. Starting the web shell instead.`);
    startWebShell();
  }
} else {
  startWebShell();
}

function startWebShell() {
  const shell = spawn(process.execPath, [join(root, 'out/main/web-shell.js'), ...process.argv.slice(2)], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  forward(shell);
  createInterface({ input: shell.stdout }).on('line', (line) => {
    const ready = /^GATEPOST_READY (\S+)/.exec(line);
    if (!ready) return void console.log(line);
    const url = ready[1];
    const chromium = '/usr/bin/chromium';
    if (process.env.DISPLAY && existsSync(chromium)) {
      const profile = mkdtempSync(join(tmpdir(), 'gatepost-chromium-'));
      const browser = spawn(
        chromium,
        [
          `--app=${url}`,
          '--kiosk',
          `--user-data-dir=${profile}`,
          '--no-first-run',
          '--disable-background-networking',
          '--disable-component-update',
          '--disable-sync',
          '--autoplay-policy=no-user-gesture-required',
        ],
        { stdio: 'ignore' },
      );
      browser.on('exit', () => shell.kill('SIGTERM'));
      console.log('Opened Chromium in kiosk mode.');
    } else {
      console.log(`Open this address in a browser: ${url}`);
    }
  });
}
