import {
  isEventName,
  WireMessage,
  type EventName,
  type Result,
  type WireRequest,
} from '../../../electron/common/contract';
import type { AnyChannel } from '../../../electron/common/all-channels';

/** The parts of the DOM WebSocket this client uses; lets tests drive it with a fake. */
export interface SocketLike {
  readonly readyState: number;
  onopen: ((ev: Event) => unknown) | null;
  onclose: ((ev: CloseEvent) => unknown) | null;
  onerror: ((ev: Event) => unknown) | null;
  onmessage: ((ev: MessageEvent) => unknown) | null;
  send(data: string): void;
  close(code?: number, reason?: string): void;
}
export type SocketFactory = (url: string) => SocketLike;

export interface RpcConnectionOptions {
  url: string;
  createSocket?: SocketFactory;
  requestTimeoutMs?: number;
  /** First reconnect delay; doubles per failed attempt up to reconnectMaxMs. */
  reconnectInitialMs?: number;
  reconnectMaxMs?: number;
}

const OPEN = 1;

interface Pending {
  /** Serialised request, kept until the socket is open (requests made while connecting are queued). */
  frame: string;
  sent: boolean;
  timer: ReturnType<typeof setTimeout>;
  resolve: (result: Result<unknown>) => void;
}

/**
 * The web shell's transport: JSON-over-WebSocket frames of the contract's wire format. Owns reconnection:
 * the kiosk runs unattended, so a dropped socket (web shell restart, network blip) must heal by itself.
 *
 * Frames that are not a valid WireMessage are dropped here; the payloads themselves (arguments, replies,
 * events) are checked against their channel's schema by `createApi`, the one client of the contract that
 * both shells share.
 */
export class RpcConnection {
  private readonly createSocket: SocketFactory;
  private readonly requestTimeoutMs: number;
  private readonly reconnectInitialMs: number;
  private readonly reconnectMaxMs: number;
  private socket: SocketLike | null = null;
  private nextId = 0;
  private readonly pending = new Map<number, Pending>();
  private readonly listeners = new Map<EventName, Set<(payload: unknown) => void>>();
  private readonly connectionListeners = new Set<(connected: boolean) => void>();
  private reconnectDelay: number;
  private reconnectTimer: ReturnType<typeof setTimeout> | null = null;
  private closed = false;

  constructor(private readonly options: RpcConnectionOptions) {
    this.createSocket = options.createSocket ?? ((url) => new WebSocket(url));
    this.requestTimeoutMs = options.requestTimeoutMs ?? 5000;
    this.reconnectInitialMs = options.reconnectInitialMs ?? 250;
    this.reconnectMaxMs = options.reconnectMaxMs ?? 10_000;
    this.reconnectDelay = this.reconnectInitialMs;
    this.connect();
  }

  get connected(): boolean {
    return this.socket?.readyState === OPEN;
  }

  /** Resolves with the server's `Result` as sent (unchecked), or `{ok: false}` on timeout or disconnect. */
  request(channel: AnyChannel, args: unknown): Promise<Result<unknown>> {
    if (this.closed) return Promise.resolve({ ok: false, error: 'connection closed' });
    const id = this.nextId++;
    const request: WireRequest = { id, channel, args };
    return new Promise((resolve) => {
      const timer = setTimeout(() => this.settle(id, { ok: false, error: 'timeout' }), this.requestTimeoutMs);
      const entry: Pending = {
        frame: JSON.stringify(request),
        sent: false,
        timer,
        resolve,
      };
      this.pending.set(id, entry);
      if (this.connected) this.send(entry);
    });
  }

  /** Payloads are passed on unchecked; `createApi` checks them against the event's schema. */
  on(event: EventName, listener: (payload: unknown) => void): () => void {
    let set = this.listeners.get(event);
    if (!set) this.listeners.set(event, (set = new Set()));
    set.add(listener);
    return () => {
      set.delete(listener);
    };
  }

  /** Called with true after every (re)connect and false after every drop. */
  onConnection(listener: (connected: boolean) => void): () => void {
    this.connectionListeners.add(listener);
    return () => {
      this.connectionListeners.delete(listener);
    };
  }

  close(): void {
    this.closed = true;
    if (this.reconnectTimer) clearTimeout(this.reconnectTimer);
    this.reconnectTimer = null;
    this.failAll('connection closed');
    this.socket?.close(1000, 'closing');
    this.socket = null;
  }

  private connect(): void {
    this.reconnectTimer = null;
    let socket: SocketLike;
    try {
      socket = this.createSocket(this.options.url);
    } catch {
      // An invalid URL or a CSP refusal throws synchronously; treat it like a dropped connection.
      this.scheduleReconnect();
      return;
    }
    this.socket = socket;
    socket.onopen = () => {
      if (socket !== this.socket) return;
      this.reconnectDelay = this.reconnectInitialMs;
      for (const entry of this.pending.values()) if (!entry.sent) this.send(entry);
      this.emitConnection(true);
    };
    socket.onmessage = (ev) => {
      if (socket === this.socket) this.receive(ev.data);
    };
    socket.onerror = () => {
      // Always followed by close, which does the work.
    };
    socket.onclose = () => {
      if (socket !== this.socket) return;
      this.socket = null;
      this.failAll('disconnected');
      this.emitConnection(false);
      if (!this.closed) this.scheduleReconnect();
    };
  }

  private scheduleReconnect(): void {
    if (this.closed || this.reconnectTimer) return;
    // Jitter so that many kiosks behind one restarted server do not reconnect in lockstep.
    const delay = this.reconnectDelay * (0.75 + Math.random() * 0.5);
    this.reconnectDelay = Math.min(this.reconnectDelay * 2, this.reconnectMaxMs);
    this.reconnectTimer = setTimeout(() => this.connect(), delay);
  }

  private send(entry: Pending): void {
    try {
      this.socket?.send(entry.frame);
      entry.sent = true;
    } catch {
      // The socket is closing; its close handler fails this request.
    }
  }

  private receive(data: unknown): void {
    if (typeof data !== 'string') return;
    let raw: unknown;
    try {
      raw = JSON.parse(data);
    } catch {
      return;
    }
    const parsed = WireMessage.safeParse(raw);
    if (!parsed.success) return;
    const message = parsed.data;

    if (message.kind === 'event') {
      if (!isEventName(message.event)) return;
      this.dispatchEvent(message.event, message.payload);
      return;
    }

    this.settle(message.id, message.result);
  }

  private dispatchEvent(event: EventName, payload: unknown): void {
    for (const listener of [...(this.listeners.get(event) ?? [])]) {
      try {
        listener(payload);
      } catch (err) {
        // One broken listener must not starve the others.
        console.error(`gatepost: ${event} listener failed`, err);
      }
    }
  }

  private emitConnection(connected: boolean): void {
    for (const listener of [...this.connectionListeners]) listener(connected);
  }

  private settle(id: number, result: Result<unknown>): void {
    const entry = this.pending.get(id);
    if (!entry) return;
    this.pending.delete(id);
    clearTimeout(entry.timer);
    entry.resolve(result);
  }

  private failAll(error: string): void {
    for (const id of [...this.pending.keys()]) this.settle(id, { ok: false, error });
  }
}
