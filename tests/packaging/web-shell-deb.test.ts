import { execFileSync, spawn, spawnSync } from 'node:child_process';
import {
  existsSync,
  lstatSync,
  mkdtempSync,
  readFileSync,
  readlinkSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import {
  demoFixture,
  startEntryV1Sandbox,
  type EntryV1Sandbox,
} from '../../electron/sandbox/entry-v1/index.js';
import { ThrowawayRoot } from './throwaway-root.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const API_KEY = 'deb-test-key';
let outDir: string;
let deb: string;

/** `npm run dist:web` without the build step (the test run has built the app), gzip for speed. */
beforeAll(() => {
  if (spawnSync('dpkg-deb', ['--version']).error)
    throw new Error('dpkg-deb is missing (apt-get install dpkg-dev)');
  outDir = mkdtempSync(join(tmpdir(), 'gatepost-deb-out-'));
  deb = execFileSync(
    process.execPath,
    [join(ROOT, 'scripts/build-deb.mjs'), '--out', outDir, '--compression', 'gzip'],
    {
      encoding: 'utf8',
    },
  ).trim();
});
afterAll(() => rmSync(outDir, { recursive: true, force: true }));

const field = (control: string, name: string) => new RegExp(`^${name}: (.*)$`, 'm').exec(control)?.[1];
const unitLines = (unit: string) =>
  unit
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith('#'));

