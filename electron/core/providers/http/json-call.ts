import type { HttpAnswer, HttpRequest, HttpTransport } from './http-transport.js';

/** Bound on a single answer (a decision, a record): a broken or hostile server must not fill the memory. */
export const MAX_ANSWER_BYTES = 256 * 1024;
/** Bound on one page of a list or a reference download (many tickets, events, NFC keys). */
export const MAX_LIST_ANSWER_BYTES = 8 * 1024 * 1024;

export interface JsonCall {
  transport: HttpTransport;
  method: HttpRequest['method'];
  url: string;
  /** Auth and any API-specific headers; they win over the JSON defaults. */
  headers?: Record<string, string>;
  /** Sent as JSON; no body (and no Content-Type) when undefined. */
  body?: unknown;
  signal: AbortSignal;
  /** Default `MAX_ANSWER_BYTES`. */
  maxBytes?: number;
  /** Names the call in error messages, e.g. `vivenu scan`. Never contains secrets. */
  label: string;
}

/** One JSON call through the shared transport: bounded, abortable; transport failures are "unavailable". */
export function callJson(call: JsonCall): Promise<HttpAnswer> {
  const hasBody = call.body !== undefined;
  return call.transport({
    method: call.method,
    url: call.url,
    headers: {
      Accept: 'application/json',
      ...(hasBody && { 'Content-Type': 'application/json' }),
      ...call.headers,
    },
    ...(hasBody && { body: JSON.stringify(call.body) }),
    signal: call.signal,
    maxBytes: call.maxBytes ?? MAX_ANSWER_BYTES,
    label: call.label,
  });
}
