import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

const SCRIPT = fileURLToPath(new URL('./sandbox-process.ts', import.meta.url));

/** Starts `sandbox-process.ts` under tsx and resolves with its URL and a stop function. */
export async function startSandboxChild(
  apiKey: string,
  tickets: number,
): Promise<{ url: string; stop(): Promise<void> }> {
  const child = spawn(process.execPath, ['--import', 'tsx', SCRIPT, apiKey, String(tickets)], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const url = await new Promise<string>((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`sandbox exited (${code})`)));
    createInterface({ input: child.stdout }).on('line', (line) => {
      const m = /^SANDBOX_READY (\S+)/.exec(line);
      if (m) resolve(m[1]!);
    });
  });
  return {
    url,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}
