import { closeSync, mkdirSync, openSync, write, writeSync } from 'node:fs';
import { dirname } from 'node:path';

/** What staff see of the log file's health. */
export interface LogFileHealth {
  /** Lines dropped since start because the file could not be written (disk full, read-only, gone). */
  dropped: number;
  /** Set while writes fail: the error code (`ENOSPC`, `EROFS`…) and since when (epoch ms). */
  failing?: { code: string; since: number };
}

export interface LogFileOptions {
  /** Most bytes waiting for the disk; lines beyond it are dropped and counted. Default 1 MiB. */
  maxPendingBytes?: number;
  /** While writes fail, how often to try again. Default 2 s. */
  retryMs?: number;
  /** Epoch ms, for the health stamps. Default `Date.now`. */
  now?: () => number;
}

const open = new Set<LogFile>();
let exitHookInstalled = false;

/**
 * The log file as a pino destination that can never hang or crash the kiosk. pino's own file destination
 * (SonicBoom) emits an unhandled 'error' on ENOSPC, and its exit-time `flushSync` then retries the
 * failed write every 100 ms forever: a full disk froze the whole kiosk. Here a failed write drops lines
 * (counted, bounded memory), retries every `retryMs`, and on recovery writes one line saying how many were
 * lost; exit does one best-effort synchronous write and never loops. It is not an EventEmitter, so there
 * is no 'error' event to leave unhandled.
 */
export class LogFile {
  private fd: number | undefined;
  private pending: Buffer[] = [];
  private pendingBytes = 0;
  private writing = false;
  private dropped = 0;
  /** Dropped since the last successful write: reported in the recovery line. */
  private droppedUnreported = 0;
  private failing: { code: string; since: number } | undefined;
  private retryTimer: NodeJS.Timeout | undefined;
  private closed = false;
  private readonly maxPendingBytes: number;
  private readonly retryMs: number;
  private readonly now: () => number;

  constructor(
    readonly path: string,
    opts: LogFileOptions = {},
  ) {
    this.maxPendingBytes = opts.maxPendingBytes ?? 1024 * 1024;
    this.retryMs = opts.retryMs ?? 2000;
    this.now = opts.now ?? Date.now;
    open.add(this);
    installExitHook();
  }

  /** pino calls this with one serialised line. Never throws, never blocks. */
  write(line: string): boolean {
    if (this.closed) return true;
    const chunk = Buffer.from(line);
    if (this.failing || this.pendingBytes + chunk.length > this.maxPendingBytes) {
      this.drop(1);
      return true;
    }
    this.pending.push(chunk);
    this.pendingBytes += chunk.length;
    this.pump();
    return true;
  }

  health(): LogFileHealth {
    return { dropped: this.dropped, ...(this.failing && { failing: { ...this.failing } }) };
  }

  /**
   * One synchronous attempt to write what is pending (exit, tests); a failure drops it. Never loops. At
   * exit an asynchronous write may still be in flight: appends are atomic, so at worst two chunks swap.
   */
  flushSync(): void {
    if (this.pending.length === 0 || !this.ensureOpen()) return;
    const data = Buffer.concat(this.pending);
    this.pending = [];
    this.pendingBytes = 0;
    try {
      writeSync(this.fd!, data);
    } catch {
      this.drop(1);
    }
  }

  /** Writes what it can (once) and closes the file. */
  end(): void {
    if (this.closed) return;
    this.flushSync();
    this.closed = true;
    clearTimeout(this.retryTimer);
    open.delete(this);
    this.closeFd();
  }

  private closeFd(): void {
    if (this.fd === undefined || this.writing) return;
    try {
      closeSync(this.fd);
    } catch {
      // Closing a file whose disk went away: nothing left to do.
    }
    this.fd = undefined;
  }

  private drop(lines: number): void {
    this.dropped += lines;
    this.droppedUnreported += lines;
  }

  private ensureOpen(): boolean {
    if (this.fd !== undefined) return true;
    try {
      mkdirSync(dirname(this.path), { recursive: true });
      this.fd = openSync(this.path, 'a');
      return true;
    } catch (err) {
      this.fail(err);
      return false;
    }
  }

  private pump(): void {
    if (this.writing || this.failing || this.closed || this.pending.length === 0) return;
    if (!this.ensureOpen()) return;
    this.writing = true;
    const data = this.pending.length === 1 ? this.pending[0]! : Buffer.concat(this.pending);
    this.pending = [];
    this.pendingBytes = 0;
    this.writeOut(data);
  }

  /** Writes `data` fully (partial writes continue where they stopped) or fails over to dropping. */
  private writeOut(data: Buffer): void {
    write(this.fd!, data, 0, data.length, null, (err, written) => {
      if (err) {
        this.writing = false;
        // Whatever of this chunk did not reach the disk is lost; count it as one line at least.
        this.drop(Math.max(1, countLines(data)));
        this.fail(err);
        return;
      }
      if (written < data.length) return this.writeOut(data.subarray(written));
      this.writing = false;
      this.pump();
    });
  }

  private fail(err: unknown): void {
    const code = (err as NodeJS.ErrnoException).code ?? 'EIO';
    this.failing ??= { code, since: this.now() };
    // Reopened on the next attempt: the disk may come back remounted, or the file replaced.
    this.closeFd();
    this.droppedUnreported += this.pending.length;
    this.dropped += this.pending.length;
    this.pending = [];
    this.pendingBytes = 0;
    this.scheduleRetry();
  }

  private scheduleRetry(): void {
    if (this.closed || this.retryTimer) return;
    this.retryTimer = setTimeout(() => {
      this.retryTimer = undefined;
      this.retry();
    }, this.retryMs);
    // A log waiting for disk space must not keep a stopping process alive.
    this.retryTimer.unref();
  }

  /** Tries the note about the lost lines as the probe: when it lands, logging resumes. */
  private retry(): void {
    if (this.closed) return;
    if (!this.ensureOpen()) return;
    const failed = this.failing;
    const note = Buffer.from(
      JSON.stringify({
        level: 40,
        time: this.now(),
        app: 'gatepost',
        dropped: this.droppedUnreported,
        error: failed?.code,
        msg: 'log lines dropped while the log file could not be written',
      }) + '\n',
    );
    this.writing = true;
    write(this.fd!, note, 0, note.length, null, (err, written) => {
      this.writing = false;
      if (err || written < note.length) {
        // A partial note is harmless (the next line starts fresh after a newline we may not have
        // written); keep failing and try again later, on a freshly opened file.
        this.closeFd();
        this.scheduleRetry();
        return;
      }
      this.failing = undefined;
      this.droppedUnreported = 0;
      this.pump();
    });
  }
}

function countLines(data: Buffer): number {
  let n = 0;
  for (const byte of data) if (byte === 0x0a) n += 1;
  return n;
}

function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.on('exit', () => {
    for (const file of open) file.flushSync();
  });
}
