/**
 * Issue 7, item 8: a harness that fails or is stopped leaves no process and no data dir behind. A harness
 * runs in a child (harness-child.ts) and starts what the real harnesses start — a web shell, a sandbox
 * child, an e2e kiosk with its data dir — through the same helpers; then it is sent SIGTERM or SIGINT,
 * or fails with an uncaught error, and everything it started must be gone.
 */
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { createInterface } from 'node:readline';
import { describe, expect, it } from 'vitest';
import { reapOnExit } from '../support/reaper.js';

const HARNESS = fileURLToPath(new URL('./support/harness-child.ts', import.meta.url));

/** Gone: no such process, or a zombie (killed; its parent died before reaping it). */
function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2)[0] !== 'Z';
  } catch {
    return false;
  }
}

async function runHarness(mode: 'wait' | 'fail', signal?: NodeJS.Signals) {
  const harness = reapOnExit(
    spawn(process.execPath, ['--import', 'tsx', HARNESS, mode], { stdio: ['pipe', 'pipe', 'pipe'] }),
  );
  let stderr = '';
  harness.stderr.on('data', (d: Buffer) => (stderr = (stderr + d.toString()).slice(-8000)));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    harness.once('exit', (code, sig) => resolve({ code, signal: sig })),
  );
  const started = await new Promise<{ pids: number[]; dirs: string[] }>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`harness did not start its children:\n${stderr}`)),
      45_000,
    );
    void exited.then(() => {
      clearTimeout(timer);
      reject(new Error(`harness exited before reporting its children:\n${stderr}`));
    });
    createInterface({ input: harness.stdout }).on('line', (line) => {
      if (!line.startsWith('HARNESS_CHILDREN ')) return;
      clearTimeout(timer);
      resolve(JSON.parse(line.slice('HARNESS_CHILDREN '.length)));
    });
  });
  expect(started.pids).toHaveLength(3);
  expect(started.pids.every(alive)).toBe(true);
  expect(started.dirs.every((d) => existsSync(d))).toBe(true);
  if (signal) harness.kill(signal);
  else harness.stdin.write('fail now\n');
  const exit = await exited;
  await expect.poll(() => started.pids.filter(alive), { timeout: 5000 }).toEqual([]);
  expect(started.dirs.filter((d) => existsSync(d))).toEqual([]);
  return exit;
}

describe('harness clean-up (issue 7, item 8)', () => {
  it('SIGTERM to the harness: its web shells and sandbox child are killed, its data dirs removed', async () => {
    const exit = await runHarness('wait', 'SIGTERM');
    expect(exit.signal).toBe('SIGTERM');
  }, 60_000);

  it('SIGINT (Ctrl-C) to the harness: the same', async () => {
    const exit = await runHarness('wait', 'SIGINT');
    expect(exit.signal).toBe('SIGINT');
  }, 60_000);

  it('a harness that fails part-way leaves nothing running', async () => {
    const exit = await runHarness('fail');
    expect(exit.code).not.toBe(0);
  }, 60_000);
});
