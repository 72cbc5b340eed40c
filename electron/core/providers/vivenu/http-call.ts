import type { HttpAnswer, HttpTransport } from '../http/http-transport.js';
import { statusError, type Scrub } from '../http/answers.js';
import { VivenuErrorResponse } from './response-schemas.js';

export { fillPath, parseBody, type Scrub } from '../http/answers.js';

/** Size bounds on response bodies: a broken or hostile server must not be able to fill the kiosk's memory. */
export const MAX_RESPONSE_BYTES = 256 * 1024;
/** One page of the ticket download or of the scans list. */
export const MAX_PAGE_BYTES = 8 * 1024 * 1024;

export interface VivenuCall {
  transport: HttpTransport;
  method: 'GET' | 'POST';
  url: string;
  headers: Record<string, string>;
  body?: unknown;
  signal: AbortSignal;
  maxBytes: number;
  label: string;
}

/** One JSON call through the shared transport (bounded, abortable; transport failures are "unavailable"). */
export function callJson(call: VivenuCall): Promise<HttpAnswer> {
  return call.transport({
    method: call.method,
    url: call.url,
    headers: {
      Accept: 'application/json',
      ...(call.body !== undefined && { 'Content-Type': 'application/json' }),
      ...call.headers,
    },
    ...(call.body !== undefined && { body: JSON.stringify(call.body) }),
    signal: call.signal,
    maxBytes: call.maxBytes,
    label: call.label,
  });
}

export function isOk(answer: HttpAnswer): boolean {
  return answer.status >= 200 && answer.status <= 299;
}

/**
 * A non-2xx answer as an error. vivenu has no sessions to renew, so auth refusals, throttling and server
 * faults all mean "cannot decide now" (unavailable); other client errors mean the kiosk and the server
 * disagree on the protocol. Callers turn the 4xx vivenu uses for "no such ticket" (404) into a decision first.
 */
export function httpStatusError(answer: HttpAnswer, label: string, scrub: Scrub): Error {
  return statusError(answer, label, serverMessage(answer.text, scrub));
}

/** The `message` of a vivenu error body, scrubbed and shortened; undefined when the body is not one. */
export function serverMessage(text: string, scrub: Scrub): string | undefined {
  try {
    const parsed = VivenuErrorResponse.safeParse(JSON.parse(text));
    if (!parsed.success) return undefined;
    const { message } = parsed.data;
    const joined = Array.isArray(message) ? message.join('; ') : message;
    return scrub(joined).slice(0, 200);
  } catch {
    return undefined;
  }
}

export function joinUrl(
  base: string,
  path: string,
  query?: Record<string, string | number | undefined>,
): string {
  let url = base.replace(/\/+$/, '') + path;
  if (query) {
    const params = new URLSearchParams();
    for (const [k, v] of Object.entries(query)) if (v !== undefined) params.set(k, String(v));
    const qs = params.toString();
    if (qs) url += `?${qs}`;
  }
  return url;
}
