import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../../..', import.meta.url));
const CHROMIUM = process.env.GATEPOST_CHROMIUM ?? '/usr/bin/chromium';
const children: ChildProcess[] = [];
const dirs: string[] = [];

afterEach(() => {
  for (const c of children.splice(0)) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

/** Xvfb on a free display number it picks itself (-displayfd). */
async function startXvfb(): Promise<string> {
  if (spawnSync('Xvfb', ['-help']).error)
    throw new Error('Xvfb is missing (apt-get install xvfb, or run scripts/setup.sh)');
  const xvfb = spawn('Xvfb', ['-displayfd', '3', '-screen', '0', '1024x768x24', '-nolisten', 'tcp'], {
    stdio: ['ignore', 'ignore', 'ignore', 'pipe'],
  });
  children.push(xvfb);
  const display = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('Xvfb did not start in 10 s')), 10_000);
    (xvfb.stdio[3] as NodeJS.ReadableStream).once('data', (d: Buffer) => {
      clearTimeout(timer);
      resolve(`:${d.toString().trim()}`);
    });
  });
  return display;
}

function commandLines(): string[] {
  const lines: string[] = [];
  for (const pid of readdirSync('/proc').filter((p) => /^\d+$/.test(p))) {
    try {
      lines.push(readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' '));
    } catch {
      // gone meanwhile
    }
  }
  return lines;
}

async function waitFor<T>(
  what: string,
  probe: () => Promise<T | undefined> | T | undefined,
  ms = 20_000,
): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    try {
      const v = await probe();
      if (v !== undefined) return v;
    } catch {
      // not yet
    }
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

describe('npm start launcher (web shell + Chromium kiosk)', () => {
  it('opens the kiosk page in Chromium without the token on any command line', async () => {
    if (!existsSync(CHROMIUM))
      throw new Error(`${CHROMIUM} is missing (apt-get install chromium, or run scripts/setup.sh)`);
    const display = await startXvfb();
    const dataDir = mkdtempSync(join(tmpdir(), 'gatepost-launcher-'));
    dirs.push(dataDir);
    const launcher = spawn(
      process.execPath,
      [join(ROOT, 'scripts/start.mjs'), '--data-dir', dataDir, '--port', '0'],
      {
        stdio: ['ignore', 'pipe', 'pipe'],
        env: {
          ...process.env,
          DISPLAY: display,
          GATEPOST_SHELL: 'web',
          GATEPOST_CHROMIUM_ARGS: '--no-sandbox --disable-gpu --remote-debugging-port=0',
        },
      },
    );
    children.push(launcher);
    const lines = createInterface({ input: launcher.stdout! });
    const browserPid = await new Promise<number>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('launcher did not start Chromium in 20 s')), 20_000);
      lines.on('line', (line) => {
        const m = /^GATEPOST_BROWSER (\d+)/.exec(line);
        if (m) {
          clearTimeout(timer);
          resolve(Number(m[1]));
        }
      });
    });

    const browserArgs = readFileSync(`/proc/${browserPid}/cmdline`, 'utf8').split('\0');
    const app = browserArgs.find((a) => a.startsWith('--app='))!;
    const profile = browserArgs
      .find((a) => a.startsWith('--user-data-dir='))!
      .slice('--user-data-dir='.length);
    expect(app).toMatch(/^--app=file:\/\/.*\/launch\.html$/);
    expect(browserArgs).toEqual(expect.arrayContaining(['--kiosk', '--noerrdialogs', '--disable-pinch']));
    const privateDir = dirname(app.slice('--app=file://'.length));
    expect(statSync(privateDir).mode & 0o777).toBe(0o700);

    // Chromium followed the launch page to the kiosk page (the page strips the token from its address).
    const devtoolsPort = await waitFor(
      'DevToolsActivePort',
      () => readFileSync(join(profile, 'DevToolsActivePort'), 'utf8').split('\n')[0],
    );
    const pageUrl = await waitFor('the kiosk page in Chromium', async () => {
      const pages = (await (await fetch(`http://127.0.0.1:${devtoolsPort}/json/list`)).json()) as {
        url: string;
      }[];
      return pages.find((p) => /^http:\/\/127\.0\.0\.1:\d+\/$/.test(p.url))?.url;
    });
    expect(pageUrl).not.toContain('token');

    const token = readFileSync(join(dataDir, 'web-shell.token'), 'utf8').trim();
    expect(token.length).toBeGreaterThanOrEqual(32);
    expect(commandLines().filter((l) => l.includes(token))).toEqual([]);

    const exited = new Promise((r) => launcher.once('exit', r));
    launcher.kill('SIGTERM');
    await exited;
    await waitFor('the private dir to be removed', () => (existsSync(privateDir) ? undefined : true), 10_000);
    await waitFor(
      'Chromium to exit with the launcher',
      () => (existsSync(`/proc/${browserPid}`) ? undefined : true),
      10_000,
    );
  }, 60_000);
});
