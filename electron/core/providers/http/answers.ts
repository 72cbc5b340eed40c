import type { z } from 'zod';
import { ProviderProtocolError, ProviderUnavailableError } from '../provider.js';
import type { HttpAnswer } from './http-transport.js';

/** Removes secrets (API keys, tokens) from any text that may end up in an error message or a log line. */
export type Scrub = (text: string) => string;

/**
 * A scrub that blanks every current secret (read at each call: a session token changes) out of
 * server-provided text, then applies `rewrites`: [pattern, replacement] pairs for key- or token-shaped
 * text the server may quote (another key in a URL it echoes, an older session token).
 */
export function secretScrub(
  secrets: () => readonly (string | undefined)[],
  rewrites: readonly (readonly [RegExp, string])[] = [],
): Scrub {
  return (text) => {
    let out = text;
    for (const secret of secrets()) if (secret) out = out.split(secret).join('[redacted]');
    for (const [pattern, replacement] of rewrites) out = out.replace(pattern, replacement);
    return out;
  };
}

export const isSuccessStatus = (status: number): boolean => status >= 200 && status <= 299;

/** Auth refusals, throttling and server faults: the API cannot decide now. */
export const isUnavailableStatus = (status: number): boolean =>
  status === 401 || status === 403 || status === 408 || status === 429 || status >= 500;

/** Parses a body with a schema; bad JSON or a wrong shape is a protocol error. */
export function parseBody<S extends z.ZodType>(answer: HttpAnswer, schema: S, label: string): z.output<S> {
  let json: unknown;
  try {
    json = JSON.parse(answer.text);
  } catch {
    throw new ProviderProtocolError(`${label}: malformed JSON`, answer.status);
  }
  return parseValue(json, schema, label, answer.status);
}

/** Checks an already-parsed value; issue paths and codes only, never the received values (tokens, keys). */
export function parseValue<S extends z.ZodType>(
  value: unknown,
  schema: S,
  label: string,
  status?: number,
): z.output<S> {
  const parsed = schema.safeParse(value);
  if (!parsed.success) {
    const where = parsed.error.issues
      .slice(0, 3)
      .map((i) => `${i.path.join('.') || '(root)'}: ${i.code}`)
      .join('; ');
    throw new ProviderProtocolError(`${label}: unexpected response (${where})`, status);
  }
  return parsed.data;
}

/**
 * A non-2xx answer as an error: "unavailable" (retry, go offline) for auth refusals, throttling and server
 * faults; "protocol" (the kiosk and the server disagree) for other client errors. `detail` is the
 * server's own message, already scrubbed. Callers turn the statuses their API uses for "no such ticket"
 * into decisions first.
 */
export function statusError(answer: HttpAnswer, label: string, detail: string | undefined): Error {
  const message = `${label}: HTTP ${answer.status}${detail ? ` (${detail})` : ''}`;
  return isUnavailableStatus(answer.status)
    ? new ProviderUnavailableError(message, answer.status)
    : new ProviderProtocolError(message, answer.status);
}

/** Picks an API's own error words out of a parsed error body; undefined when the body is not one. */
export type ErrorWordsReader = (json: unknown) => string | undefined;

/** The server's own words from an answer's body, scrubbed and cut to 200 characters. */
export function serverWords(text: string, read: ErrorWordsReader, scrub: Scrub): string | undefined {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return undefined;
  }
  const words = read(json);
  return words ? scrub(words).slice(0, 200) : undefined;
}

/** `statusError` with the server's own words from the body, read by the API's reader. */
export function answerError(answer: HttpAnswer, label: string, scrub: Scrub, read: ErrorWordsReader): Error {
  return statusError(answer, label, serverWords(answer.text, read, scrub));
}

/** Fills `{name}` segments of a path template, each value percent-encoded (barcodes may hold `/` or `?`). */
export function fillPath(template: string, values: Record<string, string>): string {
  return template.replace(/\{([A-Za-z]+)\}/g, (whole, name: string) =>
    Object.hasOwn(values, name) ? encodeURIComponent(values[name] as string) : whole,
  );
}
