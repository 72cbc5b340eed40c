import {
  channels,
  events,
  isEventName,
  WireMessage,
  type Channel,
  type ChannelArgs,
  type ChannelResult,
  type EventName,
  type EventPayload,
  type Result,
  type WireRequest,
} from '../../../electron/common/contract';

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
  channel: Channel;
  /** Serialised request, kept until the socket is open (requests made while connecting are queued). */
  frame: string;
  sent: boolean;
  timer: ReturnType<typeof setTimeout>;
  resolve: (result: Result<unknown>) => void;
}

type EventListeners = { [E in EventName]: Set<(payload: EventPayload<E>) => void> };

/**
 * A JSON-over-WebSocket RPC client for the contract's wire format. Owns reconnection: the kiosk runs
 * unattended, so a dropped socket (web shell restart, network blip) must heal by itself.
 *
 * Every incoming frame is validated twice — against WireMessage, then against the schema of the specific
 * event or reply — and anything that fails is dropped; nothing unchecked reaches the UI.
 */
export class RpcConnection {
  private readonly createSocket: SocketFactory;
  private readonly requestTimeoutMs: number;
  private readonly reconnectInitialMs: number;
  private readonly reconnectMaxMs: number;
  private socket: SocketLike | null = null;
  private nextId = 0;
  private readonly pending = new Map<number, Pending>();
  private readonly listeners: EventListeners = { 'scan.decided': new Set(), 'kiosk.status': new Set() };
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

  request<C extends Channel>(channel: C, args: ChannelArgs<C>): Promise<Result<ChannelResult<C>>> {
    if (this.closed) return Promise.resolve({ ok: false, error: 'connection closed' });
    // Checked here too so a bad call fails at once with a clear error instead of as a server rejection.
    const checked = channels[channel].args.safeParse(args);
    if (!checked.success) return Promise.resolve({ ok: false, error: `invalid arguments for ${channel}` });

    const id = this.nextId++;
    const request: WireRequest = { id, channel, args: checked.data };
    return new Promise((resolve) => {
      const timer = setTimeout(() => this.settle(id, { ok: false, error: 'timeout' }), this.requestTimeoutMs);
      const entry: Pending = {
        channel,
        frame: JSON.stringify(request),
        sent: false,
        timer,
        resolve: resolve as (result: Result<unknown>) => void,
      };
      this.pending.set(id, entry);
      if (this.connected) this.send(entry);
    });
  }

  on<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void): () => void {
    const set = this.listeners[event] as Set<(payload: EventPayload<E>) => void>;
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

    const entry = this.pending.get(message.id);
    if (!entry) return;
    if (!message.result.ok) {
      this.settle(message.id, { ok: false, error: message.result.error });
      return;
    }
    const value = channels[entry.channel].result.safeParse(message.result.value);
    // A malformed reply is dropped, but its caller is told now rather than left to wait for the timeout.
    this.settle(
      message.id,
      value.success
        ? { ok: true, value: value.data }
        : { ok: false, error: `invalid reply for ${entry.channel}` },
    );
  }

  private dispatchEvent<E extends EventName>(event: E, payload: unknown): void {
    const checked = events[event].safeParse(payload);
    if (!checked.success) return;
    for (const listener of [...this.listeners[event]]) {
      try {
        (listener as (p: unknown) => void)(checked.data);
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
