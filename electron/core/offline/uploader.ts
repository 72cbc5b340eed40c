import { EventEmitter } from 'node:events';
import { setImmediate as nextTurn } from 'node:timers/promises';
import type { OfflineScanRecord, TicketCheckProvider, UploadResult } from '../providers/provider.js';
import type { QueueCounts, UploadQueue } from './upload-queue.js';
import { withTimeLimit } from '../timeout-signal.js';

/** Structural subset of a pino logger, so tests can pass a stub. */
export interface UploaderLogger {
  debug(fields: Record<string, unknown>, msg: string): void;
  warn(fields: Record<string, unknown>, msg: string): void;
}

export interface BackoffOptions {
  baseMs: number;
  maxMs: number;
}

export interface UploaderOptions {
  queue: UploadQueue;
  provider: TicketCheckProvider;
  logger?: UploaderLogger;
  /** Epoch ms; stamps acks and back-off times. Default `Date.now`. */
  now?: () => number;
  /** [0, 1); the back-off jitter. Default `Math.random`. */
  random?: () => number;
  /** Back-off after a failed upload: `random() * min(maxMs, baseMs * 2^failures)`. Default 1 s / 5 min. */
  backoff?: BackoffOptions;
  /** Most scans per `uploadOffline` call; also capped by the provider's `maxUploadBatch`. Default 100. */
  batchSize?: number;
  /** Budget of one `uploadOffline` call; past it the call counts as failed. Default 30 s. */
  requestTimeoutMs?: number;
  /** With nothing due, how often the background loop looks for new scans. Default 5 s. */
  idleIntervalMs?: number;
  /** Longest hold a scan is given at enqueue (late-answer window + margin). Default 61 s, the most allowed. */
  maxHoldMs?: number;
}

export type UploaderProgress = QueueCounts;

export interface UploaderRetry {
  /** Consecutive failed uploads, this one included. */
  failures: number;
  delayMs: number;
  scans: number;
  error: string;
}

export interface DrainResult {
  /** `uploadOffline` calls made. */
  uploads: number;
  acked: number;
  dead: number;
  /** The drain stopped on a failed upload (the scans are backing off). */
  failed: boolean;
}

interface UploaderEvents {
  progress: [UploaderProgress];
  retry: [UploaderRetry];
}

const DEFAULT_BACKOFF: BackoffOptions = { baseMs: 1_000, maxMs: 300_000 };

/**
 * Drains the upload queue to the provider in the background: oldest first, one batch per call, acks and
 * dead letters recorded per batch, exponential back-off with full jitter after a failure. Everything is
 * async and batch-sized, so it never holds the event loop a patron's decision is waiting on.
 */
export class Uploader extends EventEmitter<UploaderEvents> {
  private readonly queue: UploadQueue;
  private readonly provider: TicketCheckProvider;
  private readonly upload: (batch: OfflineScanRecord[], signal: AbortSignal) => Promise<UploadResult>;
  private readonly logger: UploaderLogger | undefined;
  private readonly now: () => number;
  private readonly random: () => number;
  private readonly backoff: BackoffOptions;
  private readonly batchSize: number;
  private readonly requestTimeoutMs: number;
  private readonly idleIntervalMs: number;
  private readonly maxHoldMs: number;
  /** Failed uploads in a row; sizes the next back-off, reset by any success. */
  private failures = 0;
  private current: Promise<DrainResult> | undefined;
  private started = false;
  private online = true;
  /** A kick arrived during a drain: drain again as soon as it ends. */
  private again = false;
  private timer: NodeJS.Timeout | undefined;
  /** Aborted by `stop`: ends any drain and the upload in flight. */
  private lifetime = new AbortController();

  constructor(opts: UploaderOptions) {
    super();
    const { provider } = opts;
    if (typeof provider.uploadOffline !== 'function') {
      throw new TypeError(`provider ${provider.name} cannot upload offline scans`);
    }
    this.upload = provider.uploadOffline.bind(provider);
    this.queue = opts.queue;
    this.provider = provider;
    this.logger = opts.logger;
    this.now = opts.now ?? Date.now;
    this.random = opts.random ?? Math.random;
    this.backoff = opts.backoff ?? DEFAULT_BACKOFF;
    this.batchSize = Math.max(1, Math.min(provider.maxUploadBatch ?? 100, opts.batchSize ?? 100));
    this.requestTimeoutMs = opts.requestTimeoutMs ?? 30_000;
    this.idleIntervalMs = opts.idleIntervalMs ?? 5_000;
    this.maxHoldMs = opts.maxHoldMs ?? 61_000;
  }

  /**
   * Uploads batches while due scans remain; stops at the first failed upload (those scans back off), when
   * `signal` aborts, or when set offline. Never throws for an upload failure. A call made while a drain is
   * running joins that drain instead of starting a second one.
   */
  drainOnce(signal?: AbortSignal): Promise<DrainResult> {
    if (!this.current) {
      const lifetime = this.lifetime.signal;
      this.current = this.drain(signal ? AbortSignal.any([signal, lifetime]) : lifetime).finally(() => {
        this.current = undefined;
      });
      // Whoever started it, the background loop (when started) continues from the end of every drain.
      // Only the queue (SQLite: a full disk, say) or a progress listener can throw here, in the drain or
      // after it; either way keep the loop alive (an unhandled rejection would end the process).
      this.current
        .then(() => this.afterDrain())
        .catch((err: unknown) => {
          this.logger?.warn({ error: errorText(err) }, 'offline upload drain failed');
          this.schedule(this.idleIntervalMs);
        });
    }
    return this.current;
  }

