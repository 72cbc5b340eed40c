import type { IncomingMessage, ServerResponse } from 'node:http';
import { STATUS_CODES } from 'node:http';

export class BodyTooLargeError extends Error {}

/** Reads a request body into memory, refusing more than `maxBytes` (the sandbox is not a sink). */
export async function readRequestBody(req: IncomingMessage, maxBytes: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > maxBytes) throw new BodyTooLargeError(`request body above ${maxBytes} bytes`);
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}

/** A prepared answer; the server writes it whole or dripped. */
export interface Reply {
  status: number;
  body: string | Buffer;
  contentType?: string;
}

export function jsonReply(status: number, value: unknown): Reply {
  return { status, body: JSON.stringify(value) };
}

/** Each API has its own error body; the sandbox server builds error replies through one of these. */
export type ErrorBody = (statusCode: number, messages: string[]) => unknown;

export function errorReplyWith(errorBody: ErrorBody, status: number, ...messages: string[]): Reply {
  return jsonReply(
    status,
    errorBody(status, messages.length > 0 ? messages : [STATUS_CODES[status] ?? 'Error']),
  );
}

/** Resolves after `ms`, or early (false) when the client goes away, so no timer outlives its request. */
export function waitUnlessClosed(res: ServerResponse, ms: number): Promise<boolean> {
  if (res.destroyed) return Promise.resolve(false);
  return new Promise((resolve) => {
    const onClose = () => {
      clearTimeout(timer);
      resolve(false);
    };
    const timer = setTimeout(() => {
      res.off('close', onClose);
      resolve(true);
    }, ms);
    res.once('close', onClose);
  });
}

export function writeReply(res: ServerResponse, reply: Reply): void {
  const body = typeof reply.body === 'string' ? Buffer.from(reply.body) : reply.body;
  res.writeHead(reply.status, {
    'Content-Type': reply.contentType ?? 'application/json; charset=utf-8',
    'Content-Length': body.length,
  });
  res.end(body);
}

const DRIP_CHUNK_BYTES = 4;

/** Writes the reply `DRIP_CHUNK_BYTES` at a time with `dripMs` between writes (a slow or stalling network). */
export async function dripReply(res: ServerResponse, reply: Reply, dripMs: number): Promise<void> {
  const body = typeof reply.body === 'string' ? Buffer.from(reply.body) : reply.body;
  res.writeHead(reply.status, {
    'Content-Type': reply.contentType ?? 'application/json; charset=utf-8',
    'Content-Length': body.length,
  });
  res.flushHeaders();
  for (let offset = 0; offset < body.length; offset += DRIP_CHUNK_BYTES) {
    if (!(await waitUnlessClosed(res, dripMs))) return;
    res.write(body.subarray(offset, offset + DRIP_CHUNK_BYTES));
  }
  res.end();
}
