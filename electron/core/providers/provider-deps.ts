import type { HttpTransport } from './http/http-transport.js';

/**
 * What providers write to: a structural subset of the core's pino logger, so tests can pass a stub.
 * Secrets and whole ticket tokens are never passed to it.
 */
export interface ProviderLogger {
  debug(fields: Record<string, unknown>, msg: string): void;
  warn(fields: Record<string, unknown>, msg: string): void;
}

/** What every provider may be given besides its settings; each takes the parts it uses. */
export interface ProviderDeps {
  /** HTTP transport; tests wrap the default to observe or substitute answers. */
  transport?: HttpTransport;
  logger?: ProviderLogger;
  /** Epoch ms (session renewal, expiry checks, download windows). Default `Date.now`. */
  now?: () => number;
}
