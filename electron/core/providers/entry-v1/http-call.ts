import type { HttpAnswer, HttpTransport } from '../http/http-transport.js';
import { statusError, type Scrub } from '../http/answers.js';

export { parseBody, type Scrub } from '../http/answers.js';
import { EntryV1ErrorResponse } from './response-schemas.js';

/** Size bounds on response bodies: a broken or hostile server must not be able to fill the kiosk's memory. */
export const MAX_RESPONSE_BYTES = 256 * 1024;
/** Get Events is the reference-data download (many events, NFC keys), so it gets more room. */
export const MAX_EVENTS_RESPONSE_BYTES = 8 * 1024 * 1024;

export interface PostOptions {
  transport: HttpTransport;
  url: string;
  headers: Record<string, string>;
  body: unknown;
  signal: AbortSignal;
  maxBytes: number;
  /** Names the call in error messages, e.g. `Entry V1 scan`. */
  label: string;
}

/** POSTs JSON through the shared transport (bounded, abortable; transport failures are "unavailable"). */
export function postJson(opts: PostOptions): Promise<HttpAnswer> {
  return opts.transport({
    method: 'POST',
    url: opts.url,
    headers: { 'Content-Type': 'application/json', Accept: 'application/json', ...opts.headers },
    body: JSON.stringify(opts.body),
    signal: opts.signal,
    maxBytes: opts.maxBytes,
    label: opts.label,
  });
}

/**
 * A non-2xx answer as an error. Auth refusals, throttling and server faults mean "cannot decide now"
 * (unavailable); other client errors mean the kiosk and the server disagree on the protocol.
 */
export function httpStatusError(answer: HttpAnswer, label: string, scrub: Scrub): Error {
  return statusError(answer, label, serverMessage(answer.text, scrub));
}

function serverMessage(text: string, scrub: Scrub): string | undefined {
  try {
    const parsed = EntryV1ErrorResponse.safeParse(JSON.parse(text));
    if (!parsed.success) return undefined;
    const { message } = parsed.data.error;
    const joined = Array.isArray(message) ? message.join('; ') : message;
    return scrub(joined).slice(0, 200);
  } catch {
    return undefined;
  }
}