describe('the .deb (dpkg-deb contents)', () => {
  it('holds the built web shell, its runtime dependencies and the bundled Node, and nothing of the demo or Electron', () => {
    const files = execFileSync('dpkg-deb', ['--contents', deb], { encoding: 'utf8', maxBuffer: 64 << 20 })
      .split('\n')
      .map((l) => l.split(/\s+/).slice(5).join(' ').replace(/^\.\//, '/'))
      .filter(Boolean);
    for (const path of [
      '/usr/lib/gatepost/app/out/main/web-shell.js',
      '/usr/lib/gatepost/app/out/renderer/index.html',
      '/usr/lib/gatepost/app/node_modules/better-sqlite3/build/Release/better_sqlite3.node',
      '/usr/lib/gatepost/app/node_modules/unix-dgram/build/Release/unix_dgram.node',
      '/usr/lib/gatepost/app/node_modules/ws/package.json',
      '/usr/lib/gatepost/app/node_modules/zod/package.json',
      '/usr/lib/gatepost/node/bin/node',
      '/usr/lib/gatepost/kiosk-session',
      '/usr/lib/gatepost/chromium-flags.conf',
      '/lib/systemd/system/gatepost.service',
      '/lib/systemd/system/gatepost-kiosk.service',
      '/usr/lib/tmpfiles.d/gatepost.conf',
      '/lib/udev/rules.d/99-gatepost.rules',
      '/etc/default/gatepost',
      '/etc/chromium/policies/managed/gatepost-kiosk.json',
      '/usr/share/doc/gatepost/copyright',
    ])
      expect(files, path).toContain(path);
    expect(files.filter((f) => /demo-kits|electron-main|\/sandbox\//.test(f))).toEqual([]);
    expect(
      files.filter((f) => /node_modules\/(react|react-dom|i18next|typescript|electron|vite)\//.test(f)),
    ).toEqual([]);
    expect(files.filter((f) => /better-sqlite3\/(deps|src)\//.test(f))).toEqual([]);
  });

  it('has control fields for a self-contained package, conffiles, and maintainer scripts that pass shellcheck', () => {
    const dir = mkdtempSync(join(tmpdir(), 'gatepost-deb-control-'));
    try {
      execFileSync('dpkg-deb', ['--control', deb, dir]);
      const control = readFileSync(join(dir, 'control'), 'utf8');
      expect(field(control, 'Package')).toBe('gatepost');
      expect(field(control, 'Version')).toMatch(/^\d+\.\d+\.\d+-1$/);
      expect(field(control, 'Architecture')).toBe(
        execFileSync('dpkg', ['--print-architecture'], { encoding: 'utf8' }).trim(),
      );
      // Node is bundled: no dependency on Debian's nodejs (18 in Debian 12), but on what the binary links.
      expect(field(control, 'Depends')).not.toMatch(/nodejs/);
      expect(field(control, 'Depends')).toMatch(/adduser/);
      expect(field(control, 'Depends')).toMatch(/libusb-1\.0-0/);
      expect(field(control, 'Recommends')).toMatch(/chromium/);
      expect(control).toContain(`Bundled Node ${process.version}`);
      expect(readFileSync(join(dir, 'conffiles'), 'utf8').trim().split('\n').sort()).toEqual([
        '/etc/chromium/policies/managed/gatepost-kiosk.json',
        '/etc/default/gatepost',
      ]);
      for (const script of ['postinst', 'prerm', 'postrm']) {
        expect(statSync(join(dir, script)).mode & 0o111, script).toBe(0o111);
        const check = spawnSync('shellcheck', ['-s', 'sh', join(dir, script)], { encoding: 'utf8' });
        if (check.error)
          throw new Error('shellcheck is missing (apt-get install shellcheck, or scripts/setup.sh)');
        expect(check.stdout + check.stderr, script).toBe('');
      }
      const session = spawnSync('shellcheck', ['-s', 'sh', join(ROOT, 'resources/deb/kiosk-session')], {
        encoding: 'utf8',
      });
      expect(session.stdout).toBe('');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('ships a core unit with Restart=always, a watchdog, notify readiness and the hardening', () => {
    const lines = unitLines(readFileSync(join(ROOT, 'resources/deb/gatepost.service'), 'utf8'));
    for (const line of [
      'Type=notify',
      'Restart=always',
      'User=gatepost',
      'ProtectSystem=strict',
      'NoNewPrivileges=yes',
      'PrivateTmp=yes',
      'ProtectHome=yes',
      'StateDirectory=gatepost',
      'ReadWritePaths=/run/gatepost',
      'DevicePolicy=closed',
      'CapabilityBoundingSet=',
    ])
      expect(lines, line).toContain(line);
    expect(lines.find((l) => l.startsWith('WatchdogSec='))).toMatch(/^WatchdogSec=\d+$/);
    // The only writable paths: the data dir (StateDirectory) and the launch page's directory.
    expect(
      lines.filter((l) =>
        /^(ReadWritePaths|StateDirectory|RuntimeDirectory|LogsDirectory|CacheDirectory)=/.test(l),
      ),
    ).toEqual(['StateDirectory=gatepost', 'ReadWritePaths=/run/gatepost']);
    const exec = lines.find((l) => l.startsWith('ExecStart='))!;
    expect(exec).toContain('--launch-file /run/gatepost/launch.html');
    expect(exec).not.toMatch(/token=/);
  });

  it('starts Chromium in the kiosk session on the launch page with the lockdown flags', () => {
    const flags = readFileSync(join(ROOT, 'resources/kiosk/chromium-flags.conf'), 'utf8');
    for (const flag of ['--kiosk', '--noerrdialogs', '--disable-pinch', '--overscroll-history-navigation=0'])
      expect(flags).toContain(flag);
    expect(flags).toMatch(/--disable-features=.*Translate/);
    const session = readFileSync(join(ROOT, 'resources/deb/kiosk-session'), 'utf8');
    expect(session).toContain('"--app=file://$LAUNCH"');
    expect(session).toMatch(/-nocursor -s 0 -dpms/);
    expect(session).toContain('xset s off s noblank -dpms');
    const policy = JSON.parse(readFileSync(join(ROOT, 'resources/deb/chromium-policy.json'), 'utf8'));
    expect(policy).toMatchObject({ DeveloperToolsAvailability: 2, TranslateEnabled: false });
  });
});

describe('the .deb installed into a throwaway Debian 12 root', () => {
  let root: ThrowawayRoot;
  let sandbox: EntryV1Sandbox;

  beforeAll(async () => {
    root = ThrowawayRoot.create();
    sandbox = await startEntryV1Sandbox({ apiKey: API_KEY, ...demoFixture() });
    execFileSync('cp', [deb, root.path('tmp/gatepost.deb')]);
    const apt = ['apt-get', '-o', 'DPkg::Lock::Timeout=120', '-y', '-q', '--no-install-recommends'];
    root.run([...apt.slice(0, -1), 'update']);
    // systemd first, so the postinst takes its systemd path (tmpfiles, deb-systemd-helper) as on a pedestal.
    root.run([...apt, 'install', 'systemd']);
    root.run([...apt, 'install', '/tmp/gatepost.deb']);
  }, 600_000);
  afterAll(async () => {
    await sandbox?.close();
    await root?.destroy();
  });

  it('creates the users, the data dir, the launch page directory and enables the core unit', () => {
    const passwd = readFileSync(root.path('etc/passwd'), 'utf8');
    expect(passwd).toMatch(/^gatepost:x:\d+:\d+:[^:]*:\/var\/lib\/gatepost:\/usr\/sbin\/nologin$/m);
    expect(passwd).toMatch(/^gatepost-kiosk:/m);
    const groups = readFileSync(root.path('etc/group'), 'utf8');
    expect(groups).toMatch(/^dialout:x:\d+:.*\bgatepost\b/m);
    const id = (user: string) => root.run(['id', '-u', user]).trim();
    const gid = (group: string) => root.run(['getent', 'group', group]).split(':')[2];
    const data = statSync(root.path('var/lib/gatepost'));
    expect([data.mode & 0o7777, String(data.uid)]).toEqual([0o750, id('gatepost')]);
    const run = statSync(root.path('run/gatepost'));
    expect([run.mode & 0o7777, String(run.uid), String(run.gid)]).toEqual([
      0o2750,
      id('gatepost'),
      gid('gatepost-kiosk'),
    ]);
    // (An absolute symlink inside the root: read it, do not follow it on this machine.)
    expect(readlinkSync(root.path('etc/systemd/system/multi-user.target.wants/gatepost.service'))).toBe(
      '/lib/systemd/system/gatepost.service',
    );
  });

  it('passes systemd-analyze verify on both units', () => {
    expect(root.try(['systemd-analyze', 'verify', 'gatepost.service', 'gatepost-kiosk.service'])).toEqual({
      status: 0,
      output: '',
    });
  });

  it("runs the web shell from the package as the gatepost user with the unit's command, and admits a scan", async () => {
    const port = await freePort();
    writeFileSync(root.path('etc/default/gatepost'), `GATEPOST_PORT=${port}\n`);
    const config = {
      deviceName: 'Packaged kiosk',
      decisionBudgetMs: 3000,
      provider: {
        kind: 'entry-v1',
        baseUrl: sandbox.url,
        apiKey: API_KEY,
        dataAccountId: '390',
        venueCode: 'TS',
        serialNumber: 'DEB-0001',
        make: 'Gatepost',
        model: 'Pedestal',
      },
    };
    writeFileSync(root.path('var/lib/gatepost/config.json'), JSON.stringify(config));
    root.run(['chown', 'gatepost:gatepost', '/var/lib/gatepost/config.json']);

    // The unit's own ExecStart, with its environment, as its User (systemd is not PID 1 here).
    const unit = readFileSync(root.path('lib/systemd/system/gatepost.service'), 'utf8');
    const exec = /^ExecStart=(.*)$/m.exec(unit)![1]!.replace('${GATEPOST_PORT}', String(port)).split(' ');
    const notifyDir = root.path('run/notify-test');
    execFileSync('install', ['-d', '-m', '0777', notifyDir]);
    const receiver = spawn('socat', ['-u', `UNIX-RECV:${join(notifyDir, 'notify')}`, 'STDOUT'], {
      stdio: ['ignore', 'pipe', 'ignore'],
    });
    let notified = '';
    receiver.stdout.on('data', (d: Buffer) => (notified += d.toString()));
    try {
      await until(() => existsSync(join(notifyDir, 'notify')));
      execFileSync('chmod', ['0666', join(notifyDir, 'notify')]);
      const shell = root.spawn(
        ['setpriv', '--reuid=gatepost', '--regid=gatepost', '--init-groups', '--', ...exec],
        { NOTIFY_SOCKET: '/run/notify-test/notify', WATCHDOG_USEC: '2000000', HOME: '/var/lib/gatepost' },
      );
      let output = '';
      shell.stderr!.on('data', (d: Buffer) => (output += d.toString()));
      const launchUrl = await new Promise<string>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`not ready in 20 s:\n${output}`)), 20_000);
        shell.once('exit', (code) => reject(new Error(`exited ${code}:\n${output}`)));
        createInterface({ input: shell.stdout! }).on('line', (line) => {
          const m = /^GATEPOST_READY (\S+)/.exec(line);
          if (m) {
            clearTimeout(timer);
            resolve(m[1]!);
          }
        });
      });
      expect(new URL(launchUrl).port).toBe(String(port));
      await until(() => notified.includes('READY=1') && notified.includes('WATCHDOG=1'));

      // Runs as gatepost; the token is in a 0600 file; the launch page is readable by the kiosk user only.
      const status = readFileSync(`/proc/${shell.pid}/status`, 'utf8');
      expect(/^Uid:\s+(\d+)/m.exec(status)![1]).toBe(root.run(['id', '-u', 'gatepost']).trim());
      const tokenFile = statSync(root.path('var/lib/gatepost/web-shell.token'));
      expect(tokenFile.mode & 0o777).toBe(0o600);
      const asUser = (user: string, file: string) =>
        root.try(['setpriv', `--reuid=${user}`, `--regid=${user}`, '--init-groups', '--', 'cat', file])
          .status;
      expect(asUser('gatepost-kiosk', '/run/gatepost/launch.html')).toBe(0);
      expect(asUser('gatepost-kiosk', '/var/lib/gatepost/web-shell.token')).not.toBe(0);
      expect(asUser('nobody', '/run/gatepost/launch.html')).not.toBe(0);
      const launchPage = readFileSync(root.path('run/gatepost/launch.html'), 'utf8');
      expect(launchPage).toContain(launchUrl);

      const token = new URLSearchParams(new URL(launchUrl).hash.slice(1)).get('token')!;
      const decided = await scanOnce(port, token, '39000000000001');
      expect(decided).toMatchObject({ outcome: 'admit' });
    } finally {
      receiver.kill('SIGKILL');
    }
  });

  it('without a config the packaged kiosk waits "not configured" (no demo mode) for the technician console', async () => {
    rmSync(root.path('var/lib/gatepost/config.json'));
    // Not even without --no-demo: the package has no sandboxes, so it cannot look operational.
    const shell = root.spawn(
      [
        'setpriv',
        '--reuid=gatepost',
        '--regid=gatepost',
        '--init-groups',
        '--',
        '/usr/lib/gatepost/node/bin/node',
        '/usr/lib/gatepost/app/out/main/web-shell.js',
        '--data-dir',
        '/var/lib/gatepost',
        '--port',
        '0',
      ],
      { HOME: '/var/lib/gatepost' },
    );
    let output = '';
    shell.stderr!.on('data', (d: Buffer) => (output += d.toString()));
    try {
      const fault = await new Promise<string>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no fault line in 20 s:\n${output}`)), 20_000);
        shell.once('exit', (code) => reject(new Error(`exited ${code}:\n${output}`)));
        createInterface({ input: shell.stdout! }).on('line', (line) => {
          if (line.startsWith('GATEPOST_FAULT')) {
            clearTimeout(timer);
            resolve(line);
          }
        });
      });
      expect(fault).toBe('GATEPOST_FAULT NOT-CONFIGURED This kiosk is not configured yet');
      // The log says why (its file is written asynchronously).
      const log = root.path('var/lib/gatepost/gatepost.log');
      await until(() => existsSync(log) && readFileSync(log, 'utf8').includes('this build has no demo mode'));
    } finally {
      shell.kill('SIGKILL');
    }
  });

  it('purges cleanly and keeps the scan journal', () => {
    root.run(['apt-get', '-y', '-q', 'purge', 'gatepost']);
    expect(existsSync(root.path('usr/lib/gatepost'))).toBe(false);
    expect(existsSync(root.path('lib/systemd/system/gatepost.service'))).toBe(false);
    expect(() =>
      lstatSync(root.path('etc/systemd/system/multi-user.target.wants/gatepost.service')),
    ).toThrow();
    expect(existsSync(root.path('var/lib/gatepost/journal.sqlite3'))).toBe(true);
  });
});

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const { port } = server.address() as { port: number };
  await new Promise((r) => server.close(r));
  return port;
}

async function until(check: () => boolean, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Waits until the kiosk is ready, submits one scan over the web shell's RPC and returns its decision. */
async function scanOnce(port: number, token: string, barcode: string): Promise<Record<string, unknown>> {
  const ws = new WebSocket(`ws://127.0.0.1:${port}/rpc?token=${encodeURIComponent(token)}`, {
    origin: `http://127.0.0.1:${port}`,
  });
  try {
    await new Promise((resolve, reject) => {
      ws.once('open', resolve);
      ws.once('error', reject);
    });
    let id = 0;
    const replies = new Map<number, (v: { ok: boolean; value?: unknown }) => void>();
    let decided: ((p: Record<string, unknown>) => void) | undefined;
    ws.on('message', (d: Buffer) => {
      const m = JSON.parse(d.toString());
      if (m.kind === 'reply') replies.get(m.id)?.(m.result);
      else if (m.event === 'scan.decided') decided?.(m.payload);
    });
    const call = (channel: string, args: unknown) =>
      new Promise<{ ok: boolean; value?: unknown }>((resolve) => {
        replies.set(++id, resolve);
        ws.send(JSON.stringify({ id, channel, args }));
      });
    const deadline = Date.now() + 15_000;
    while (!((await call('kiosk.status', {})).value as { ready?: boolean } | undefined)?.ready) {
      if (Date.now() > deadline) throw new Error('kiosk never became ready');
      await new Promise((r) => setTimeout(r, 100));
    }
    const decision = new Promise<Record<string, unknown>>((r) => (decided = r));
    await call('scan.submit', { token: barcode, inputType: 'Barcode', source: 'deb-test' });
    return await decision;
  } finally {
    ws.terminate();
  }
}
