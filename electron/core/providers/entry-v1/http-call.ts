import type { z } from 'zod';
import { ProviderProtocolError, ProviderUnavailableError } from '../provider.js';
import type { HttpAnswer, HttpTransport } from '../http/http-transport.js';
import { EntryV1ErrorResponse } from './response-schemas.js';

/** Size bounds on response bodies: a broken or hostile server must not be able to fill the kiosk's memory. */
export const MAX_RESPONSE_BYTES = 256 * 1024;
/** Get Events is the reference-data download (many events, NFC keys), so it gets more room. */
export const MAX_EVENTS_RESPONSE_BYTES = 8 * 1024 * 1024;

/** Removes secrets (API key, JWTs) from any text that may end up in an error message or a log line. */
export type Scrub = (text: string) => string;

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

/** Parses a 2xx body with a schema; bad JSON or a wrong shape is a protocol error. */
export function parseBody<S extends z.ZodType>(answer: HttpAnswer, schema: S, label: string): z.output<S> {
  let json: unknown;
  try {
    json = JSON.parse(answer.text);
  } catch {
    throw new ProviderProtocolError(`${label}: malformed JSON`, answer.status);
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) {
    // Paths and expectations only, never the received values (they could be a token or a key).
    const where = parsed.error.issues
      .slice(0, 3)
      .map((i) => `${i.path.join('.') || '(root)'}: ${i.code}`)
      .join('; ');
    throw new ProviderProtocolError(`${label}: unexpected response (${where})`, answer.status);
  }
  return parsed.data;
}

/**
 * A non-2xx answer as an error. Auth refusals, throttling and server faults mean "cannot decide now"
 * (unavailable); other client errors mean the kiosk and the server disagree on the protocol.
 */
export function httpStatusError(answer: HttpAnswer, label: string, scrub: Scrub): Error {
  const detail = serverMessage(answer.text, scrub);
  const message = `${label}: HTTP ${answer.status}${detail ? ` (${detail})` : ''}`;
  const { status } = answer;
  if (status === 401 || status === 403 || status === 408 || status === 429 || status >= 500) {
    return new ProviderUnavailableError(message, status);
  }
  return new ProviderProtocolError(message, status);
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
