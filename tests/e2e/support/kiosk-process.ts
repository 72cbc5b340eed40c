import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createInterface } from 'node:readline';
import Database from 'better-sqlite3';

const ROOT = fileURLToPath(new URL('../../..', import.meta.url));
export const WEB_SHELL_ENTRY = join(ROOT, 'out/main/web-shell.js');

export interface KioskProcess {
  launchUrl: string;
  origin: string;
  dataDir: string;
  output: string[];
  /** Journal rows, read through a separate read-only connection (as an admin tool would). */
  journal(): Record<string, unknown>[];
  stop(): Promise<void>;
  /** `kill -9`: no shutdown code runs. */
  crash(): Promise<void>;
}

export interface LaunchOptions {
  /** Reuse a data dir (a restart); a fresh one by default. */
  dataDir?: string;
  /** A fixed port (a restart on the same address); any free port by default. */
  port?: number;
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
  if (config) writeFileSync(join(dataDir, 'config.json'), JSON.stringify(config, null, 2));
  const child: ChildProcessWithoutNullStreams = spawn(
    process.execPath,
    [WEB_SHELL_ENTRY, '--data-dir', dataDir, '--port', String(options.port ?? 0)],
    {
      stdio: 'pipe',
    },
  );
  const output: string[] = [];
  child.stderr.on('data', (d: Buffer) => output.push(d.toString()));
  const launchUrl = await new Promise<string>((resolveUrl, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`kiosk not ready in 15 s:\n${output.join('')}`));
    }, 15_000);
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
  return {
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
    async crash() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGKILL');
      await exited;
    },
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
      await exited;
      clearTimeout(timer);
    },
  };
}
