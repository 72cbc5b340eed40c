import { STATUS_CODES } from 'node:http';
import { errorReplyWith, type Reply } from '../common/http-io.js';

/** Entry V1's documented error shape: `{error:{message:[...],error,statusCode}}`. */
export function entryV1ErrorBody(statusCode: number, messages: string[]) {
  return { error: { message: messages, error: STATUS_CODES[statusCode] ?? 'Error', statusCode } };
}

export function errorReply(status: number, ...messages: string[]): Reply {
  return errorReplyWith(entryV1ErrorBody, status, ...messages);
}
