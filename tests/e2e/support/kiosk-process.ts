import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createInterface } from 'node:readline';
import Database from 'better-sqlite3';
import WebSocket from 'ws';
import type { KioskStatus } from '../../../electron/common/contract.js';
import { reapOnExit, removeOnExit } from '../../support/reaper.js';

const ROOT = fileURLToPath(new URL('../../..', import.meta.url));
export const WEB_SHELL_ENTRY = join(ROOT, 'out/main/web-shell.js');

export interface KioskProcess {
  /** The web shell's process id. */
  pid: number;
  launchUrl: string;
  origin: string;
  dataDir: string;
  output: string[];
  /** Submits one scan over the kiosk's RPC socket, as the renderer's keyboard wedge would. */
  submitScan(token: string): Promise<void>;
  /** The kiosk's status over its RPC socket. */
  status(): Promise<KioskStatus>;
  /** One request over the RPC socket with the launch token only, as the patron screen has it. */
  call(channel: string, args?: unknown): Promise<RpcResult>;
  /** `kill -9`: no shutdown code runs. */
  crash(): Promise<void>;
  /** Journal rows, read through a separate read-only connection (as an admin tool would). */
  journal(): Record<string, unknown>[];
  /** Stops the kiosk; removes the data dir it created (unless `keepDataDir`). */
  stop(): Promise<void>;
  /** Removes the data dir (a kept or handed-in one, after `stop`). */
  remove(): void;
}

export type RpcResult = { ok: true; value: unknown } | { ok: false; error: string };

export interface LaunchOptions {
  /** Reuse a data dir (a restart); a fresh one by default. The caller removes a dir it passed in. */
  dataDir?: string;
  /** Keep the fresh data dir on `stop` (a restart on it follows); the test removes it (`remove`). */
  keepDataDir?: boolean;
  /** A fixed port (a restart on the same address); any free port by default. */
  port?: number;
  /** Extra environment, e.g. `GATEPOST_DEMO: 'off'` for the "not configured" start. */
  env?: Record<string, string>;
  /** Extra files for the data dir (venue artwork, a provisioning key), by file name. */
  files?: Record<string, string | Buffer>;
}

/**
 * Starts the built web shell as a child process with a fresh data dir and the given config, and waits for
 * its named readiness line (`GATEPOST_READY <url>`), never a sleep.
 */
export async function launchKiosk(
  config: Record<string, unknown> | undefined,
  options: LaunchOptions = {},
): Promise<KioskProcess> {
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'gatepost-e2e-'));
  // A data dir the test handed in, or asked to keep (a restart follows), is the test's to remove.
  const ownsDataDir = options.dataDir === undefined && !options.keepDataDir;
  // Removed even when the test run itself fails or is interrupted (see reaper.ts).
  const dirCleanup = ownsDataDir ? removeOnExit(dataDir) : undefined;
  if (config) writeFileSync(join(dataDir, 'config.json'), JSON.stringify(config, null, 2));
  for (const [name, body] of Object.entries(options.files ?? {})) writeFileSync(join(dataDir, name), body);
  const child: ChildProcessWithoutNullStreams = reapOnExit(
    spawn(process.execPath, [WEB_SHELL_ENTRY, '--data-dir', dataDir, '--port', String(options.port ?? 0)], {
      stdio: 'pipe',
      env: { ...process.env, ...options.env },
    }),
  );
  const output: string[] = [];
  child.stderr.on('data', (d: Buffer) => output.push(d.toString()));
  const ready = new Promise<string>((resolveUrl, reject) => {
    const timer = setTimeout(() => reject(new Error(`kiosk not ready in 15 s:\n${output.join('')}`)), 15_000);
    child.once('exit', (code) =>
      reject(new Error(`kiosk exited (${code}) before ready:\n${output.join('')}`)),
    );
    createInterface({ input: child.stdout }).on('line', (line) => {
      output.push(line);
      const m = /^GATEPOST_READY (\S+)/.exec(line);
      if (m) {
        clearTimeout(timer);
        resolveUrl(m[1]!);
      }
    });
  });
  let launchUrl: string;
  try {
    launchUrl = await ready;
  } catch (err) {
    // Never leave a half-started kiosk (or its data dir) behind.
    child.kill('SIGKILL');
    if (ownsDataDir) rmSync(dataDir, { recursive: true, force: true });
    throw err;
  }
  /** One request over the kiosk's RPC socket, as the renderer makes it; resolves with the reply's result. */
  async function call(channel: string, args: unknown = {}): Promise<RpcResult> {
    const url = new URL(launchUrl);
    const secret = new URLSearchParams(url.hash.slice(1)).get('token') ?? '';
    const ws = new WebSocket(`ws://${url.host}/rpc?token=${encodeURIComponent(secret)}`, {
      headers: { Origin: url.origin },
    });
    try {
      await new Promise<void>((resolve, reject) => {
        ws.once('open', () => resolve());
        ws.once('error', reject);
      });
      // Events (status, decisions) share the socket: wait for this request's reply.
      const reply = new Promise<{ result: RpcResult }>((resolve) =>
        ws.on('message', (data) => {
          const message = JSON.parse(String(data)) as { kind?: string; result: RpcResult };
          if (message.kind === 'reply') resolve(message);
        }),
      );
      ws.send(JSON.stringify({ id: 1, channel, args }));
      return (await reply).result;
    } finally {
      ws.close();
    }
  }

  /** As `call`, resolving with the reply's value; a refusal throws. */
  async function rpc(channel: string, args: unknown): Promise<unknown> {
    const result = await call(channel, args);
    if (!result.ok) throw new Error(`${channel} refused: ${JSON.stringify(result)}`);
    return result.value;
  }

  return {
    pid: child.pid!,
    call,
    remove() {
      rmSync(dataDir, { recursive: true, force: true });
    },
    launchUrl,
    origin: new URL(launchUrl).origin,
    dataDir,
    output,
    journal() {
      const db = new Database(join(dataDir, 'journal.sqlite3'), { readonly: true });
      try {
        return db.prepare('SELECT * FROM scans ORDER BY received_at, rowid').all() as Record<
          string,
          unknown
        >[];
      } finally {
        db.close();
      }
    },
    async submitScan(token) {
      await rpc('scan.submit', { token, inputType: 'Barcode', source: 'wedge' });
    },
    async status() {
      return (await rpc('kiosk.status', {})) as KioskStatus;
    },
    async crash() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGKILL');
      await exited;
    },
    async stop() {
      if (child.exitCode === null && child.signalCode === null) {
        const exited = new Promise((r) => child.once('exit', r));
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
        await exited;
        clearTimeout(timer);
      }
      if (ownsDataDir) {
        rmSync(dataDir, { recursive: true, force: true });
        dirCleanup?.forget();
      }
    },
  };
}
