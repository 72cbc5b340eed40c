import type { z } from 'zod';
import { ProviderProtocolError, ProviderUnavailableError } from '../provider.js';
import type { HttpAnswer, HttpTransport } from '../http/http-transport.js';
import { WalletThatEnvelope, WalletThatFailure } from './response-schemas.js';

/** A broken or hostile server must not be able to fill the kiosk's memory. */
export const MAX_RESPONSE_BYTES = 256 * 1024;

/** Removes secrets (the API key) from text that may end up in an error message or a log line. */
export type Scrub = (text: string) => string;

export type ActionAnswer<T> =
  | { kind: 'success'; body: T; httpStatus: number }
  | { kind: 'failure'; failure: WalletThatFailure; httpStatus: number };

export interface ActionCall<S extends z.ZodType> {
  transport: HttpTransport;
  url: string;
  apiKey: string;
  /** The JSON body; must carry `action`. */
  body: { action: string } & Record<string, unknown>;
  signal: AbortSignal;
  /** Schema of a Success answer. */
  success: S;
  scrub: Scrub;
}

/**
 * One WalletThat call: POST the action, then sort the answer into Success / Failure / error.
 * A Failure answer is data (the caller maps its code), not an exception: the seed does not say which
 * HTTP status carries it, so one is accepted with any 2xx, and with a 4xx that is not an auth or
 * throttling status.
 */
export async function callAction<S extends z.ZodType>(
  call: ActionCall<S>,
): Promise<ActionAnswer<z.output<S>>> {
  const label = `WalletThat ${call.body.action}`;
  const answer = await call.transport({
    method: 'POST',
    url: call.url,
    headers: { 'Content-Type': 'application/json', Accept: 'application/json', 'X-Api-Key': call.apiKey },
    body: JSON.stringify(call.body),
    signal: call.signal,
    maxBytes: MAX_RESPONSE_BYTES,
    label,
  });
  const { status } = answer;
  if (status === 401 || status === 403 || status === 408 || status === 429 || status >= 500) {
    throw new ProviderUnavailableError(withDetail(`${label}: HTTP ${status}`, answer, call.scrub), status);
  }
  const is2xx = status >= 200 && status <= 299;
  let json: unknown;
  try {
    json = JSON.parse(answer.text);
  } catch {
    if (!is2xx) throw new ProviderProtocolError(`${label}: HTTP ${status}`, status);
    throw new ProviderProtocolError(`${label}: malformed JSON`, status);
  }
  const envelope = WalletThatEnvelope.safeParse(json);
  if (envelope.success && /^failure$/i.test(envelope.data.status)) {
    const failure = parseWith(json, WalletThatFailure, label, status);
    // Off 2xx, only a coded Failure is an API answer; a bare one is a proxy or gateway talking.
    if (is2xx || failure['error-code']) return { kind: 'failure', failure, httpStatus: status };
  }
  if (!is2xx)
    throw new ProviderProtocolError(withDetail(`${label}: HTTP ${status}`, answer, call.scrub), status);
  if (envelope.success && !/^success$/i.test(envelope.data.status)) {
    throw new ProviderProtocolError(
      `${label}: unknown status "${call.scrub(envelope.data.status).slice(0, 40)}"`,
      status,
    );
  }
  return { kind: 'success', body: parseWith(json, call.success, label, status), httpStatus: status };
}

function parseWith<S extends z.ZodType>(
  json: unknown,
  schema: S,
  label: string,
  status: number,
): z.output<S> {
  const parsed = schema.safeParse(json);
  if (!parsed.success) {
    // Paths and expectations only, never the received values (they could be a token or a key).
    const where = parsed.error.issues
      .slice(0, 3)
      .map((i) => `${i.path.join('.') || '(root)'}: ${i.code}`)
      .join('; ');
    throw new ProviderProtocolError(`${label}: unexpected response (${where})`, status);
  }
  return parsed.data;
}

/** Appends the server's `error-code`/`error-message`, scrubbed and cut short, when the body has them. */
function withDetail(message: string, answer: HttpAnswer, scrub: Scrub): string {
  const detail = failureDetail(answer.text, scrub);
  return detail ? `${message} (${detail})` : message;
}

function failureDetail(text: string, scrub: Scrub): string | undefined {
  try {
    const parsed = WalletThatFailure.safeParse(JSON.parse(text));
    if (!parsed.success) return undefined;
    return describeFailure(parsed.data, scrub);
  } catch {
    return undefined;
  }
}

/** `E808: The pass-id value is invalid.`, scrubbed; for error messages and the journal. */
export function describeFailure(failure: WalletThatFailure, scrub: Scrub): string | undefined {
  const parts = [failure['error-code'], failure['error-message']].filter((p): p is string => !!p);
  if (parts.length === 0) return undefined;
  return scrub(parts.join(': ')).slice(0, 200);
}
