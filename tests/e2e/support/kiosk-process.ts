import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createInterface } from 'node:readline';
import Database from 'better-sqlite3';
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
  /** Journal rows, read through a separate read-only connection (as an admin tool would). */
  journal(): Record<string, unknown>[];
  /** Stops the kiosk and removes its data dir (read the journal before). */
  stop(): Promise<void>;
}

/**
 * Starts the built web shell as a child process with a fresh data dir and the given config, and waits for
 * its named readiness line (`GATEPOST_READY <url>`), never a sleep. `stop()` removes the data dir; if the
 * run fails or is interrupted first, the process and the dir go when the harness exits (reaper.ts).
 */
export async function launchKiosk(
  config: Record<string, unknown> | undefined,
  opts: { dataDir?: string } = {},
): Promise<KioskProcess> {
  const ownDir = opts.dataDir === undefined;
  const dataDir = opts.dataDir ?? mkdtempSync(join(tmpdir(), 'gatepost-e2e-'));
  const dirCleanup = ownDir ? removeOnExit(dataDir) : undefined;
  if (config) writeFileSync(join(dataDir, 'config.json'), JSON.stringify(config, null, 2));
  const child: ChildProcessWithoutNullStreams = reapOnExit(
    spawn(process.execPath, [WEB_SHELL_ENTRY, '--data-dir', dataDir, '--port', '0'], {
      stdio: 'pipe',
    }),
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
    pid: child.pid!,
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
    async stop() {
      if (child.exitCode === null && child.signalCode === null) {
        const exited = new Promise((r) => child.once('exit', r));
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
        await exited;
        clearTimeout(timer);
      }
      if (ownDir) {
        rmSync(dataDir, { recursive: true, force: true });
        dirCleanup?.forget();
      }
    },
  };
}
