import type { AdminStatus } from '../../common/contract.js';
import type { KioskConfig } from '../config/kiosk-config.js';
import type { ConnectivityState } from '../decision/fallback-checker.js';
import type { Logger } from '../logger.js';
import type { TicketCheckProvider } from '../providers/provider.js';
import { tokenHint } from '../scan/normalise.js';
import type { ReferenceStore } from './reference-store.js';
import type { UploadQueue } from './upload-queue.js';
import { Uploader, type UploaderRetry } from './uploader.js';
import { withTimeLimit } from '../timeout-signal.js';

export type UploadState = AdminStatus['upload'];

/**
 * The background half of offline mode: reference data synced while online (for the local check
 * provider), and the uploader that drains the upload queue to the provider. It follows connectivity (the
 * fallback checker owns that) and uploads only once the provider is configured (has its session, event
 * list and device id): a kiosk rebooted during an outage must not upload with half of what it needs.
 */
export class OfflineMode {
  private readonly uploader: Uploader | undefined;
  private syncTimer: NodeJS.Timeout | undefined;
  private readonly lifetime = new AbortController();
  private configured = false;
  private started = false;
  private online = true;
  private lastRetry: UploaderRetry | undefined;
  private readonly syncListeners = new Set<() => void>();
  private lastRetryAt = 0;

  constructor(
    private readonly deps: {
      provider: TicketCheckProvider;
      store: ReferenceStore;
      queue: UploadQueue;
      config: KioskConfig;
      logger: Logger;
      now: () => number;
    },
  ) {
    const { provider, queue, config, logger, now } = deps;
    this.uploader = provider.uploadOffline
      ? new Uploader({
          queue,
          provider,
          logger,
          now,
          backoff: { baseMs: config.offline.uploadBackoffBaseMs, maxMs: config.offline.uploadBackoffMaxMs },
          // The recorder holds a timed-out scan for the late-answer window plus 1 s (scan-recorder.ts).
          maxHoldMs: config.offline.lateAnswerWindowMs + 1000,
        })
      : undefined;
    this.uploader?.setOnline(false);
    this.uploader?.on('retry', (retry) => {
      this.lastRetry = retry;
      this.lastRetryAt = now();
    });
    this.uploader?.on('progress', () => {
      this.lastRetry = undefined;
    });
  }

  /** Local data exists to decide on (a kiosk may then start offline when the API is down at boot). */
  get hasReference(): boolean {
    return this.deps.store.syncedAt(this.deps.provider.name) !== undefined;
  }

  /** Starts the reference sync loop (the uploader waits for `providerConfigured`). */
  start(): void {
    this.started = true;
    this.uploader?.start();
    void this.syncReference();
    this.syncTimer = setInterval(() => {
      if (this.online) void this.syncReference();
    }, this.deps.config.offline.syncIntervalMs);
    this.syncTimer.unref();
  }

  /** The provider has its session: uploads may go out whenever the API is reachable. */
  providerConfigured(): void {
    if (this.configured) return;
    this.configured = true;
    this.updateUploader();
    // Started offline earlier (its sync failed then): now that the session is open, sync at once.
    if (this.started) void this.syncReference();
  }

  /** Follows the fallback checker's connectivity. */
  connectivityChanged(state: ConnectivityState): void {
    this.online = state.mode === 'online';
    this.updateUploader();
    if (this.online && this.configured) void this.syncReference();
  }

  /** The technician's "upload now": due at once (back-off skipped) and a drain started. */
  uploadNow(): 'started' | 'offline' | 'not-supported' | 'waiting-for-provider' {
    if (!this.uploader) return 'not-supported';
    if (!this.configured) return 'waiting-for-provider';
    if (!this.online) return 'offline';
    this.deps.queue.makeDue(this.deps.provider.name, this.deps.now());
    this.uploader.kick();
    return 'started';
  }

  /** Called after every successful reference sync (new events, NFC keys). Returns the unsubscribe. */
  onReferenceSynced(listener: () => void): () => void {
    this.syncListeners.add(listener);
    return () => void this.syncListeners.delete(listener);
  }

  pendingUploads(): number {
    return this.deps.queue.pendingCount(this.deps.provider.name);
  }

  async stop(): Promise<void> {
    this.lifetime.abort();
    clearInterval(this.syncTimer);
    await this.uploader?.stop();
  }

  async syncReference(): Promise<void> {
    const { provider, store, logger, now } = this.deps;
    if (!provider.syncReference) return;
    try {
      // The time limit covers the store too: a provider streaming its list (ticketChunks) fetches pages
      // while the store writes them, chunk by chunk, never holding the event loop for long.
      await withTimeLimit(this.lifetime.signal, 120_000, async (signal) => {
        const data = await provider.syncReference!(signal);
        const tickets = await store.sync(provider.name, data, now());
        for (const listener of this.syncListeners) listener();
        logger.info({ events: data.events.length, tickets }, 'reference data synced');
      });
    } catch (err) {
      logger.warn({ err: (err as Error).message }, 'reference sync failed');
    }
  }

  adminStatus(): Pick<
    AdminStatus,
    | 'pendingUploads'
    | 'uploaded'
    | 'deadLetters'
    | 'referenceSyncedAt'
    | 'eventsCached'
    | 'ticketsCached'
    | 'upload'
  > {
    const { provider, store, queue } = this.deps;
    const counts = queue.counts(provider.name);
    const cached = store.counts(provider.name);
    const syncedAt = store.syncedAt(provider.name);
    return {
      pendingUploads: counts.pending,
      uploaded: counts.acked,
      deadLetters: queue.deadLetters(50).map((d) => ({
        scanId: d.scanId,
        tokenHint: tokenHint(d.record.token),
        reason: d.reason.slice(0, 200),
      })),
      ...(syncedAt !== undefined && { referenceSyncedAt: syncedAt }),
      eventsCached: cached.events,
      ticketsCached: cached.tickets,
      upload: this.uploadState(counts.pending),
    };
  }

  private uploadState(pending: number): UploadState {
    if (!this.uploader) return { state: 'not-supported', failures: 0 };
    const retry = this.lastRetry;
    const failing = retry && {
      failures: retry.failures,
      lastError: retry.error.slice(0, 200),
      nextAttemptAt: this.lastRetryAt + retry.delayMs,
    };
    if (pending === 0) return { state: 'idle', failures: 0 };
    if (!this.configured) return { state: 'waiting-for-provider', failures: 0, ...failing };
    if (!this.online) return { state: 'offline', failures: 0, ...failing };
    return failing ? { state: 'backing-off', ...failing } : { state: 'uploading', failures: 0 };
  }

  private updateUploader(): void {
    const ready = this.configured && this.online;
    this.uploader?.setOnline(ready);
    if (ready) this.uploader?.kick();
  }
}
