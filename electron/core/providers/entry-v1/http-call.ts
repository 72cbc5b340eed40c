import type { HttpAnswer } from '../http/http-transport.js';
import { answerError, type Scrub } from '../http/answers.js';
import { EntryV1ErrorResponse } from './response-schemas.js';

/** Entry V1's error body: `{error: {message (one or a list), error, statusCode}}`. */
function entryV1ErrorWords(json: unknown): string | undefined {
  const parsed = EntryV1ErrorResponse.safeParse(json);
  if (!parsed.success) return undefined;
  const { message } = parsed.data.error;
  return Array.isArray(message) ? message.join('; ') : message;
}

/**
 * A non-2xx answer as an error. Auth refusals, throttling and server faults mean "cannot decide now"
 * (unavailable); other client errors mean the kiosk and the server disagree on the protocol.
 */
export function httpStatusError(answer: HttpAnswer, label: string, scrub: Scrub): Error {
  return answerError(answer, label, scrub, entryV1ErrorWords);
}
