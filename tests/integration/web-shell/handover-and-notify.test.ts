import { spawn, spawnSync } from 'node:child_process';
import {
  chmodSync,
  closeSync,
  fstatSync,
  mkdtempSync,
  openSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startShell, type ShellChild } from './shell-child.js';

let dir: string;
const shells: ShellChild[] = [];
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'gatepost-handover-'));
});
afterEach(async () => {
  for (const s of shells.splice(0)) await s.kill9();
  rmSync(dir, { recursive: true, force: true });
});
const start = async (...args: Parameters<typeof startShell>) => {
  const s = await startShell(...args);
  shells.push(s);
  return s;
};
const tokenOf = (url: string) => new URLSearchParams(new URL(url).hash.slice(1)).get('token');

describe('launch token handover', () => {
  it('writes the launch page (0640) forwarding to the kiosk page, and removes it on a clean stop', async () => {
    const launch = join(dir, 'launch.html');
    const shell = await start(['--data-dir', dir, '--port', '0', '--launch-file', launch]);
    const page = readFileSync(launch, 'utf8');
    expect(statSync(launch).mode & 0o777).toBe(0o640);
    expect(page).toContain(`<meta http-equiv="refresh" content="0;url=${shell.readyUrl}">`);
    expect(tokenOf(shell.readyUrl)).toMatch(/^[A-Za-z0-9_-]{32}$/);
    await shell.stop();
    expect(() => statSync(launch)).toThrow();
  });

  it('keeps the token in a 0600 file across a kill -9 and restart, so an open page reconnects', async () => {
    const first = await start(['--data-dir', dir, '--port', '0']);
    await first.kill9();
    const second = await start(['--data-dir', dir, '--port', '0']);
    expect(tokenOf(second.readyUrl)).toBe(tokenOf(first.readyUrl));
    const file = join(dir, 'web-shell.token');
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(readFileSync(file, 'utf8').trim()).toBe(tokenOf(first.readyUrl));
  });

  it('replaces a token file that others could read, or that holds garbage', async () => {
    const file = join(dir, 'web-shell.token');
    writeFileSync(file, 'x'.repeat(40));
    chmodSync(file, 0o644);
    const shell = await start(['--data-dir', dir, '--port', '0', '--token-file', file]);
    expect(tokenOf(shell.readyUrl)).not.toBe('x'.repeat(40));
    expect(statSync(file).mode & 0o777).toBe(0o600);
    await shell.kill9();
    writeFileSync(file, 'short\n', { mode: 0o600 });
    const again = await start(['--data-dir', dir, '--port', '0', '--token-file', file]);
    expect(tokenOf(again.readyUrl)).toMatch(/^[A-Za-z0-9_-]{32}$/);
  });

  it('keeps the token out of its output when stdout is the journal', async () => {
    const out = join(dir, 'stdout');
    const fd = openSync(out, 'w');
    const { dev, ino } = fstatSync(fd);
    try {
      await start(['--data-dir', dir, '--port', '0'], { JOURNAL_STREAM: `${dev}:${ino}` }, fd, () => {
        const line = /^GATEPOST_READY (\S+)/m.exec(readFileSync(out, 'utf8'));
        return line?.[1];
      });
    } finally {
      closeSync(fd);
    }
    const printed = readFileSync(out, 'utf8');
    const token = readFileSync(join(dir, 'web-shell.token'), 'utf8').trim();
    expect(printed).toMatch(/^GATEPOST_READY http:\/\/127\.0\.0\.1:\d+\/$/m);
    expect(printed).not.toContain(token);
  });
});

describe('systemd notification', () => {
  it('sends READY=1 with its pid, then repeated WATCHDOG=1 pings, and STOPPING=1 on SIGTERM', async () => {
    requireSocat();
    const socket = join(dir, 'notify');
    // socat plays systemd's side: it receives the datagrams on a unix socket and prints them.
    const receiver = spawn('socat', ['-u', `UNIX-RECV:${socket}`, 'STDOUT'], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let received = '';
    receiver.stdout.on('data', (d: Buffer) => (received += d.toString()));
    try {
      for (let i = 0; i < 50 && !existsQuiet(socket); i++) await new Promise((r) => setTimeout(r, 20));
      const shell = await start(['--data-dir', dir, '--port', '0'], {
        NOTIFY_SOCKET: socket,
        WATCHDOG_USEC: '400000',
      });
      await waitUntil(() => (received.match(/WATCHDOG=1/g) ?? []).length >= 3);
      expect(received).toMatch(/^READY=1\nMAINPID=\d+\nSTATUS=serving http:\/\/127\.0\.0\.1:\d+\//);
      expect(received).toContain(`MAINPID=${shell.child.pid}`);
      await shell.stop();
      await waitUntil(() => received.includes('STOPPING=1'));
    } finally {
      receiver.kill('SIGKILL');
    }
  });

  it('sends no watchdog pings meant for another process (WATCHDOG_PID)', async () => {
    requireSocat();
    const socket = join(dir, 'notify');
    const receiver = spawn('socat', ['-u', `UNIX-RECV:${socket}`, 'STDOUT'], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let received = '';
    receiver.stdout.on('data', (d: Buffer) => (received += d.toString()));
    try {
      for (let i = 0; i < 50 && !existsQuiet(socket); i++) await new Promise((r) => setTimeout(r, 20));
      await start(['--data-dir', dir, '--port', '0'], {
        NOTIFY_SOCKET: socket,
        WATCHDOG_USEC: '200000',
        WATCHDOG_PID: '1',
      });
      await waitUntil(() => received.includes('READY=1'));
      await new Promise((r) => setTimeout(r, 600));
      expect(received).not.toContain('WATCHDOG=1');
    } finally {
      receiver.kill('SIGKILL');
    }
  });
});

function requireSocat(): void {
  if (spawnSync('socat', ['-V']).error)
    throw new Error('socat is missing (apt-get install socat, or run scripts/setup.sh)');
}

function existsQuiet(path: string): boolean {
  try {
    statSync(path);
    return true;
  } catch {
    return false;
  }
}

async function waitUntil(check: () => boolean, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 50));
  }
}
