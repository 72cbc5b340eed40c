import type { ChildProcess } from 'node:child_process';
import { rmSync } from 'node:fs';

/**
 * Clean-up for every harness (tests, benches, the chaos suite): child processes it starts, temporary
 * directories it creates and other undo steps (unmounting a tmpfs) are registered here and undone when
 * the harness ends — normally, by an uncaught failure, or by SIGINT/SIGTERM/SIGHUP — so a failed or
 * interrupted run never leaves a web shell syncing in the background or data dirs in /tmp. (A runner
 * killed with SIGKILL cannot clean up; nothing can.) Each harness still cleans up after itself on the
 * normal path; this is the net under it.
 */
const children = new Set<ChildProcess>();
const dirs = new Set<string>();
const undo = new Set<() => void>();
let hooked = false;

/** Kills `child` (SIGKILL) when this process ends, unless it has exited by then. */
export function reapOnExit<C extends ChildProcess>(child: C): C {
  hook();
  children.add(child);
  child.once('exit', () => children.delete(child));
  return child;
}

/** Removes `dir` (recursively) when this process ends; `forget` once the harness removed it itself. */
export function removeOnExit(dir: string): { forget(): void } {
  hook();
  dirs.add(dir);
  return { forget: () => void dirs.delete(dir) };
}

/** Runs `step` (synchronously) when this process ends; returns a function that cancels it. */
export function undoOnExit(step: () => void): () => void {
  hook();
  undo.add(step);
  return () => void undo.delete(step);
}

/** Runs everything registered now (also what the exit and signal hooks call). */
export function reapAll(): void {
  for (const child of children) {
    try {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    } catch {
      // Already gone.
    }
  }
  children.clear();
  for (const step of undo) {
    try {
      step();
    } catch {
      // Best effort: the next step may still work.
    }
  }
  undo.clear();
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  dirs.clear();
}

function hook(): void {
  if (hooked) return;
  hooked = true;
  process.once('exit', reapAll);
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    process.once(signal, () => {
      reapAll();
      // Our listener is gone now: the signal's default action (terminate) follows.
      process.kill(process.pid, signal);
    });
  }
}
