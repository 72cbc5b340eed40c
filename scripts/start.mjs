// `npm start`: runs the kiosk. Where an Electron binary exists (or can be fetched) it opens the Electron
// window; otherwise it starts the web shell and, with a display and Debian's Chromium, opens it full screen
// in app/kiosk mode; otherwise it prints the URL. Set GATEPOST_SHELL=web to skip Electron.
//
// The web shell's token never goes on Chromium's command line (`ps` shows command lines to every user):
// the web shell writes a launch page into a directory only this user can enter, and Chromium opens that
// file, which forwards it to the kiosk page with the token in the fragment.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
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

/** Chromium's kiosk flags, shared with the packaged kiosk session (resources/kiosk/chromium-flags.conf). */
function kioskChromiumFlags() {
  return readFileSync(join(root, 'resources/kiosk/chromium-flags.conf'), 'utf8')
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith('#'));
}

function startWebShell() {
  // mkdtemp makes the directory 0700: the launch page and the browser profile are this user's alone.
  const privateDir = mkdtempSync(join(process.env.XDG_RUNTIME_DIR || tmpdir(), 'gatepost-kiosk-'));
  const launchFile = join(privateDir, 'launch.html');
  let browser;
  const shell = spawn(
    process.execPath,
    [join(root, 'out/main/web-shell.js'), '--launch-file', launchFile, ...process.argv.slice(2)],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => shell.kill(sig));
  // The kiosk window goes with the core it shows; the private dir goes once the browser has let go of it.
  shell.on('exit', async (code) => {
    if (browser && browser.exitCode === null && browser.signalCode === null) {
      const gone = new Promise((resolve) => browser.once('exit', resolve));
      browser.kill('SIGTERM');
      await Promise.race([gone, new Promise((resolve) => setTimeout(resolve, 5000))]);
    }
    rmSync(privateDir, { recursive: true, force: true, maxRetries: 5 });
    process.exit(code ?? 0);
  });
  createInterface({ input: shell.stdout }).on('line', (line) => {
    const ready = /^GATEPOST_READY (\S+)/.exec(line);
    // The readiness line (with the token) stays on this terminal only for tests that read it; users get
    // the launch page instead.
    if (!ready) return void console.log(line);
    const chromium = process.env.GATEPOST_CHROMIUM ?? '/usr/bin/chromium';
    if (process.env.DISPLAY && existsSync(chromium)) {
      const extra = process.env.GATEPOST_CHROMIUM_ARGS?.split(' ').filter(Boolean) ?? [];
      browser = spawn(
        chromium,
        [
          `--app=file://${launchFile}`,
          `--user-data-dir=${join(privateDir, 'profile')}`,
          ...kioskChromiumFlags(),
          ...extra,
        ],
        { stdio: 'ignore' },
      );
      browser.on('exit', () => shell.kill('SIGTERM'));
      console.log(`GATEPOST_BROWSER ${browser.pid}`);
      console.log('Opened Chromium in kiosk mode.');
    } else {
      console.log(`Open this address in a browser: ${ready[1]}`);
    }
  });
}
