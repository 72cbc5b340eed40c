import { createServer, type IncomingMessage, type IncomingHttpHeaders, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import { refuseControlRequest } from './control-guard.js';
import { DEFAULT_HUGE_BODY_BYTES, FaultState, type SandboxFaults } from './faults.js';
import {
  BodyTooLargeError,
  dripReply,
  errorReplyWith,
  jsonReply,
  readRequestBody,
  waitUnlessClosed,
  writeReply,
  type ErrorBody,
  type Reply,
} from './http-io.js';
import { compileRoutes } from './route-matcher.js';

export const MAX_REQUEST_BYTES = 1024 * 1024;

export interface SandboxRequest {
  method: string;
  headers: IncomingHttpHeaders;
  /** Path parameters from `{name}` segments of the route's template. */
  params: Record<string, string>;
  query: URLSearchParams;
  body: Buffer;
}

export interface SandboxRoute {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** Path template, e.g. `/api/scans` or `/v1/tickets/{barcode}`. */
  path: string;
  handle(req: SandboxRequest): Reply | Promise<Reply>;
}

/**
 * The route table of a sandbox: each route's method and path template, and its handler. Methods come
 * from a table or one method for all.
 */
export function routeTable<R extends string>(
  paths: Readonly<Record<R, string>>,
  methods: SandboxRoute['method'] | Readonly<Record<R, SandboxRoute['method']>>,
  handlers: Readonly<Record<R, SandboxRoute['handle']>>,
): Record<R, SandboxRoute> {
  const names = Object.keys(paths) as R[];
  return Object.fromEntries(
    names.map((route) => [
      route,
      {
        method: typeof methods === 'string' ? methods : methods[route],
        path: paths[route],
        handle: handlers[route],
      },
    ]),
  ) as Record<R, SandboxRoute>;
}

export interface SandboxServerOptions<R extends string> {
  /** 0 or undefined (default): any free port. Always bound to 127.0.0.1. */
  port?: number | undefined;
  routes: Record<R, SandboxRoute>;
  /** Routes the fault knobs hit when `faultPaths` is not set (the decision calls). */
  defaultFaultRoutes: readonly R[];
  /** The API's own error body shape. */
  errorBody: ErrorBody;
  /** A 200 JSON body whose fields have the wrong types for this API (`wrongTypes` knob). */
  wrongTypesBody: unknown;
  /** The start of a valid-looking JSON object, padded to size for the `hugeBody` knob. */
  hugeBodyHead?: string;
  /** Extra state for `GET /__sandbox/state`. */
  state(): object;
  /** `POST /__sandbox/<name>` control actions beyond faults (e.g. `reset-entries`). */
  controls?: Record<string, () => void>;
  /**
   * What the server holds about one ticket or pass (`GET /__sandbox/ticket-state?token=`): the state a
   * scan could change (entered, voided, redeemed…), so a test can check a refusal left it alone.
   */
  ticketState?(token: string): unknown;
  initialFaults?: SandboxFaults | undefined;
  /** The control token; random per start when omitted. */
  controlToken?: string;
}

export interface SandboxServer {
  /** Base URL, e.g. `http://127.0.0.1:40123` (no trailing slash). */
  readonly url: string;
  readonly port: number;
  /** Secret every `/__sandbox/*` request must carry (header `X-Sandbox-Control-Token`). */
  readonly controlToken: string;
  readonly faults: SandboxFaults;
  /** Replaces all fault knobs (not a merge). Throws on an invalid knob. */
  setFaults(faults: SandboxFaults): SandboxFaults;
  resetFaults(): void;
  /** Requests answered 401 by the `unauthorized*` knobs, and requests seen in all. */
  readonly counters: { requests: number; unauthorizedSent: number };
  /** Resolves promptly even with hung or dripping requests: open sockets are destroyed. */
  close(): Promise<void>;
}

const MALFORMED_BODY = '{"status": "Adm';

/**
 * The HTTP core every ticketing sandbox shares: route table, the fault pipeline (latency, hang, 401s,
 * status, malformed, wrong types, huge body, drip), `/__sandbox/*` control endpoints, and a close() that
 * does not wait for hung clients. Each sandbox supplies its routes, error shape and state.
 */
export async function startSandboxServer<R extends string>(
  opts: SandboxServerOptions<R>,
): Promise<SandboxServer> {
  const faults = new FaultState(opts.defaultFaultRoutes);
  const controlToken = opts.controlToken ?? randomBytes(18).toString('base64url');
  let port = 0;
  if (opts.initialFaults) faults.set(opts.initialFaults);
  const counters = { requests: 0, unauthorizedSent: 0 };
  // One matcher per method, so the same path can serve e.g. GET (list) and POST (create).
  const byMethod = new Map<string, Record<string, string>>();
  for (const [name, route] of Object.entries(opts.routes) as [R, SandboxRoute][]) {
    const paths = byMethod.get(route.method) ?? {};
    paths[name] = route.path;
    byMethod.set(route.method, paths);
  }
  const matchers = new Map(
    [...byMethod].map(([method, paths]) => [method, compileRoutes(paths as Record<R, string>)]),
  );
  const matchRoute = (method: string, pathname: string) => matchers.get(method)?.(pathname);
  const pathExists = (pathname: string) => [...matchers.values()].some((m) => m(pathname) !== undefined);
  const errorReply = (status: number, ...messages: string[]) =>
    errorReplyWith(opts.errorBody, status, ...messages);

  const send = async (res: ServerResponse, reply: Reply, dripMs?: number): Promise<void> => {
    if (res.destroyed) return;
    if (reply.status === 401) counters.unauthorizedSent += 1;
    if (dripMs) await dripReply(res, reply, dripMs);
    else writeReply(res, reply);
  };

  async function applyFaults(res: ServerResponse): Promise<Reply | 'hang' | 'gone' | undefined> {
    const knobs = faults.current;
    if (knobs.latencyMs && !(await waitUnlessClosed(res, knobs.latencyMs))) return 'gone';
    if (knobs.hang) return 'hang';
    if (faults.takeUnauthorized()) return errorReply(401, 'Unauthorized');
    if (knobs.status) return errorReply(knobs.status);
    if (knobs.malformed) return { status: 200, body: MALFORMED_BODY };
    if (knobs.wrongTypes) return jsonReply(200, opts.wrongTypesBody);
    if (knobs.hugeBody) {
      const size = knobs.hugeBody === true ? DEFAULT_HUGE_BODY_BYTES : knobs.hugeBody;
      const head = opts.hugeBodyHead ?? '{"padding":"';
      const padding = Math.max(0, size - head.length - 2);
      return { status: 200, body: Buffer.from(`${head}${'x'.repeat(padding)}"}`) };
    }
    return undefined;
  }

  async function handleControl(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    const pathname = url.pathname;
    // The body is read only after the checks: a refused request costs no memory.
    const refusal = refuseControlRequest(req, port, controlToken);
    if (refusal) return send(res, errorReply(refusal.status, refusal.reason));
    if (req.method === 'GET' && pathname === '/__sandbox/state')
      return send(res, jsonReply(200, { ...counters, ...opts.state(), faults: faults.current }));
    if (req.method === 'GET' && pathname === '/__sandbox/ticket-state' && opts.ticketState) {
      const state = opts.ticketState(url.searchParams.get('token') ?? '');
      return send(res, state === undefined ? errorReply(404, 'no such ticket') : jsonReply(200, state));
    }
    if (req.method !== 'POST') return send(res, errorReply(405, 'Method Not Allowed'));
    if (pathname === '/__sandbox/reset-faults') {
      faults.reset();
      return send(res, jsonReply(200, { faults: faults.current }));
    }
    if (pathname === '/__sandbox/faults') {
      const raw = await readRequestBody(req, MAX_REQUEST_BYTES);
      let parsed: unknown;
      try {
        parsed = JSON.parse(raw.toString('utf8'));
      } catch {
        return send(res, errorReply(400, 'body must be JSON'));
      }
      try {
        return send(res, jsonReply(200, { faults: faults.set(parsed) }));
      } catch (err) {
        const messages =
          err instanceof z.ZodError
            ? err.issues.map((i) => `${i.path.join('.') || 'faults'}: ${i.message}`)
            : ['invalid faults'];
        return send(res, errorReply(400, ...messages));
      }
    }
    const control = opts.controls?.[pathname.slice('/__sandbox/'.length)];
    if (control) {
      control();
      return send(res, jsonReply(200, {}));
    }
    return send(res, errorReply(404, 'Not Found'));
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    counters.requests += 1;
    const url = new URL(req.url ?? '/', 'http://sandbox');
    if (url.pathname.startsWith('/__sandbox/')) return handleControl(req, res, url);

    const match = matchRoute(req.method ?? 'GET', url.pathname);
    if (!match) {
      if (pathExists(url.pathname)) return send(res, errorReply(405, 'Method Not Allowed'));
      return send(res, errorReply(404, `Cannot ${req.method ?? 'GET'} ${url.pathname}`));
    }
    const route = opts.routes[match.route];
    const body = await readRequestBody(req, MAX_REQUEST_BYTES);

    const faulted = faults.appliesTo(match.route, match.template);
    const dripMs = faulted ? faults.current.dripMs : undefined;
    if (faulted) {
      const fault = await applyFaults(res);
      if (fault === 'hang' || fault === 'gone') return; // Socket is destroyed by the client or close().
      if (fault) return send(res, fault, dripMs);
    }
    const reply = await route.handle({
      method: req.method ?? 'GET',
      headers: req.headers,
      params: match.params,
      query: url.searchParams,
      body,
    });
    return send(res, reply, dripMs);
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((err: unknown) => {
      if (res.headersSent || res.destroyed) {
        res.destroy();
        return;
      }
      if (err instanceof BodyTooLargeError) writeReply(res, errorReply(413, err.message));
      else writeReply(res, errorReply(500, 'Internal Server Error'));
    });
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  port = (server.address() as AddressInfo).port;

  let closing: Promise<void> | undefined;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    controlToken,
    get faults() {
      return faults.current;
    },
    setFaults: (f) => faults.set(f),
    resetFaults: () => faults.reset(),
    counters,
    close() {
      closing ??= new Promise<void>((resolve, reject) => {
        server.close((err) => (err ? reject(err) : resolve()));
        // Hung, dripping and keep-alive sockets would otherwise hold close() open.
        server.closeAllConnections();
      });
      return closing;
    },
  };
}
