import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createInterface } from 'node:readline';
import Database from 'better-sqlite3';
import WebSocket from 'ws';
import { reapOnExit } from '../../support/reaper.js';

const ROOT = fileURLToPath(new URL('../../..', import.meta.url));
/** The built web shell (`npm test` builds before vitest). `GATEPOST_WEB_SHELL` points a run at another build. */
export const WEB_SHELL_ENTRY = process.env.GATEPOST_WEB_SHELL ?? join(ROOT, 'out/main/web-shell.js');

/**
 * The `offline` config block of the black-box tests: offline after the first fault, back within a third of
 * a second of the API returning, quick upload retries, no late-answer hold (so uploads are not delayed).
 */
export const FAST_OFFLINE_CONFIG = {
  faultsInARow: 1,
  probeIntervalMs: 300,
  lateAnswerWindowMs: 0,
  uploadBackoffBaseMs: 50,
  uploadBackoffMaxMs: 500,
} as const;

/** Most characters of child output kept for failure messages; a storm logs a lot. */
const MAX_OUTPUT_CHARS = 64 * 1024;

export interface WebShellProcess {
  readonly child: ChildProcessWithoutNullStreams;
  readonly launchUrl: string;
  readonly origin: string;
  /** The per-launch WebSocket token (from the launch URL's fragment). */
  readonly token: string;
  /** Resolves with the exit code or signal once the process has exited. */
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** The last output lines (stdout and stderr), for failure messages. */
  output(): string;
  /** `kill -9`: no shutdown code runs. Resolves once the process is gone. */
  crash(): Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** Graceful stop (SIGTERM), SIGKILL after 5 s. */
  stop(): Promise<void>;
}

/**
 * Starts the built web shell on an existing data dir (so a restart reuses the journal and queue) and
 * waits for its readiness line, bounded by `readyTimeoutMs`.
 */
export async function startWebShellProcess(
  dataDir: string,
  readyTimeoutMs = 15_000,
  env: NodeJS.ProcessEnv = {},
): Promise<WebShellProcess> {
  // Killed when this harness ends however it ends (failure, SIGINT/SIGTERM): see tests/support/reaper.ts.
  const child = reapOnExit(
    spawn(process.execPath, [WEB_SHELL_ENTRY, '--data-dir', dataDir, '--port', '0'], {
      stdio: 'pipe',
      env: { ...process.env, ...env },
    }),
  );
  let output = '';
  const keep = (text: string) => {
    output = (output + text).slice(-MAX_OUTPUT_CHARS);
  };
  child.stderr.on('data', (d: Buffer) => keep(d.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );
  const lines = createInterface({ input: child.stdout });
  const launchUrl = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`web shell not ready in ${readyTimeoutMs} ms:\n${output}`));
    }, readyTimeoutMs);
    void exited.then(({ code, signal }) => {
      clearTimeout(timer);
      reject(new Error(`web shell exited (${code ?? signal}) before ready:\n${output}`));
    });
    lines.on('line', (line) => {
      keep(`${line}\n`);
      const m = /^GATEPOST_READY (\S+)/.exec(line);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]!);
      }
    });
  });
  const url = new URL(launchUrl);
  const token = new URLSearchParams(url.hash.slice(1)).get('token');
  if (!token) throw new Error(`no token in launch URL ${launchUrl}`);
  return {
    child,
    launchUrl,
    origin: url.origin,
    token,
    exited,
    output: () => output,
    async crash() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      return exited;
    },
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
      await exited;
      clearTimeout(timer);
    },
  };
}

export interface WireEvent {
  event: string;
  payload: unknown;
}

/** A minimal client of the web shell's WebSocket RPC (the same wire format the renderer uses). */
export class RpcClient {
  private nextId = 1;
  private watchToken: string | undefined;
  private readonly waiting = new Map<
    number,
    { resolve: (v: unknown) => void; reject: (e: Error) => void; timer: NodeJS.Timeout }
  >();
  private readonly listeners: ((e: WireEvent) => void)[] = [];
  /** Resolves when the socket closes (for whatever reason). */
  readonly closed: Promise<void>;

  private constructor(private readonly ws: WebSocket) {
    this.closed = new Promise((resolve) => ws.once('close', () => resolve()));
    ws.on('message', (data: Buffer) => {
      const msg = JSON.parse(data.toString()) as
        | { kind: 'reply'; id: number; result: { ok: true; value: unknown } | { ok: false; error: string } }
        | { kind: 'event'; event: string; payload: unknown };
      if (msg.kind === 'event') {
        for (const l of this.listeners) l({ event: msg.event, payload: msg.payload });
        return;
      }
      const w = this.waiting.get(msg.id);
      if (!w) return;
      this.waiting.delete(msg.id);
      clearTimeout(w.timer);
      if (msg.result.ok) w.resolve(msg.result.value);
      else w.reject(new Error(msg.result.error));
    });
    ws.on('close', () => {
      for (const [, w] of this.waiting) {
        clearTimeout(w.timer);
        w.reject(new Error('socket closed'));
      }
      this.waiting.clear();
    });
    // Errors after open (e.g. ECONNRESET when the kiosk is killed) end in 'close'.
    ws.on('error', () => undefined);
  }

