import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import type { AddressInfo, Socket } from 'node:net';
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { WebSocketServer, type WebSocket } from 'ws';
import { WireRequest, type EventName, type EventPayload, type WireMessage } from '../common/contract.js';
import { CSP } from '../common/csp.js';
import { ARTWORK_PATH } from '../common/display.js';
import type { Logger, RpcDispatcher } from '../host/index.js';
import { readStatic } from './static-files.js';
import type { ArtworkRead } from './artwork.js';
import { ConnectionGuard, DEFAULT_LIMITS, type ConnectionLimits } from './connection-guard.js';

const MAX_MESSAGE_BYTES = 64 * 1024;

export interface WebShellOptions {
  rendererDir: string;
  router: RpcDispatcher;
  logger: Logger;
  port: number;
  /** Secret every WebSocket connection must present; random when omitted. */
  token?: string;
  /** The venue artwork (`display.artwork`), served at `/venue-artwork`; read per request so a change shows. */
  artwork?: () => Promise<ArtworkRead>;
  /** Idle/unauthenticated connection limits; see ConnectionGuard. */
  limits?: Partial<ConnectionLimits>;
}

export interface WebShell {
  url: string;
  /** The URL to open, with the token in the fragment (never sent to the server in request lines). */
  launchUrl: string;
  /** Sends an event to every connected renderer (the host's event bridge has checked it). */
  broadcast<E extends EventName>(event: E, payload: EventPayload<E>): void;
  /** Called with the number of connected renderers whenever it changes. */
  onClients(listener: (count: number) => void): void;
  close(): Promise<void>;
}

/**
 * Serves the built renderer and bridges the typed contract over a WebSocket, on loopback only. The
 * token stops other local users' processes and web pages from driving the kiosk; the Host and Origin
 * checks stop DNS-rebinding pages from reaching it through a browser.
 */
export async function startWebShell(opts: WebShellOptions): Promise<WebShell> {
  const token = opts.token ?? randomBytes(24).toString('base64url');
  const expected = Buffer.from(token);
  let port = 0;
  const allowedHosts = () => [`127.0.0.1:${port}`, `localhost:${port}`];

  const server: Server = createServer((req, res) => {
    const baseHeaders = {
      'Content-Security-Policy': CSP,
      'X-Content-Type-Options': 'nosniff',
      'Referrer-Policy': 'no-referrer',
      'Cache-Control': 'no-store',
    };
    if (!allowedHosts().includes(req.headers.host ?? '') || req.method !== 'GET') {
      res.writeHead(req.method !== 'GET' ? 405 : 421, baseHeaders).end();
      return;
    }
    if ((req.url ?? '/').split('?')[0] === `/${ARTWORK_PATH}`) {
      serveArtwork(res, baseHeaders);
      return;
    }
    readStatic(opts.rendererDir, req.url ?? '/').then(
      (file) => {
        if (!file) res.writeHead(404, baseHeaders).end('not found');
        else res.writeHead(200, { ...baseHeaders, 'Content-Type': file.type }).end(file.body);
      },
      () => res.writeHead(500, baseHeaders).end(),
    );
  });

  function serveArtwork(res: ServerResponse, headers: Record<string, string>): void {
    if (!opts.artwork) {
      res.writeHead(404, headers).end('not found');
      return;
    }
    opts.artwork().then(
      (art) => {
        if (art.ok) {
          res.writeHead(200, { ...headers, 'Content-Type': art.type }).end(art.body);
          return;
        }
        // A configured picture that cannot be shown is for the tech to fix; the idle screen goes on without it.
        if (art.reason !== 'no artwork configured') opts.logger.warn({ reason: art.reason }, 'venue artwork');
        res.writeHead(art.status, headers).end('not found');
      },
      () => res.writeHead(500, headers).end(),
    );
  }

  const guard = new ConnectionGuard({ ...DEFAULT_LIMITS, ...opts.limits });
  guard.attach(server);
  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_MESSAGE_BYTES });
  const clientListeners: ((count: number) => void)[] = [];
  const clientsChanged = () => clientListeners.forEach((l) => l(wss.clients.size));

  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    if (!authorised(req)) {
      socket.end('HTTP/1.1 401 Unauthorized\r\nConnection: close\r\n\r\n');
      return;
    }
    // Authenticated: from here the socket counts as a session, never against the pending limit.
    guard.promote(socket as Socket);
    wss.handleUpgrade(req, socket, head, (ws) => {
      guard.addSession(ws);
      serve(ws);
      clientsChanged();
      ws.on('close', clientsChanged);
    });
  });

  function authorised(req: IncomingMessage): boolean {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    if (url.pathname !== '/rpc') return false;
    if (!allowedHosts().includes(req.headers.host ?? '')) return false;
    const origin = req.headers.origin;
    if (origin !== undefined && !allowedHosts().some((h) => origin === `http://${h}`)) return false;
    const given = Buffer.from(url.searchParams.get('token') ?? '');
    return given.length === expected.length && timingSafeEqual(given, expected);
  }

  function send(ws: WebSocket, message: WireMessage): void {
    if (ws.readyState === ws.OPEN) ws.send(JSON.stringify(message));
  }

  function serve(ws: WebSocket): void {
    ws.on('message', (data, isBinary) => {
      if (isBinary) return ws.close(1003, 'text only');
      let parsed: unknown;
      try {
        parsed = JSON.parse(data.toString());
      } catch {
        return ws.close(1007, 'invalid JSON');
      }
      const request = WireRequest.safeParse(parsed);
      if (!request.success) return ws.close(1007, 'invalid request');
      const { id, channel, args } = request.data;
      void opts.router.dispatch(channel, args).then((result) => send(ws, { kind: 'reply', id, result }));
    });
    ws.on('error', (err) => opts.logger.warn({ err: err.message }, 'web shell socket error'));
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port, '127.0.0.1', () => resolve());
  });
  port = (server.address() as AddressInfo).port;
  const url = `http://127.0.0.1:${port}/`;

  return {
    url,
    launchUrl: `${url}#token=${token}`,
    broadcast(event, payload) {
      for (const ws of wss.clients) send(ws, { kind: 'event', event, payload });
    },
    onClients(listener) {
      clientListeners.push(listener);
    },
    async close() {
      guard.close();
      for (const ws of wss.clients) ws.terminate();
      await new Promise<void>((resolve) => wss.close(() => resolve()));
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
