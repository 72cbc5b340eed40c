import {
  createServer,
  request as httpRequest,
  type IncomingMessage,
  type Server,
  type ServerResponse,
} from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { gunzipSync } from 'node:zlib';

/**
 * How the network between the kiosk and the ticketing API behaves right now:
 * - `up`: requests pass through;
 * - `refuse`: nothing listens (connection refused), as with the API host down;
 * - `reset`: connections are accepted and dropped at once (ECONNRESET);
 * - `error`: every request is answered 503 without reaching the API;
 * - `blackhole`: requests are accepted and never answered (a dead route; the kiosk's time-outs decide);
 * - `slow`: requests reach the API at once, its answers reach the kiosk `slowMs` later (the server has
 *   acted on a call whose answer the kiosk may give up on).
 */
export type NetworkMode = 'up' | 'refuse' | 'reset' | 'error' | 'blackhole' | 'slow';

export interface ProxyRequest {
  method: string;
  path: string;
  /** The API's status, or what the proxy did instead. */
  status: number | 'reset' | 'blackhole' | 'aborted';
  /** The request body as text (gunzipped when sent gzip), kept only for 4xx answers: see `refusedBodies`. */
  body?: string;
}

/** Requests remembered for the report and the dead-letter check; older ones are dropped. */
const MAX_LOG = 20_000;
/** Largest request body read (the API sandboxes refuse more anyway). */
const MAX_BODY = 2 * 1024 * 1024;

/**
 * An HTTP proxy on loopback between the kiosk and a sandbox, for the chaos suite: the network faults a
 * kiosk meets (refused, reset, silent, slow, 503) on every route at once, switchable at any moment, and a
 * log of what went through. It also tells the suite which scan bodies the server refused (4xx), so a dead
 * letter can be traced to a refusal by the server.
 */
export class FlakyProxy {
  private mode: NetworkMode = 'up';
  private slowMs = 2000;
  /** The requests the mode applies to; the others pass through. Default: all. */
  private scope: (method: string, path: string) => boolean = () => true;
  private server: Server | undefined;
  private readonly sockets = new Set<Socket>();
  private readonly held = new Set<ServerResponse>();
  private readonly log: ProxyRequest[] = [];
  private readonly listeners: ((req: ProxyRequest & { phase: 'start' | 'end' }) => void)[] = [];
  port = 0;

  private constructor(private readonly upstream: URL) {}

  static async start(upstreamUrl: string): Promise<FlakyProxy> {
    const proxy = new FlakyProxy(new URL(upstreamUrl));
    await proxy.listen();
    return proxy;
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  get current(): NetworkMode {
    return this.mode;
  }

  requests(): readonly ProxyRequest[] {
    return this.log;
  }

  /** Request bodies the server answered with a 4xx: the only scans it may have refused. */
  refusedBodies(): string[] {
    return this.log
      .filter((r) => typeof r.status === 'number' && r.status >= 400 && r.status < 500)
      .map((r) => r.body ?? '');
  }

  /** Called when a request arrives (`start`) and when it is answered or dropped (`end`). */
  onRequest(listener: (req: ProxyRequest & { phase: 'start' | 'end' }) => void): void {
    this.listeners.push(listener);
  }

  /**
   * Switches the network's behaviour; held requests are dropped when leaving `blackhole`. `only` limits
   * a request-level mode (`error`, `blackhole`, `slow`) to some requests, e.g. the upload route.
   */
  async set(
    mode: NetworkMode,
    opts: { slowMs?: number; only?: (method: string, path: string) => boolean } = {},
  ): Promise<void> {
    if (opts.slowMs !== undefined) this.slowMs = opts.slowMs;
    this.scope = opts.only ?? (() => true);
    if (mode === this.mode) return;
    const leaving = this.mode;
    this.mode = mode;
    if (leaving === 'blackhole') for (const res of this.held) res.destroy();
    if (mode === 'refuse') await this.unlisten();
    else if (leaving === 'refuse') await this.listen();
  }

  async close(): Promise<void> {
    for (const res of this.held) res.destroy();
    await this.unlisten();
  }

  private async listen(): Promise<void> {
    const server = createServer((req, res) => this.handle(req, res));
    server.keepAliveTimeout = 1000;
    server.on('connection', (socket: Socket) => {
      if (this.mode === 'reset') {
        socket.destroy();
        return;
      }
      this.sockets.add(socket);
      socket.once('close', () => this.sockets.delete(socket));
    });
    // The same port again after `refuse`, so the kiosk's configured URL stays right.
    for (let attempt = 0; ; attempt++) {
      try {
        await new Promise<void>((resolve, reject) => {
          server.once('error', reject);
          server.listen(this.port, '127.0.0.1', () => {
            server.off('error', reject);
            resolve();
          });
        });
        break;
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'EADDRINUSE' || attempt > 50) throw err;
        await new Promise((r) => setTimeout(r, 20));
      }
    }
    this.port = (server.address() as AddressInfo).port;
    this.server = server;
  }