  static async connect(proc: WebShellProcess, timeoutMs = 5000): Promise<RpcClient> {
    const port = new URL(proc.origin).port;
    const ws = new WebSocket(`ws://127.0.0.1:${port}/rpc?token=${encodeURIComponent(proc.token)}`, {
      origin: `http://127.0.0.1:${port}`,
      handshakeTimeout: timeoutMs,
    });
    await new Promise<void>((resolve, reject) => {
      ws.once('open', () => resolve());
      ws.once('error', reject);
    });
    return new RpcClient(ws);
  }

  get open(): boolean {
    return this.ws.readyState === WebSocket.OPEN;
  }

  onEvent(listener: (e: WireEvent) => void): void {
    this.listeners.push(listener);
  }

  /** Sends without waiting for the reply (the storm's scans: the decision comes as an event). */
  send(channel: string, args: unknown): void {
    this.ws.send(JSON.stringify({ id: this.nextId++, channel, args }));
  }

  call<T>(channel: string, args: unknown = {}, timeoutMs = 5000): Promise<T> {
    const id = this.nextId++;
    return new Promise<T>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiting.delete(id);
        reject(new Error(`${channel}: no reply in ${timeoutMs} ms`));
      }, timeoutMs);
      this.waiting.set(id, { resolve: resolve as (v: unknown) => void, reject, timer });
      this.ws.send(JSON.stringify({ id, channel, args }));
    });
  }

  /**
   * The technician status (`admin.status`) through a read-only watch session, which leaves the kiosk in
   * service. The PIN is set on the kiosk's first start.
   */
  async adminStatus<T>(pin = '2468', retried = false): Promise<T> {
    if (!this.watchToken) {
      const state = await this.call<{ pinSet: boolean }>('admin.pin.state');
      if (!state.pinSet) {
        // Setting the PIN opens a working session: close it so the kiosk is back in service.
        const opened = await this.call<{ token: string }>('admin.pin.set', { pin });
        await this.call('admin.logout', { session: opened.token });
      }
      const login = await this.call<{ granted: boolean; session?: { token: string } }>('admin.login', {
        pin,
        watch: true,
      });
      if (!login.session) throw new Error('admin login refused');
      this.watchToken = login.session.token;
    }
    try {
      return await this.call<T>('admin.status', { session: this.watchToken });
    } catch (err) {
      // The session ended (idle time-out, or a test jumped the kiosk's clock past it): log in again once.
      this.watchToken = undefined;
      if (retried) throw err;
      return this.adminStatus<T>(pin, true);
    }
  }

  close(): Promise<void> {
    if (this.ws.readyState !== WebSocket.CLOSED) this.ws.terminate();
    return this.closed;
  }
}

/** Polls `probe` until it returns a value other than undefined, at most `timeoutMs`. */
export async function waitFor<T>(
  what: string,
  probe: () => Promise<T | undefined> | T | undefined,
  timeoutMs: number,
  intervalMs = 100,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  for (;;) {
    try {
      const value = await probe();
      if (value !== undefined) return value;
    } catch (err) {
      lastError = err;
    }
    if (Date.now() >= deadline) {
      const detail = lastError instanceof Error ? ` (last error: ${lastError.message})` : '';
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${detail}`);
    }
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}

/** Journal rows, through a separate read-only connection (as an admin tool would). */
export function readJournal(dataDir: string): { scan_id: string; token: string; mode: string }[] {
  const db = new Database(join(dataDir, 'journal.sqlite3'), { readonly: true });
  try {
    return db.prepare('SELECT scan_id, token, mode FROM scans ORDER BY rowid').all() as {
      scan_id: string;
      token: string;
      mode: string;
    }[];
  } finally {
    db.close();
  }
}

/** Upload queue rows by state, read-only. */
export function readQueueStates(dataDir: string): Record<string, number> {
  const db = new Database(join(dataDir, 'journal.sqlite3'), { readonly: true });
  try {
    const rows = db.prepare('SELECT state, COUNT(*) AS n FROM upload_queue GROUP BY state').all() as {
      state: string;
      n: number;
    }[];
    return Object.fromEntries(rows.map((r) => [r.state, r.n]));
  } finally {
    db.close();
  }
}
