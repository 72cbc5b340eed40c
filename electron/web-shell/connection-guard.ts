import type { Server } from 'node:http';
import type { Socket } from 'node:net';
import type { WebSocket } from 'ws';

export interface ConnectionLimits {
  /** An unauthenticated connection silent this long is closed (keep-alive gaps, half-open handshakes). */
  idleMs: number;
  /** Unauthenticated connections held at once; a new one beyond this closes the oldest. */
  maxPending: number;
  /** Authenticated WebSocket sessions at once; a new one beyond this closes the least recently active. */
  maxSessions: number;
  /** How often sessions are pinged; one that has not answered the previous ping is dropped. */
  pingIntervalMs: number;
}

export const DEFAULT_LIMITS: ConnectionLimits = {
  idleMs: 5_000,
  maxPending: 64,
  maxSessions: 8,
  pingIntervalMs: 15_000,
};

/** Close code sent to a session closed to make room for a newer one (the renderer reconnecting). */
export const SUPERSEDED = 4000;

/**
 * Bounds what a local process can hold open on the web shell, so nothing can lock the kiosk's own screen
 * out. Every TCP connection starts as "pending" (unauthenticated): it is closed after `idleMs` without
 * traffic, and when `maxPending` are held the oldest is closed to admit the new one. Only a connection
 * that presented the token and upgraded becomes a session; sessions count against `maxSessions`, and a
 * new session always gets in, closing the least recently active one. A renderer that reconnects after a
 * restart is therefore never refused, whatever others hold.
 */
export class ConnectionGuard {
  /** Insertion-ordered: the first entry is the oldest. */
  private readonly pending = new Set<Socket>();
  /** Value: last time a message or pong arrived. */
  private readonly sessions = new Map<WebSocket, number>();
  private readonly alive = new WeakSet<WebSocket>();
  private readonly pinger: NodeJS.Timeout;

  constructor(
    private readonly limits: ConnectionLimits = DEFAULT_LIMITS,
    private readonly now: () => number = Date.now,
  ) {
    this.pinger = setInterval(() => this.pingSessions(), limits.pingIntervalMs);
    this.pinger.unref();
  }

  /** Applies the HTTP-level timeouts and tracks every new connection as pending. */
  attach(server: Server): void {
    // Slow or silent requests: headers must arrive within idleMs, a whole request within twice that.
    server.headersTimeout = this.limits.idleMs;
    server.requestTimeout = this.limits.idleMs * 2;
    server.keepAliveTimeout = this.limits.idleMs;
    server.on('connection', (socket: Socket) => this.admitPending(socket));
  }

  get pendingCount(): number {
    return this.pending.size;
  }

  get sessionCount(): number {
    return this.sessions.size;
  }

  /** The socket presented the token and is about to become a WebSocket: it no longer counts as pending. */
  promote(socket: Socket): void {
    this.pending.delete(socket);
    socket.setTimeout(0);
  }

  /** Registers an authenticated session, closing the least recently active one if the limit is reached. */
  addSession(ws: WebSocket): void {
    while (this.sessions.size >= this.limits.maxSessions) {
      let oldest: WebSocket | undefined;
      let oldestAt = Infinity;
      for (const [s, at] of this.sessions) if (at < oldestAt) [oldest, oldestAt] = [s, at];
      if (!oldest) break;
      this.sessions.delete(oldest);
      oldest.close(SUPERSEDED, 'superseded by a newer session');
      // A peer that ignores the close frame must not keep its socket.
      setTimeout(() => oldest.terminate(), 1_000).unref();
    }
    this.sessions.set(ws, this.now());
    this.alive.add(ws);
    const touch = () => {
      if (this.sessions.has(ws)) this.sessions.set(ws, this.now());
      this.alive.add(ws);
    };
    ws.on('message', touch);
    ws.on('pong', touch);
    ws.on('close', () => this.sessions.delete(ws));
  }

  close(): void {
    clearInterval(this.pinger);
    for (const socket of this.pending) socket.destroy();
    this.pending.clear();
  }

  private admitPending(socket: Socket): void {
    this.pending.add(socket);
    socket.setTimeout(this.limits.idleMs, () => socket.destroy());
    socket.once('close', () => this.pending.delete(socket));
    while (this.pending.size > this.limits.maxPending) {
      const oldest = this.pending.values().next().value;
      if (!oldest) break;
      this.pending.delete(oldest);
      oldest.destroy();
    }
  }

  private pingSessions(): void {
    for (const ws of this.sessions.keys()) {
      if (!this.alive.has(ws)) {
        ws.terminate();
        continue;
      }
      this.alive.delete(ws);
      ws.ping();
    }
  }
}
