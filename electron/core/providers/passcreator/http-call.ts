import type { HttpAnswer, HttpTransport } from '../http/http-transport.js';
import { statusError, type Scrub } from '../http/answers.js';
import { PasscreatorErrorBody } from './response-schemas.js';

export { fillPath, parseBody, type Scrub } from '../http/answers.js';

/** Size bounds: a broken or hostile server must not be able to fill the kiosk's memory. */
export const MAX_RESPONSE_BYTES = 256 * 1024;
/** Scan-list pages (reference data) get more room. */
export const MAX_LIST_RESPONSE_BYTES = 8 * 1024 * 1024;

export interface CallOptions {
  transport: HttpTransport;
  method: 'GET' | 'POST';
  url: string;
  apiKey: string;
  body?: unknown;
  signal: AbortSignal;
  maxBytes?: number;
  /** Names the call in error messages, e.g. `Passcreator app scan`. Never contains secrets. */
  label: string;
}

/** One Passcreator call: the API key as the bare `Authorization` header (documented: no "Bearer"). */
export function call(opts: CallOptions): Promise<HttpAnswer> {
  const headers: Record<string, string> = { Authorization: opts.apiKey, Accept: 'application/json' };
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

export function isSuccess(answer: HttpAnswer): boolean {
  return answer.status >= 200 && answer.status <= 299;
}

/**
 * A non-2xx answer as an error. The API has no sessions, so there is no re-auth to try: an auth refusal,
 * throttling or a server fault means "cannot decide now" (unavailable); other client errors mean the
 * kiosk and the server disagree (protocol). Callers handle the 404s that mean "no such pass" first.
 */
export function httpStatusError(answer: HttpAnswer, label: string, scrub: Scrub): Error {
  return statusError(answer, label, serverMessage(answer.text, scrub));
}

function serverMessage(text: string, scrub: Scrub): string | undefined {
  try {
    const parsed = PasscreatorErrorBody.safeParse(JSON.parse(text));
    if (!parsed.success) return undefined;
    const joined = [parsed.data.error, parsed.data.message].filter(Boolean).join('; ');
    return joined ? scrub(joined).slice(0, 200) : undefined;
  } catch {
    return undefined;
  }
}
