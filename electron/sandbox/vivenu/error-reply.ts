import { STATUS_CODES } from 'node:http';
import { errorReplyWith, type Reply } from '../common/http-io.js';

/** vivenu's error shape `{statusCode, error, message}`; several messages come as an array (validation). */
export function vivenuErrorBody(statusCode: number, messages: string[]) {
  return {
    statusCode,
    error: STATUS_CODES[statusCode] ?? 'Error',
    message: messages.length === 1 ? messages[0] : messages,
  };
}

export function errorReply(status: number, ...messages: string[]): Reply {
  return errorReplyWith(vivenuErrorBody, status, ...messages);
}
