import type { IncomingMessage } from 'node:http';
import { timingSafeEqual } from 'node:crypto';

/** Header that carries a sandbox's control token on every `/__sandbox/*` request. */
export const CONTROL_TOKEN_HEADER = 'x-sandbox-control-token';

export interface ControlRefusal {
  status: number;
  reason: string;
}

/**
 * The web shell's rules, applied to a sandbox's control endpoints (`/__sandbox/*`): the fault knobs can make
 * a demo kiosk fall back to its offline rules, so a web page must not be able to reach them through the
 * patron's browser (DNS rebinding, a cross-site `text/plain` POST) and another local process must not
 * either without the token.
 *  - `Host` must be this sandbox's own loopback name and port (rebinding sends the attacker's host name);
 *  - an `Origin`, when sent, must be that same loopback origin (a browser always sends one cross-site);
 *  - a POST must say `application/json` (a cross-site form or `fetch` without a CORS preflight cannot);
 *  - the per-sandbox token must match (compared in constant time).
 * Returns why a request is refused, or undefined when it may proceed.
 */
export function refuseControlRequest(
  req: IncomingMessage,
  port: number,
  token: string,
): ControlRefusal | undefined {
  const hosts = [`127.0.0.1:${port}`, `localhost:${port}`];
  if (!hosts.includes(req.headers.host ?? '')) return { status: 421, reason: 'Host is not this sandbox' };
  const origin = req.headers.origin;
  if (origin !== undefined && !hosts.some((h) => origin === `http://${h}`))
    return { status: 403, reason: 'foreign Origin' };
  if (req.method === 'POST' && mediaType(req.headers['content-type']) !== 'application/json')
    return { status: 415, reason: 'control requests must be application/json' };
  if (!sameSecret(headerValue(req.headers[CONTROL_TOKEN_HEADER]), token))
    return { status: 401, reason: 'control token missing or wrong' };
  return undefined;
}

function mediaType(contentType: string | undefined): string {
  return (contentType ?? '').split(';')[0]!.trim().toLowerCase();
}

function headerValue(value: string | string[] | undefined): string {
  return Array.isArray(value) ? (value[0] ?? '') : (value ?? '');
}

function sameSecret(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}
