import type { HttpAnswer } from '../http/http-transport.js';
import { answerError, serverWords, type Scrub } from '../http/answers.js';
import { VivenuErrorResponse } from './response-schemas.js';

/** vivenu's error body `{statusCode, error, message}`; validation errors list several messages. */
function vivenuErrorWords(json: unknown): string | undefined {
  const parsed = VivenuErrorResponse.safeParse(json);
  if (!parsed.success) return undefined;
  const { message } = parsed.data;
  return Array.isArray(message) ? message.join('; ') : message;
}

/**
 * A non-2xx answer as an error. vivenu has no sessions to renew, so auth refusals, throttling and server
 * faults all mean "cannot decide now" (unavailable); other client errors mean the kiosk and the server
 * disagree on the protocol. Callers turn the 4xx vivenu uses for "no such ticket" (404) into a decision first.
 */
export function httpStatusError(answer: HttpAnswer, label: string, scrub: Scrub): Error {
  return answerError(answer, label, scrub, vivenuErrorWords);
}

/** The `message` of a vivenu error body, scrubbed and shortened; undefined when the body is not one. */
export function serverMessage(text: string, scrub: Scrub): string | undefined {
  return serverWords(text, vivenuErrorWords, scrub);
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
