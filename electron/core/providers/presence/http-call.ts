import type { HttpAnswer, HttpTransport } from '../http/http-transport.js';
import { statusError } from '../http/answers.js';

export { parseBody, parseValue } from '../http/answers.js';
import { PresenceEnvelope } from './response-schemas.js';

/** Size bound on response bodies: a broken or hostile server must not be able to fill the kiosk's memory. */
export const MAX_RESPONSE_BYTES = 256 * 1024;

/** Removes secrets (the API key) from any text that may end up in an error message or a log line. */
export type Scrub = (text: string) => string;

export function makeScrub(apiKey: string): Scrub {
  return (text) =>
    text
      .split(apiKey)
      .join('[redacted]')
      // Also any `apikey=` query value, in case the server quotes a URL with another key in it.
      .replace(/(apikey=)[^&\s"']*/gi, '$1[redacted]');
}

/**
 * `baseUrl` + `path` + query, with the API key as the `apikey` query parameter (the documented auth on
 * every request). The result contains the key: it is handed to the transport only, never logged.
 */
export function presenceUrl(
  baseUrl: string,
  path: string,
  apiKey: string,
  query: Record<string, string> = {},
): string {
  const url = new URL(baseUrl.replace(/\/+$/, '') + path);
  for (const [name, value] of Object.entries(query)) url.searchParams.set(name, value);
  url.searchParams.set('apikey', apiKey);
  return url.toString();
}

export interface CallOptions {
  transport: HttpTransport;
  method: 'GET' | 'POST';
  url: string;
  body?: unknown;
  signal: AbortSignal;
  maxBytes?: number;
  /** Names the call in error messages, e.g. `Presence enter`. Never contains secrets. */
  label: string;
}

/** One Presence call through the shared transport (bounded, abortable; transport failures are "unavailable"). */
export function callPresence(opts: CallOptions): Promise<HttpAnswer> {
  const headers: Record<string, string> = { Accept: 'application/json' };
  if (opts.body !== undefined) headers['Content-Type'] = 'application/json';
  return opts.transport({
    method: opts.method,
    url: opts.url,
    headers,
    ...(opts.body !== undefined && { body: JSON.stringify(opts.body) }),
    signal: opts.signal,
    maxBytes: opts.maxBytes ?? MAX_RESPONSE_BYTES,
    label: opts.label,
  });
}

export { isSuccessStatus as isSuccess, isUnavailableStatus } from '../http/answers.js';

/** The envelope's `result.status` of a non-2xx answer, when the body is a Presence envelope. */
export function envelopeStatus(answer: HttpAnswer): string | undefined {
  try {
    const parsed = PresenceEnvelope.safeParse(JSON.parse(answer.text));
    return parsed.success ? parsed.data.result.status : undefined;
  } catch {
    return undefined;
  }
}

/** A non-2xx answer as an error: unavailable for auth/throttle/server faults, else a protocol error. */
export function httpStatusError(answer: HttpAnswer, label: string, scrub: Scrub): Error {
  return statusError(answer, label, serverMessage(answer.text, scrub));
}

/** The server's own words, scrubbed and cut short: the Presence envelope, or an Apigee-style fault. */
function serverMessage(text: string, scrub: Scrub): string | undefined {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return undefined;
  }
  const envelope = PresenceEnvelope.safeParse(json);
  let words: string | undefined;
  if (envelope.success) {
    words = [envelope.data.result.status, envelope.data.result.message].filter(Boolean).join(': ');
  } else if (isRecord(json) && isRecord(json.fault) && typeof json.fault.faultstring === 'string') {
    words = json.fault.faultstring;
  }
  return words ? scrub(words).slice(0, 200) : undefined;
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
