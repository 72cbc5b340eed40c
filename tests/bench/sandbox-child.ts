import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import type { DemoTokens } from '../../electron/sandbox/demo-kit.js';
import { reapOnExit } from '../support/reaper.js';

const SCRIPT = fileURLToPath(new URL('./sandbox-process.ts', import.meta.url));

export interface SandboxChild {
  /** The child's process id. */
  pid: number;
  settings: Record<string, unknown>;
  tokens: DemoTokens;
  extraTokens: string[];
  stop(): Promise<void>;
}

/**
 * Starts `sandbox-process.ts` under tsx for one provider kind. The child is killed when the bench ends
 * however it ends (a failed bench, Ctrl-C), never left syncing in the background.
 */
export async function startSandboxChild(
  kind: string,
  extraTickets: number,
  readyTimeoutMs = 120_000,
): Promise<SandboxChild> {
  const child = reapOnExit(
    spawn(process.execPath, ['--import', 'tsx', SCRIPT, kind, String(extraTickets)], {
      stdio: ['ignore', 'pipe', 'inherit'],
    }),
  );
  const started = await new Promise<Omit<SandboxChild, 'stop'>>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`sandbox ${kind} not ready in ${readyTimeoutMs} ms`));
    }, readyTimeoutMs);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`sandbox ${kind} exited (${code})`));
    });
    createInterface({ input: child.stdout }).on('line', (line) => {
      if (!line.startsWith('SANDBOX_READY ')) return;
      clearTimeout(timer);
      resolve(JSON.parse(line.slice('SANDBOX_READY '.length)));
    });
  });
  return {
    ...started,
    pid: child.pid!,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}
