import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { WEB_SHELL_ENTRY } from '../support/web-shell-process.js';

export interface ShellChild {
  child: ChildProcess;
  /** The GATEPOST_READY line's URL (with the token unless stdout is the journal). */
  readyUrl: string;
  output: () => string;
  exited: Promise<void>;
  kill9(): Promise<void>;
  stop(): Promise<void>;
}

/**
 * The built web shell with arbitrary arguments and environment (the shared helper in support/ covers the
 * plain case). Waits for its readiness line; kills the child if it does not come.
 */
export async function startShell(
  args: string[],
  env: NodeJS.ProcessEnv = {},
  stdout: 'pipe' | number = 'pipe',
  readyFrom?: () => string | undefined,
): Promise<ShellChild> {
  const child = spawn(process.execPath, [WEB_SHELL_ENTRY, ...args], {
    stdio: ['ignore', stdout, 'pipe'],
    env: { ...process.env, ...env },
  });
  let output = '';
  const keep = (t: string) => (output = (output + t).slice(-32_000));
  child.stderr!.on('data', (d: Buffer) => keep(d.toString()));
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  const readyUrl = await new Promise<string>((resolve, reject) => {
    const fail = (why: string) => {
      child.kill('SIGKILL');
      reject(new Error(`${why}:\n${output}`));
    };
    const timer = setTimeout(() => fail('web shell not ready in 15 s'), 15_000);
    void exited.then(() => fail('web shell exited before ready'));
    const found = (url: string) => {
      clearTimeout(timer);
      resolve(url);
    };
    if (child.stdout) {
      createInterface({ input: child.stdout }).on('line', (line) => {
        keep(`${line}\n`);
        const m = /^GATEPOST_READY (\S+)/.exec(line);
        if (m) found(m[1]!);
      });
    } else if (readyFrom) {
      const poll = setInterval(() => {
        const url = readyFrom();
        if (url) {
          clearInterval(poll);
          found(url);
        }
      }, 50);
      void exited.then(() => clearInterval(poll));
    }
  });
  const gone = () => child.exitCode !== null || child.signalCode !== null;
  return {
    child,
    readyUrl,
    output: () => output,
    exited,
    async kill9() {
      if (!gone()) child.kill('SIGKILL');
      await exited;
    },
    async stop() {
      if (gone()) return;
      child.kill('SIGTERM');
      const t = setTimeout(() => child.kill('SIGKILL'), 5000);
      await exited;
      clearTimeout(t);
    },
  };
}
