import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import type { DemoTokens } from '../../electron/sandbox/demo-kit.js';
import { reapOnExit } from '../support/reaper.js';
import { CONTROL_TOKEN_HEADER } from '../../electron/sandbox/common/control-guard.js';

const SCRIPT = fileURLToPath(new URL('./sandbox-process.ts', import.meta.url));

export interface SandboxChild {
  /** The child's process id. */
  pid: number;
  url: string;
  controlToken: string;
  settings: Record<string, unknown>;
  tokens: DemoTokens;
  extraTokens: string[];
  /** The sandbox's counters (`GET /__sandbox/state`, with its control token). */
  state(): Promise<Record<string, unknown>>;
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
  const started = await new Promise<Omit<SandboxChild, 'stop' | 'state' | 'pid'>>((resolve, reject) => {
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
    async state() {
      const res = await fetch(`${started.url}/__sandbox/state`, {
        headers: { [CONTROL_TOKEN_HEADER]: started.controlToken },
      });
      if (!res.ok) throw new Error(`sandbox state: HTTP ${res.status}`);
      return (await res.json()) as Record<string, unknown>;
    },
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}