  /** Starts the background loop: a drain now, then whenever something is due (or `kick` is called). */
  start(): void {
    if (this.started) return;
    this.started = true;
    this.kick();
  }

  /** Drains now (new scans queued, connectivity back). During a drain, another follows it at once. */
  kick(): void {
    if (!this.started || !this.online) return;
    if (this.current) {
      this.again = true;
      return;
    }
    this.clearTimer();
    void this.drainOnce();
  }

  /**
   * Offline pauses the loop (a running drain stops after its current batch). Back online, the back-off
   * sized for the outage is dropped and a drain starts at once.
   */
  setOnline(online: boolean): void {
    if (online === this.online) return;
    this.online = online;
    if (!online) {
      this.clearTimer();
      return;
    }
    this.failures = 0;
    this.queue.makeDue(this.provider.name, this.now());
    this.kick();
  }

  /** Stops the loop, aborts an upload in flight (its scans stay pending) and waits for the drain to end. */
  async stop(): Promise<void> {
    this.started = false;
    this.again = false;
    this.clearTimer();
    // A fresh controller, so drainOnce and start work again after a stop.
    const lifetime = this.lifetime;
    this.lifetime = new AbortController();
    lifetime.abort(new Error('uploader stopped'));
    await this.current?.catch(() => undefined);
  }

  private async drain(signal: AbortSignal): Promise<DrainResult> {
    const result: DrainResult = { uploads: 0, acked: 0, dead: 0, failed: false };
    const name = this.provider.name;
    // Counted once per drain: counting acked rows walks the whole history, too slow to repeat per batch.
    let before: QueueCounts | undefined;
    // A wait longer than any back-off or hold means the clock went back: due again soon, not in an hour.
    this.queue.clampWaits(name, this.now(), { maxBackoffMs: this.backoff.maxMs, maxHoldMs: this.maxHoldMs });
    while (!signal.aborted && this.online) {
      const batch = this.queue.nextBatch(name, this.batchSize, this.now());
      if (batch.length === 0) break;
      before ??= this.queue.counts(name);
      result.uploads += 1;
      let answer: UploadResult;
      try {
        answer = await withTimeLimit(signal, this.requestTimeoutMs, (limited) => this.upload(batch, limited));
      } catch (err) {
        // Stopped by our owner: the reply may or may not have come, so the scans simply stay pending.
        if (signal.aborted) break;
        this.retryLater(batch, errorText(err));
        result.failed = true;
        break;
      }
      const counted = this.record(batch, answer);
      result.acked += counted.acked;
      result.dead += counted.dead;
      if (counted.unanswered > 0) {
        result.failed = true;
        break;
      }
      this.failures = 0;
      this.emit('progress', {
        pending: this.queue.pendingCount(name),
        acked: before.acked + result.acked,
        dead: before.dead + result.dead,
      });
      // The upload's await already yielded; this also covers a provider that answers synchronously.
      await nextTurn();
    }
    if (result.uploads > 0) this.logger?.debug({ provider: name, ...result }, 'offline upload drain');
    return result;
  }

  /** Records one answer. Scans the server named neither way were not acknowledged: they retry. */
  private record(batch: OfflineScanRecord[], answer: UploadResult) {
    const inBatch = new Set(batch.map((r) => r.scanId));
    const accepted = answer.accepted.filter((id) => inBatch.has(id));
    const rejected = answer.rejected.filter((r) => inBatch.has(r.scanId));
    this.queue.markAcked(accepted, this.now());
    this.queue.markDead(rejected);
    const answered = new Set([...accepted, ...rejected.map((r) => r.scanId)]);
    const unanswered = batch.filter((r) => !answered.has(r.scanId));
    // Deferred by the provider (no event list yet, no session) or simply not named by the server: either
    // way the scans stay pending and retry; the reason staff see is the provider's when it gave one.
    const deferred = (answer.deferred ?? []).find((d) => inBatch.has(d.scanId) && !answered.has(d.scanId));
    if (unanswered.length > 0)
      this.retryLater(
        unanswered,
        deferred ? `not sent yet: ${deferred.reason}` : 'not acknowledged by the server',
      );
    return { acked: accepted.length, dead: rejected.length, unanswered: unanswered.length };
  }

  private retryLater(records: OfflineScanRecord[], error: string): void {
    const { baseMs, maxMs } = this.backoff;
    const delayMs = Math.floor(this.random() * Math.min(maxMs, baseMs * 2 ** this.failures));
    this.failures += 1;
    this.queue.markRetry(
      records.map((r) => r.scanId),
      error,
      this.now() + delayMs,
    );
    this.logger?.warn(
      { provider: this.provider.name, scans: records.length, failures: this.failures, delayMs, error },
      'offline upload failed; backing off',
    );
    this.emit('retry', { failures: this.failures, delayMs, scans: records.length, error });
  }

  private afterDrain(): void {
    if (!this.started || !this.online) return;
    if (this.again) {
      this.again = false;
      this.kick();
      return;
    }
    const dueAt = this.queue.nextDueAt(this.provider.name);
    const wait = dueAt === undefined ? this.idleIntervalMs : Math.max(0, dueAt - this.now());
    // Never sleep past the idle interval: scans queued meanwhile get picked up even without a kick.
    this.schedule(Math.min(wait, this.idleIntervalMs));
  }

  private schedule(ms: number): void {
    if (!this.started || !this.online) return;
    this.clearTimer();
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.kick();
    }, ms);
    // A pending upload must not keep a closing process alive.
    this.timer.unref();
  }

  private clearTimer(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
  }
}

function errorText(err: unknown): string {
  return err instanceof Error ? `${err.name}: ${err.message}` : String(err);
}
