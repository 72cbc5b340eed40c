import { errorReplyWith, type Reply } from '../common/http-io.js';

/**
 * Error bodies. Presence answers its own envelope `{result:{status,message}}`; auth refusals come from the
 * API gateway (Apigee) in its `fault` shape, as the key is checked before Presence sees the request.
 */
export function presenceErrorBody(statusCode: number, messages: string[]): unknown {
  const message = messages.join('; ');
  // A path no proxy serves: the gateway's own 404, not a Presence NOT_FOUND (which means "no such ticket").
  if (statusCode === 404 && message.startsWith('Cannot ')) {
    return {
      fault: {
        faultstring: message,
        detail: { errorcode: 'messaging.adaptors.http.flow.ApplicationNotFound' },
      },
    };
  }
  if (statusCode === 401 || statusCode === 403) {
    return { fault: { faultstring: message, detail: { errorcode: 'oauth.v2.InvalidApiKey' } } };
  }
  const status = statusCode === 400 ? 'BAD_REQUEST' : statusCode === 404 ? 'NOT_FOUND' : 'GENERAL_ERROR';
  return { result: { status, message } };
}

export function errorReply(status: number, ...messages: string[]): Reply {
  return errorReplyWith(presenceErrorBody, status, ...messages);
}
