import { errorReplyWith, type Reply } from '../common/http-io.js';

/**
 * Body of the sandbox's HTTP-level errors (401, 4xx, faults). The seed documents only the Failure shape
 * `{status, error-code, error-message}` and no codes for transport-level errors, so these carry the shape
 * without an `error-code` rather than invent one.
 */
export function walletThatErrorBody(_statusCode: number, messages: string[]) {
  return { status: 'Failure', 'error-message': messages.join('; ') };
}

export function errorReply(status: number, ...messages: string[]): Reply {
  return errorReplyWith(walletThatErrorBody, status, ...messages);
}
