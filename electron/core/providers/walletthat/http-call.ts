import type { z } from 'zod';
import { ProviderProtocolError, ProviderUnavailableError } from '../provider.js';
import type { HttpAnswer, HttpTransport } from '../http/http-transport.js';
import {
  isSuccessStatus,
  isUnavailableStatus,
  parseValue,
  serverWords,
  type Scrub,
} from '../http/answers.js';
import { callJson } from '../http/json-call.js';
import { WalletThatEnvelope, WalletThatFailure } from './response-schemas.js';

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
  const answer = await callJson({
    transport: call.transport,
    method: 'POST',
    url: call.url,
    headers: { 'X-Api-Key': call.apiKey },
    body: call.body,
    signal: call.signal,
    label,
  });
  const { status } = answer;
  if (isUnavailableStatus(status)) {
    throw new ProviderUnavailableError(withDetail(`${label}: HTTP ${status}`, answer, call.scrub), status);
  }
  const is2xx = isSuccessStatus(status);
  let json: unknown;
  try {
    json = JSON.parse(answer.text);
  } catch {
    if (!is2xx) throw new ProviderProtocolError(`${label}: HTTP ${status}`, status);
    throw new ProviderProtocolError(`${label}: malformed JSON`, status);
  }
  const envelope = WalletThatEnvelope.safeParse(json);
  if (envelope.success && /^failure$/i.test(envelope.data.status)) {
    const failure = parseValue(json, WalletThatFailure, label, status);
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
  return { kind: 'success', body: parseValue(json, call.success, label, status), httpStatus: status };
}

/** Appends the server's `error-code`/`error-message`, scrubbed and cut short, when the body has them. */
function withDetail(message: string, answer: HttpAnswer, scrub: Scrub): string {
  const detail = serverWords(answer.text, failureWords, scrub);
  return detail ? `${message} (${detail})` : message;
}

function failureWords(json: unknown): string | undefined {
  const parsed = WalletThatFailure.safeParse(json);
  return parsed.success ? describeFailure(parsed.data, (text) => text) : undefined;
}

/** `E808: The pass-id value is invalid.`, scrubbed; for error messages and the journal. */
export function describeFailure(failure: WalletThatFailure, scrub: Scrub): string | undefined {
  const parts = [failure['error-code'], failure['error-message']].filter((p): p is string => !!p);
  if (parts.length === 0) return undefined;
  return scrub(parts.join(': ')).slice(0, 200);
}
