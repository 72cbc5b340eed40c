import type { HttpAnswer, HttpTransport } from '../http/http-transport.js';
import { answerError, type Scrub } from '../http/answers.js';
import { callJson } from '../http/json-call.js';
import { PasscreatorErrorBody } from './response-schemas.js';

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
  const { apiKey, ...rest } = opts;
  return callJson({ ...rest, headers: { Authorization: apiKey } });
}

/** Passcreator documents no error body; checkbyid's `error` field and a `message` are read when present. */
function passcreatorErrorWords(json: unknown): string | undefined {
  const parsed = PasscreatorErrorBody.safeParse(json);
  if (!parsed.success) return undefined;
  return [parsed.data.error, parsed.data.message].filter(Boolean).join('; ') || undefined;
}

/**
 * A non-2xx answer as an error. The API has no sessions, so there is no re-auth to try: an auth refusal,
 * throttling or a server fault means "cannot decide now" (unavailable); other client errors mean the
 * kiosk and the server disagree (protocol). Callers handle the 404s that mean "no such pass" first.
 */
export function httpStatusError(answer: HttpAnswer, label: string, scrub: Scrub): Error {
  return answerError(answer, label, scrub, passcreatorErrorWords);
}
