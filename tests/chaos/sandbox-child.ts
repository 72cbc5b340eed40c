import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { reapOnExit } from '../support/reaper.js';

const SCRIPT = fileURLToPath(new URL('./sandbox-host.ts', import.meta.url));

/** A provider's sandbox running in a child process (sandbox-host.ts), with the one query the suite needs. */
export class SandboxChild {
  private nextId = 1;
  private readonly waiting = new Map<number, (tokens: string[]) => void>();
  private readonly exited: Promise<void>;

  private constructor(
    private readonly child: ChildProcessWithoutNullStreams,
    readonly url: string,
    readonly settings: Record<string, unknown>,
    readonly extraTokens: string[],
    lines: ReturnType<typeof createInterface>,
  ) {
    this.exited = new Promise((resolve) => child.once('exit', () => resolve()));
    lines.on('line', (line) => {
      if (!line.startsWith('{')) return;
      const answer = JSON.parse(line) as { id: number; tokens: string[] };
      this.waiting.get(answer.id)?.(answer.tokens);
      this.waiting.delete(answer.id);
    });
  }

  static async start(kind: string, tickets: number, timeoutMs = 60_000): Promise<SandboxChild> {
    const child = reapOnExit(
      spawn(process.execPath, ['--import', 'tsx', SCRIPT, kind, String(tickets)], {
        stdio: ['pipe', 'pipe', 'pipe'],
      }),
    );
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr = (stderr + d.toString()).slice(-4000)));
    const lines = createInterface({ input: child.stdout });
    const ready = await new Promise<{
      url: string;
      settings: Record<string, unknown>;
      extraTokens: string[];
    }>((resolve, reject) => {
      const timer = setTimeout(() => {
        child.kill('SIGKILL');
        reject(new Error(`sandbox ${kind} not ready in ${timeoutMs} ms: ${stderr}`));
      }, timeoutMs);
      child.once('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`sandbox ${kind} exited (${code}): ${stderr}`));
      });
      const onLine = (line: string) => {
        if (!line.startsWith('SANDBOX_READY ')) return;
        clearTimeout(timer);
        lines.off('line', onLine);
        resolve(JSON.parse(line.slice('SANDBOX_READY '.length)));
      };
      lines.on('line', onLine);
    });
    return new SandboxChild(child, ready.url, ready.settings, ready.extraTokens, lines);
  }

  /** Tokens of the records the server holds from the kiosk's offline uploads. */
  uploads(timeoutMs = 10_000): Promise<string[]> {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiting.delete(id);
        reject(new Error('the sandbox did not answer'));
      }, timeoutMs);
      this.waiting.set(id, (tokens) => {
        clearTimeout(timer);
        resolve(tokens);
      });
      this.child.stdin.write(`${JSON.stringify({ id, op: 'uploads' })}\n`);
    });
  }

  async close(): Promise<void> {
    if (this.child.exitCode === null && this.child.signalCode === null) {
      this.child.stdin.end();
      const timer = setTimeout(() => this.child.kill('SIGKILL'), 3000);
      await this.exited;
      clearTimeout(timer);
    }
  }
}
