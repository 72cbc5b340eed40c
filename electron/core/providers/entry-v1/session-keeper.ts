import { needsRenewal, type SessionTimes } from './jwt-renewal.js';

export interface Session {
  jwt: string;
  times: SessionTimes;
  /** IANA zone from the JWT's `venueTimezone` claim; offset-less event times are read in it. */
  venueTimezone?: string;
}

export type CreateSession = (signal: AbortSignal, onRequestId: (id: string) => void) => Promise<Session>;

export interface SessionKeeperOptions {
  now: () => number;
  renewMarginSeconds: number;
  /** Told when an early renewal failed but the old token is still used. No secrets are passed. */
  onRenewalFailed(error: unknown): void;
}

/**
 * One session JWT (the device session, or a lite session): created on demand, renewed near `exp`, and
 * replaced once after a 401. Kept apart from the HTTP calls so both kinds of session share the rules.
 */
export class SessionKeeper {
  private session: Session | undefined;
  /**
   * One session request at a time: concurrent callers share it instead of each creating a session. It runs
   * under the first caller's signal, so if that scan is aborted the others fail too and retry on their
   * next scan (the kiosk validates one scan at a time, so this is rare).
   */
  private pending: Promise<Session> | undefined;

  constructor(
    private readonly create: CreateSession,
    private readonly opts: SessionKeeperOptions,
  ) {}

  get current(): Session | undefined {
    return this.session;
  }

  clear(): void {
    this.session = undefined;
  }

  /** The current session, renewed first when it is near `exp`. */
  async usable(signal: AbortSignal, onRequestId: (id: string) => void): Promise<Session> {
    const current = this.session;
    if (current && !needsRenewal(current.times, this.opts.now(), this.opts.renewMarginSeconds))
      return current;
    try {
      return await this.renew(signal, onRequestId);
    } catch (err) {
      // A failed early renewal need not stop scanning while the old token is still valid.
      const stillValid = current?.times.exp !== undefined && this.opts.now() < current.times.exp * 1000;
      if (!current || !stillValid || signal.aborted) throw err;
      this.opts.onRenewalFailed(err);
      return current;
    }
  }

  /** After a 401: renew, unless another call already replaced the refused token. */
  renewRejected(rejected: Session, signal: AbortSignal, onRequestId: (id: string) => void): Promise<Session> {
    if (this.session && this.session.jwt !== rejected.jwt) return Promise.resolve(this.session);
    if (this.session === rejected) this.session = undefined;
    return this.renew(signal, onRequestId);
  }

  /** A brand-new session, shared with any caller asking meanwhile. */
  renew(signal: AbortSignal, onRequestId: (id: string) => void): Promise<Session> {
    this.pending ??= this.create(signal, onRequestId)
      .then((session) => {
        this.session = session;
        return session;
      })
      .finally(() => {
        this.pending = undefined;
      });
    return this.pending;
  }
}
