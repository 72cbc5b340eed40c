/**
 * Open/close state machine shared by every driver. One loop owns the device: it opens, runs the driver's
 * `onOpened` step (scan enable, relay off), waits for an unplug, then reopens with back-off. Nothing else
 * opens or closes the device, so opens and closes never overlap.
 *
 *   stopped ──start──▶ connecting ──ok──▶ open ──lost──▶ waiting ──timer──▶ connecting …
 *                          │ fail                                  ▲
 *                          └───────────────▶ waiting ──────────────┘      any ──stop──▶ stopped
 */
export type LinkState = 'stopped' | 'connecting' | 'open' | 'waiting';

/** What the keeper drives: any transport with open/close and an unplug notification. */
export interface Connectable {
  open(): Promise<void>;
  close(): Promise<void>;
  onClose(listener: (error?: Error) => void): () => void;
}

export interface BackoffOptions {
  /** First retry delay; doubles per failure up to `maxMs`. */
  baseMs: number;
  maxMs: number;
}

/** Replug is seen within 2 s: the longest wait between attempts stays at 1 s. */
export const DEFAULT_BACKOFF: BackoffOptions = { baseMs: 100, maxMs: 1000 };

export interface KeeperOptions {
  backoff?: BackoffOptions;
  /** Runs after each successful open, before the state becomes `open`; a throw closes and retries. */
  onOpened?: () => Promise<void>;
  /** Runs before a requested close (the relay's last "all off"). Errors are reported, not thrown. */
  beforeClose?: () => Promise<void>;
  /** Jitter source, injectable for tests (0 … 1). */
  random?: () => number;
}

export interface LinkEvent {
  state: LinkState;
  /** Why the link is waiting: the open error or the unplug. */
  error?: Error;
  /** Consecutive failed opens. */
  failures: number;
}

export function backoffDelay(failures: number, options: BackoffOptions, random: () => number): number {
  const exp = Math.min(options.maxMs, options.baseMs * 2 ** Math.max(0, failures - 1));
  // ±20 % jitter so a hub of devices replugged together does not retry in lockstep.
  return Math.round(exp * (0.8 + 0.4 * random()));
}

export class ConnectionKeeper {
  private current: LinkState = 'stopped';
  private stopping = false;
  private loop: Promise<void> | null = null;
  private wake: (() => void) | null = null;
  private readonly listeners = new Set<(event: LinkEvent) => void>();
  private failures = 0;

  constructor(
    private readonly link: Connectable,
    private readonly options: KeeperOptions = {},
  ) {}

  get state(): LinkState {
    return this.current;
  }

  onState(listener: (event: LinkEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Starts the loop; resolves after the first open attempt (successful or not). */
  start(): Promise<void> {
    if (this.loop) return Promise.resolve();
    this.stopping = false;
    let firstAttempt!: () => void;
    const attempted = new Promise<void>((resolve) => (firstAttempt = resolve));
    this.loop = this.run(firstAttempt).finally(() => firstAttempt());
    return attempted;
  }

  /** Stops reconnecting and closes the device; resolves when closed. Safe to call twice. */
  async stop(): Promise<void> {
    this.stopping = true;
    this.wake?.();
    await this.loop;
    this.loop = null;
  }

  /** Closes and reopens now (e.g. after a protocol error that needs a fresh port). */
  kick(): void {
    this.wake?.();
  }

  private async run(firstAttempt: () => void): Promise<void> {
    while (!this.stopping) {
      this.set('connecting');
      let lost: Error | undefined;
      try {
        await this.link.open();
      } catch (error) {
        this.failures++;
        firstAttempt();
        this.set('waiting', asError(error));
        await this.sleep(backoffDelay(this.failures, this.backoff, this.random));
        continue;
      }
      // Listen for an unplug before onOpened runs, so one during it is not missed.
      let closed = false;
      const unsubscribe = this.link.onClose((error) => {
        closed = true;
        lost = error ?? new Error('port closed');
        this.wake?.();
      });
      try {
        await this.options.onOpened?.();
      } catch (error) {
        unsubscribe();
        this.failures++;
        await this.link.close().catch(() => {});
        firstAttempt();
        this.set('waiting', asError(error));
        await this.sleep(backoffDelay(this.failures, this.backoff, this.random));
        continue;
      }
      this.failures = 0;
      firstAttempt();
      if (!closed && !this.stopping) {
        this.set('open');
        await this.sleep(Infinity);
      }
      unsubscribe();
      if (this.stopping && !closed) {
        await this.options.beforeClose?.().catch(() => {});
        await this.link.close().catch(() => {});
        break;
      }
      if (!closed) {
        // kick(): close on purpose and reopen at once.
        await this.link.close().catch(() => {});
        continue;
      }
      await this.link.close().catch(() => {});
      this.failures = 1;
      this.set('waiting', lost);
      await this.sleep(backoffDelay(this.failures, this.backoff, this.random));
    }
    this.set('stopped');
  }

  private get backoff(): BackoffOptions {
    return this.options.backoff ?? DEFAULT_BACKOFF;
  }

  private get random(): () => number {
    return this.options.random ?? Math.random;
  }

  /** Waits `ms` (forever for Infinity) or until woken by stop/kick/unplug. */
  private sleep(ms: number): Promise<void> {
    if (this.stopping) return Promise.resolve();
    return new Promise((resolve) => {
      let timer: ReturnType<typeof setTimeout> | undefined;
      const done = (): void => {
        clearTimeout(timer);
        if (this.wake === done) this.wake = null;
        resolve();
      };
      if (Number.isFinite(ms)) timer = setTimeout(done, ms);
      this.wake = done;
    });
  }

  private set(state: LinkState, error?: Error): void {
    this.current = state;
    const event: LinkEvent = { state, failures: this.failures, ...(error && { error }) };
    for (const listener of [...this.listeners]) {
      try {
        listener(event);
      } catch {
        // Listener bugs must not stop the loop.
      }
    }
  }
}

function asError(error: unknown): Error {
  return error instanceof Error ? error : new Error(String(error));
}
