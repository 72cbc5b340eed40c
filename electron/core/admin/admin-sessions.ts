import { EventEmitter } from 'node:events';
import { randomBytes, timingSafeEqual } from 'node:crypto';

export interface AdminSessionInfo {
  token: string;
  expiresAt: number;
}

/**
 * The technician's session: one at a time (a new login ends the old one), ended by logout or by being
 * idle for `idleMs` (every valid call extends it). `change` fires when a session opens or ends, so the
 * patron side can show out-of-service while a technician is at work and return by itself when the
 * technician walks away.
 */
export class AdminSessions extends EventEmitter<{ change: [active: boolean] }> {
  private current: { token: Buffer; expiresAt: number } | undefined;
  private timer: NodeJS.Timeout | undefined;

  constructor(private readonly opts: { now: () => number; idleMs: number }) {
    super();
  }

  open(): AdminSessionInfo {
    const token = randomBytes(32).toString('base64url');
    this.current = { token: Buffer.from(token), expiresAt: this.opts.now() + this.opts.idleMs };
    this.schedule();
    this.emit('change', true);
    return { token, expiresAt: this.current.expiresAt };
  }

  /**
   * The live session for this token (extended unless `extend` is false: a screen polling status is not a
   * technician at work); undefined for any other token, or once idle too long.
   */
  touch(token: string, extend = true): AdminSessionInfo | undefined {
    if (!this.active || !this.current) return undefined;
    const given = Buffer.from(token);
    if (given.length !== this.current.token.length || !timingSafeEqual(given, this.current.token))
      return undefined;
    if (extend) {
      this.current.expiresAt = this.opts.now() + this.opts.idleMs;
      this.schedule();
    }
    return { token, expiresAt: this.current.expiresAt };
  }

  close(token?: string): void {
    if (!this.current) return;
    if (token !== undefined && !this.touch(token)) return;
    this.end();
  }

  get active(): boolean {
    if (this.current && this.opts.now() >= this.current.expiresAt) this.end();
    return this.current !== undefined;
  }

  setIdleMs(idleMs: number): void {
    this.opts.idleMs = idleMs;
  }

  dispose(): void {
    clearTimeout(this.timer);
    this.current = undefined;
  }

  private end(): void {
    clearTimeout(this.timer);
    this.current = undefined;
    this.emit('change', false);
  }

  private schedule(): void {
    clearTimeout(this.timer);
    if (!this.current) return;
    const wait = Math.max(0, this.current.expiresAt - this.opts.now());
    this.timer = setTimeout(() => void this.active, wait + 5);
    this.timer.unref();
  }
}
