/**
 * The one harness every provider integration test uses: scans, validate contexts that collect request
 * ids, a hand-driven clock, a recording transport, raw HTTP to a sandbox (its API and its guarded control
 * endpoints). Provider-specific settings live in `provider-rigs.ts`.
 */
import type { HttpRequest, HttpTransport } from '../../../electron/core/providers/http/http-transport.js';
import { nodeHttpTransport } from '../../../electron/core/providers/http/node-http-transport.js';
import type { ValidateContext } from '../../../electron/core/providers/provider.js';
import type { NormalisedScan } from '../../../electron/core/scan/scan-input.js';
import type { SandboxHandle } from '../../../electron/sandbox/common/sandbox-handle.js';
import { CONTROL_TOKEN_HEADER } from '../../../electron/sandbox/common/control-guard.js';

/** A hand-driven clock, shared by a sandbox (scan windows, duplicate windows), a provider and the scans. */
export class TestClock {
  constructor(public ms: number = Date.UTC(2025, 9, 2, 18, 30)) {}
  readonly now = (): number => this.ms;
  advance(ms: number): void {
    this.ms += ms;
  }
}

let scanCounter = 0;

/**
 * A normalised barcode scan with a fresh scan id. `receivedAt` is the clock's time when one is given;
 * otherwise now plus one second per scan made so far, so two scans of a test never share a second (as a
 * patron's real re-scan would not: Passcreator's `createdOn` has one-second precision).
 */
export function scanOf(
  token: string,
  extra: Partial<NormalisedScan> & { clock?: TestClock } = {},
): NormalisedScan {
  scanCounter += 1;
  const { clock, ...fields } = extra;
  return {
    token,
    inputType: 'Barcode',
    barcodeType: 'QRCode',
    source: 'wedge',
    receivedAt: clock ? clock.ms : Date.now() + scanCounter * 1_000,
    scanId: `scan-${scanCounter}`,
    ...fields,
  };
}

/** A validate context that keeps every request id the provider reports. */
export interface RecordingContext extends ValidateContext {
  readonly requestIds: string[];
}

/** A validate context with a generous default deadline (the kiosk's budget is tested elsewhere). */
export function contextWith(signal: AbortSignal = AbortSignal.timeout(5_000)): RecordingContext {
  const requestIds: string[] = [];
  return { signal, requestIds, onRequestId: (id) => requestIds.push(id) };
}

/** One request as the provider handed it to the transport, with its URL and JSON body parsed. */
export interface RecordedRequest extends HttpRequest {
  readonly target: URL;
  /** The body parsed as JSON; undefined for no body or a non-JSON (e.g. gzip) body. */
  readonly json: unknown;
}

/** A transport that records every request and then sends it on for real (or through `inner`). */
export function recordingTransport(inner: HttpTransport = nodeHttpTransport): {
  transport: HttpTransport;
  requests: RecordedRequest[];
} {
  const requests: RecordedRequest[] = [];
  const transport: HttpTransport = (req) => {
    requests.push({ ...req, target: new URL(req.url), json: jsonOf(req.body) });
    return inner(req);
  };
  return { transport, requests };
}

function jsonOf(body: HttpRequest['body']): unknown {
  if (typeof body !== 'string') return undefined;
  try {
    return JSON.parse(body) as unknown;
  } catch {
    return undefined;
  }
}

/** Settles a promise and reports how long it took, so tests can bound promptness loosely. */
export async function timed<T>(
  promise: Promise<T>,
): Promise<{ ms: number; result: { ok: true; value: T } | { ok: false; error: unknown } }> {
  const start = performance.now();
  try {
    const value = await promise;
    return { ms: performance.now() - start, result: { ok: true, value } };
  } catch (error) {
    return { ms: performance.now() - start, result: { ok: false, error } };
  }
}

/** A signal that aborts after `ms`, as the kiosk's decision budget does. */
export function abortAfter(ms: number): AbortSignal {
  const controller = new AbortController();
  setTimeout(() => controller.abort(new Error('decision budget exhausted')), ms);
  return controller.signal;
}

/** The error a promise rejects with (fails the test if it resolves). */
export async function rejectionOf(promise: Promise<unknown>): Promise<Error> {
  const outcome = await timed(promise);
  if (outcome.result.ok) throw new Error('expected a rejection, got a value');
  return outcome.result.error as Error;
}

export interface RawAnswer {
  status: number;
  /** Parsed JSON, or the text when it is not JSON. */
  json: unknown;
}

/** A raw HTTP request (JSON body by default), for checks on a sandbox's own answers. */
export async function rawRequest(
  url: string,
  init: { method?: string; headers?: Record<string, string>; body?: unknown } = {},
): Promise<RawAnswer> {
  const method = init.method ?? 'POST';
  const res = await fetch(url, {
    method,
    headers: { 'Content-Type': 'application/json', ...init.headers },
    ...(method !== 'GET' && { body: JSON.stringify(init.body ?? {}) }),
  });
  const text = await res.text();
  try {
    return { status: res.status, json: JSON.parse(text) as unknown };
  } catch {
    return { status: res.status, json: text };
  }
}

/** A request to a sandbox's control endpoint (`/__sandbox/<name>`) with its token, as tests and the demo make. */
export function controlRequest(
  sandbox: Pick<SandboxHandle, 'url' | 'controlToken'>,
  name: string,
  init: { method?: 'GET' | 'POST'; body?: unknown } = {},
): Promise<RawAnswer> {
  return rawRequest(`${sandbox.url}/__sandbox/${name}`, {
    method: init.method ?? 'POST',
    headers: { [CONTROL_TOKEN_HEADER]: sandbox.controlToken },
    body: init.body,
  });
}