  private async unlisten(): Promise<void> {
    const server = this.server;
    if (!server) return;
    this.server = undefined;
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    for (const socket of this.sockets) socket.destroy();
    this.sockets.clear();
    await closed;
  }

  private record(entry: ProxyRequest): void {
    this.log.push(entry);
    if (this.log.length > MAX_LOG) this.log.splice(0, this.log.length - MAX_LOG);
    for (const l of this.listeners) l({ ...entry, phase: 'end' });
  }

  private handle(req: IncomingMessage, res: ServerResponse): void {
    const method = req.method ?? 'GET';
    const path = req.url ?? '/';
    for (const l of this.listeners) l({ method, path, status: 0, phase: 'start' });
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size <= MAX_BODY) chunks.push(c);
    });
    req.on('error', () => res.destroy());
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      switch (this.scope(method, path) ? this.mode : 'up') {
        case 'reset':
          res.destroy();
          return this.record({ method, path, status: 'reset' });
        case 'error':
          res.writeHead(503, { 'Content-Type': 'application/json', Connection: 'close' });
          res.end('{"error":"Service Unavailable"}');
          return this.record({ method, path, status: 503 });
        case 'blackhole':
          this.held.add(res);
          res.once('close', () => this.held.delete(res));
          return this.record({ method, path, status: 'blackhole' });
        default:
          return this.forward(req, res, method, path, body);
      }
    });
  }

  private forward(
    req: IncomingMessage,
    res: ServerResponse,
    method: string,
    path: string,
    body: Buffer,
  ): void {
    const headers = { ...req.headers, host: this.upstream.host };
    const upstream = httpRequest(
      { host: this.upstream.hostname, port: this.upstream.port, method, path, headers },
      (answer) => {
        const status = answer.statusCode ?? 502;
        const send = () => {
          if (res.destroyed) return;
          res.writeHead(status, answer.headers);
          answer.pipe(res);
        };
        const entry: ProxyRequest = { method, path, status };
        if (status >= 400 && status < 500) entry.body = decode(body, req.headers['content-encoding']);
        this.record(entry);
        if (this.mode === 'slow' && this.scope(method, path)) {
          // The answer is read at once (the server is done); only its delivery is late.
          answer.pause();
          const timer = setTimeout(send, this.slowMs);
          res.once('close', () => clearTimeout(timer));
        } else send();
      },
    );
    upstream.on('error', () => {
      res.destroy();
      this.record({ method, path, status: 'aborted' });
    });
    res.once('close', () => {
      if (!res.writableFinished) upstream.destroy();
    });
    upstream.end(body);
  }
}

function decode(body: Buffer, encoding: string | string[] | undefined): string {
  try {
    return (encoding === 'gzip' ? gunzipSync(body, { maxOutputLength: 16 * 1024 * 1024 }) : body).toString(
      'utf8',
    );
  } catch {
    return body.toString('latin1');
  }
}
