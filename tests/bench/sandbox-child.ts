import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import type { DemoTokens } from '../../electron/sandbox/demo-kit.js';
import { CONTROL_TOKEN_HEADER } from '../../electron/sandbox/common/control-guard.js';

const SCRIPT = fileURLToPath(new URL('./sandbox-process.ts', import.meta.url));

export interface SandboxChild {
  url: string;
  controlToken: string;
  settings: Record<string, unknown>;
  tokens: DemoTokens;
  extraTokens: string[];
  /** The sandbox's counters (`GET /__sandbox/state`, with its control token). */
  state(): Promise<Record<string, unknown>>;
  stop(): Promise<void>;
}

/** Starts `sandbox-process.ts` under tsx for one provider kind. */
export async function startSandboxChild(kind: string, extraTickets: number): Promise<SandboxChild> {
  const child = spawn(process.execPath, ['--import', 'tsx', SCRIPT, kind, String(extraTickets)], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const started = await new Promise<Omit<SandboxChild, 'stop' | 'state'>>((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`sandbox ${kind} exited (${code})`)));
    createInterface({ input: child.stdout }).on('line', (line) => {
      if (line.startsWith('SANDBOX_READY ')) resolve(JSON.parse(line.slice('SANDBOX_READY '.length)));
    });
  });
  return {
    ...started,
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
