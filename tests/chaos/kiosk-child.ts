import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { createInterface } from 'node:readline';
import { WEB_SHELL_ENTRY } from '../integration/support/web-shell-process.js';
import { reapOnExit } from '../support/reaper.js';

/** Most characters of output kept for failure messages. */
const MAX_OUTPUT_CHARS = 64 * 1024;

/**
 * The built web shell as a child process that a chaos case may kill at any moment — before it is ready
 * included (a kill during a reference sync can land while it is still starting). `ready` resolves with
 * the launch URL, or with undefined if it died first; `crashed` says whether that was our doing.
 */
export class KioskChild {
  readonly child: ChildProcessWithoutNullStreams;
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  readonly ready: Promise<string | undefined>;
  crashed = false;
  private text = '';
  private launch: URL | undefined;

  constructor(dataDir: string, env: NodeJS.ProcessEnv, readyTimeoutMs = 20_000) {
    this.child = reapOnExit(
      spawn(process.execPath, [WEB_SHELL_ENTRY, '--data-dir', dataDir, '--port', '0'], {
        stdio: 'pipe',
        env: { ...process.env, ...env },
      }),
    );
    this.exited = new Promise((resolve) =>
      this.child.once('exit', (code, signal) => resolve({ code, signal })),
    );
    this.child.stderr.on('data', (d: Buffer) => this.keep(d.toString()));
    const lines = createInterface({ input: this.child.stdout });
    lines.on('line', (line) => this.keep(`${line}\n`));
    this.ready = new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.child.kill('SIGKILL');
        reject(new Error(`web shell not ready in ${readyTimeoutMs} ms:\n${this.text}`));
      }, readyTimeoutMs);
      void this.exited.then(({ code, signal }) => {
        clearTimeout(timer);
        if (this.crashed) resolve(undefined);
        else reject(new Error(`web shell exited (${code ?? signal}) before ready:\n${this.text}`));
      });
      lines.on('line', (line) => {
        const m = /^GATEPOST_READY (\S+)/.exec(line);
        if (!m) return;
        clearTimeout(timer);
        this.launch = new URL(m[1]!);
        resolve(m[1]!);
      });
    });
  }

  get alive(): boolean {
    return this.child.exitCode === null && this.child.signalCode === null;
  }

  /** For RpcClient.connect. */
  get origin(): string {
    return this.launch!.origin;
  }

  get token(): string {
    return new URLSearchParams(this.launch!.hash.slice(1)).get('token') ?? '';
  }

  output(): string {
    return this.text;
  }

  /** `kill -9`, wherever it is; resolves once it is gone. */
  async crash(): Promise<void> {
    this.crashed = true;
    if (this.alive) this.child.kill('SIGKILL');
    await this.exited;
  }

  /** Graceful stop (SIGTERM), SIGKILL after 5 s. */
  async stop(): Promise<void> {
    if (!this.alive) return;
    this.child.kill('SIGTERM');
    const timer = setTimeout(() => this.child.kill('SIGKILL'), 5000);
    await this.exited;
    clearTimeout(timer);
  }

  private keep(text: string): void {
    this.text = (this.text + text).slice(-MAX_OUTPUT_CHARS);
  }
}
