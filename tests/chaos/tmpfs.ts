import { execFileSync } from 'node:child_process';
import { closeSync, mkdirSync, openSync, rmSync, statfsSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { undoOnExit } from '../support/reaper.js';

/** A case that cannot run on this machine, with the reason (reported, never silently skipped). */
export class NotRunnable extends Error {
  override name = 'NotRunnable';
}

/**
 * A small tmpfs mounted for one case: a real file system that really fills up (ENOSPC, SQLITE_FULL) and
 * really turns read-only (EROFS). Mounting needs root (CAP_SYS_ADMIN); without it the case is reported as
 * not run with this reason. Unmounted by `unmount()`, or when the runner exits, however it exits.
 */
export class Tmpfs {
  private readonly cancelUndo: () => void;
  private mounted = true;

  private constructor(readonly dir: string) {
    this.cancelUndo = undoOnExit(() => this.unmountSync());
  }

  static mount(dir: string, sizeBytes: number): Tmpfs {
    mkdirSync(dir, { recursive: true });
    try {
      execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${sizeBytes}`, 'tmpfs', dir], { stdio: 'pipe' });
    } catch (err) {
      const detail = (err as { stderr?: Buffer }).stderr?.toString().trim() || (err as Error).message;
      throw new NotRunnable(
        `needs a small tmpfs, and mounting one failed (${detail}); run as root (CI does) to include it`,
      );
    }
    return new Tmpfs(dir);
  }

  /** Free bytes left for files. */
  free(): number {
    const fs = statfsSync(this.dir);
    return fs.bavail * fs.bsize;
  }

  /** Fills the file system until at most `leaveBytes` remain (0: until ENOSPC). Returns the filler's path. */
  fill(leaveBytes = 0, name = 'filler'): string {
    const path = join(this.dir, name);
    const fd = openSync(path, 'a');
    const chunk = Buffer.alloc(256 * 1024, 0x5a);
    try {
      for (;;) {
        const room = this.free() - leaveBytes;
        if (room <= 0) break;
        writeSync(fd, chunk, 0, Math.min(chunk.length, room));
      }
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOSPC') throw err;
    } finally {
      closeSync(fd);
    }
    return path;
  }

  /** Frees what `fill` took. */
  unfill(name = 'filler'): void {
    rmSync(join(this.dir, name), { force: true });
  }

  remount(mode: 'ro' | 'rw'): void {
    execFileSync('mount', ['-o', `remount,${mode}`, this.dir], { stdio: 'pipe' });
  }

  unmount(): void {
    this.unmountSync();
    this.cancelUndo();
  }

  private unmountSync(): void {
    if (!this.mounted) return;
    this.mounted = false;
    try {
      execFileSync('umount', ['-l', this.dir], { stdio: 'pipe' });
    } catch {
      // Already gone.
    }
    rmSync(this.dir, { recursive: true, force: true });
  }
}
