import type { HttpAnswer } from '../http/http-transport.js';
import { answerError, secretScrub, type Scrub } from '../http/answers.js';
import { PresenceEnvelope } from './response-schemas.js';

/** Blanks the API key, and any `apikey=` query value the server may quote, out of server text. */
export function makeScrub(apiKey: string): Scrub {
  return secretScrub(() => [apiKey], [[/(apikey=)[^&\s"']*/gi, '$1[redacted]']]);
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

/** The envelope's `result.status` of a non-2xx answer, when the body is a Presence envelope. */
export function envelopeStatus(answer: HttpAnswer): string | undefined {
  try {
    const parsed = PresenceEnvelope.safeParse(JSON.parse(answer.text));
    return parsed.success ? parsed.data.result.status : undefined;
  } catch {
    return undefined;
  }
}

/** The Presence envelope's status and message, or an Apigee-style `fault.faultstring`. */
function presenceErrorWords(json: unknown): string | undefined {
  const envelope = PresenceEnvelope.safeParse(json);
  if (envelope.success)
    return [envelope.data.result.status, envelope.data.result.message].filter(Boolean).join(': ');
  if (isRecord(json) && isRecord(json.fault) && typeof json.fault.faultstring === 'string')
    return json.fault.faultstring;
  return undefined;
}

/** A non-2xx answer as an error: unavailable for auth/throttle/server faults, else a protocol error. */
export function httpStatusError(answer: HttpAnswer, label: string, scrub: Scrub): Error {
  return answerError(answer, label, scrub, presenceErrorWords);
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
