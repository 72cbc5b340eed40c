import type { Db } from './database.js';

export interface CheckpointerOptions {
  /** How often to consider a checkpoint. */
  intervalMs?: number;
  /** Quiet time (no scan) before an idle checkpoint. */
  idleMs?: number;
  /** Longest time without any checkpoint, busy or not, so the WAL cannot grow without bound. */
  maxDeferMs?: number;
  now?: () => number;
  /** A checkpoint failed (disk full: the database file cannot grow); the WAL keeps the data meanwhile. */
  onError?: (err: unknown) => void;
}

/**
 * Moves WAL checkpoints off the scan path: when the kiosk has been quiet for `idleMs` it checkpoints
 * and rewinds the WAL (RESTART keeps the file allocated: overwriting is cheaper than growing, see
 * preallocateWal); in a long rush it still checkpoints (PASSIVE, never blocking writers) every
 * `maxDeferMs`.
 */
export class JournalCheckpointer {
  private lastActivity = 0;
  private lastCheckpoint: number;
  private readonly timer: NodeJS.Timeout;
  private readonly now: () => number;

  constructor(
    private readonly db: Db,
    private readonly opts: CheckpointerOptions = {},
  ) {
    // Durations only: the monotonic clock, so a stepped wall clock cannot postpone checkpoints.
    this.now = opts.now ?? (() => performance.now());
    this.lastCheckpoint = this.now();
    const idleMs = opts.idleMs ?? 1000;
    const maxDeferMs = opts.maxDeferMs ?? 60_000;
    this.timer = setInterval(() => this.safeTick(idleMs, maxDeferMs), opts.intervalMs ?? 2000);
    this.timer.unref();
  }

  /** A throw inside a timer would take the process down; a failed checkpoint only waits for the next. */
  private safeTick(idleMs: number, maxDeferMs: number): void {
    try {
      this.tick(idleMs, maxDeferMs);
    } catch (err) {
      this.opts.onError?.(err);
    }
  }

  /** Call on every scan. */
  touch(): void {
    this.lastActivity = this.now();
  }

  /** Returns which checkpoint ran, if any (for tests and logs). */
  tick(idleMs: number, maxDeferMs: number): 'idle' | 'forced' | undefined {
    const now = this.now();
    // The wall clock went back (NTP step, a tech setting the date): restart the count from now, or no
    // checkpoint would run until the clock caught up again and the WAL would grow without bound.
    if (now < this.lastCheckpoint || now < this.lastActivity) {
      this.lastCheckpoint = now;
      this.lastActivity = Math.min(this.lastActivity, now);
    }
    if (now - this.lastActivity >= idleMs && this.lastActivity >= this.lastCheckpoint) {
      this.db.pragma('wal_checkpoint(RESTART)');
      this.lastCheckpoint = now;
      return 'idle';
    }
    if (now - this.lastCheckpoint >= maxDeferMs) {
      this.db.pragma('wal_checkpoint(PASSIVE)');
      this.lastCheckpoint = now;
      return 'forced';
    }
    return undefined;
  }

  stop(): void {
    clearInterval(this.timer);
  }
}
