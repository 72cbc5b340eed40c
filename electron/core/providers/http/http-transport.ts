/**
 * The one way providers talk HTTP. A small function type, so every provider shares the same bounded,
 * abortable transport and tests can wrap it (record headers, substitute an answer) while still running the
 * production code path underneath.
 */
export interface HttpRequest {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  url: string;
  headers: Record<string, string>;
  body?: string | Uint8Array;
  signal: AbortSignal;
  /** The answer is refused (ProviderProtocolError) once its body passes this many bytes. */
  maxBytes: number;
  /** Names the call in error messages, e.g. `Entry V1 scan`. Never contains secrets. */
  label: string;
}

export interface HttpAnswer {
  status: number;
  text: string;
}

export type HttpTransport = (request: HttpRequest) => Promise<HttpAnswer>;
