import { randomBytes } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import { jsonReply, type Reply } from '../common/http-io.js';
import { errorReply } from './error-reply.js';
import { isPassStatus, type PassCounters, type PassStore } from './pass-store.js';
import type { SandboxPass, StatusPlacement } from './types.js';

export interface ActionContext {
  apiKey: string;
  store: PassStore;
  counters: PassCounters;
  statusPlacement: StatusPlacement;
  /** HTTP status Failure answers go out with (the seed does not say; 200 by default). */
  failureHttpStatus: number;
  /** Countdown of UpdatePassData calls to answer with the documented E809 internal error. */
  updateFailures: { left: number };
}

type Json = Record<string, unknown>;

/**
 * The seed's documented error answers, word for word. Its samples write `"FAILURE"` for GetPassData and
 * GetPassTemplate and `"Failure"` for UpdatePassData; the sandbox keeps that difference so the client is
 * tested against both spellings.
 */
const FAILURES = {
  passIdInvalid: { 'error-code': 'E808', 'error-message': 'The pass-id value is invalid.' },
  templateIdInvalid: { 'error-code': 'E802', 'error-message': 'The pass-template-id value is invalid.' },
  notUpdated: { 'error-code': 'E809', 'error-message': 'Internal Error. The pass was not updated.' },
} as const;

/** Handles `POST <endpoint>`: header `X-Api-Key`, JSON body, `action` (case-insensitive) picks the function. */
export function createActionHandler(ctx: ActionContext) {
  const failure = (status: 'FAILURE' | 'Failure', detail: Json, extra: Json = {}): Reply =>
    jsonReply(ctx.failureHttpStatus, { status, ...detail, ...extra });

  function getPassData(body: Json): Reply {
    ctx.counters.getPassData += 1;
    const passId = typeof body['pass-id'] === 'string' ? body['pass-id'] : '';
    const templateId = body['pass-template-id'];
    if (templateId !== undefined && !(typeof templateId === 'string' && ctx.store.template(templateId))) {
      return failure('FAILURE', FAILURES.templateIdInvalid, { 'pass-template-id': templateId });
    }
    const pass = ctx.store.get(passId);
    // A pass of another template is "pass-id invalid" for this template (a sandbox choice: undocumented).
    if (!pass || (templateId !== undefined && pass.passTemplateId !== templateId)) {
      return failure('FAILURE', FAILURES.passIdInvalid, { 'pass-id': passId });
    }
    return jsonReply(200, passDataAnswer(pass));
  }

  function passDataAnswer(pass: SandboxPass): Json {
    const t = ctx.store.template(pass.passTemplateId);
    const passData: Json = {
      'event-name': t?.eventName,
      'barcode-value': pass.barcodeValue,
      'barcode-text': pass.barcodeValue,
      'venue-name': t?.venueName,
      'event-start-time': t?.eventStartTime,
      'event-end-time': t?.eventEndTime,
      'event-custom-value-1': pass.gate,
      'event-custom-value-2': pass.section,
      'event-custom-value-3': pass.row,
      'event-custom-value-4': pass.seat,
      'venue-address': t?.venueAddress,
      'ticket-holder': pass.ticketHolder,
      'ticket-type': pass.ticketType,
      'expiration-timestamp': pass.expirationTimestamp ?? null,
      'ticket-number': pass.ticketNumber,
    };
    const answer: Json = {
      status: 'Success',
      'pass-id': pass.passId,
      'pass-template-id': pass.passTemplateId,
    };
    if (ctx.statusPlacement !== 'pass-data') answer['pass-status'] = pass.status;
    if (ctx.statusPlacement !== 'top-level') passData['pass-status'] = pass.status;
    answer['pass-data'] = passData;
    return answer;
  }

  function updatePassData(body: Json): Reply {
    ctx.counters.updatePassData += 1;
    const passId = typeof body['pass-id'] === 'string' ? body['pass-id'] : '';
    const templateId = body['pass-template-id'];
    if (templateId !== undefined && !(typeof templateId === 'string' && ctx.store.template(templateId))) {
      return failure('Failure', FAILURES.templateIdInvalid, { 'pass-id': passId });
    }
    const pass = ctx.store.get(passId);
    if (!pass || (templateId !== undefined && pass.passTemplateId !== templateId)) {
      return failure('Failure', FAILURES.passIdInvalid, { 'pass-id': passId });
    }
    if (body['new-pass-id'] !== undefined)
      return errorReply(400, 'new-pass-id is not supported by the sandbox');
    const passData = isObject(body['pass-data']) ? body['pass-data'] : {};
    // Accepted in both places, like the client reads it.
    const requested = passData['pass-status'] ?? body['pass-status'];
    if (requested !== undefined && !isPassStatus(requested)) {
      return failure('Failure', FAILURES.notUpdated, { 'pass-id': passId });
    }
    if (ctx.updateFailures.left > 0) {
      ctx.updateFailures.left -= 1;
      return failure('Failure', FAILURES.notUpdated, { 'pass-id': passId });
    }
    // Idempotent: redeeming a redeemed pass answers Success and changes nothing.
    if (requested !== undefined && ctx.store.setStatus(passId, requested) && requested === 'redeemed') {
      ctx.counters.redemptions += 1;
    }
    return jsonReply(200, {
      status: 'Success',
      'pass-id': passId,
      'tracking-id': randomBytes(5).toString('hex'),
    });
  }

  function getPassTemplate(body: Json): Reply {
    ctx.counters.getPassTemplate += 1;
    const templateId = typeof body['pass-template-id'] === 'string' ? body['pass-template-id'] : '';
    const t = ctx.store.template(templateId);
    if (!t) return failure('FAILURE', FAILURES.templateIdInvalid, { 'pass-template-id': templateId });
    return jsonReply(200, {
      status: 'Success',
      'pass-template-id': t.passTemplateId,
      'pass-template': {
        'pass-name': `${t.eventName} TICKET`,
        'pass-type': 'Event Ticket',
        'event-name': t.eventName,
        'venue-name': t.venueName,
        'event-start-time': t.eventStartTime,
        'event-end-time': t.eventEndTime,
        'venue-address': t.venueAddress,
        'expiration-timestamp': null,
      },
    });
  }

  return (req: { headers: IncomingHttpHeaders; body: Buffer }): Reply => {
    // The seed: "x-api-key … Case-Sensitive". No error for a bad key is documented; 401 is the sandbox's.
    if (req.headers['x-api-key'] !== ctx.apiKey) return errorReply(401, 'Unauthorized');
    let body: unknown;
    try {
      body = JSON.parse(req.body.toString('utf8'));
    } catch {
      return errorReply(400, 'body must be JSON');
    }
    if (!isObject(body) || typeof body.action !== 'string') return errorReply(400, 'action is required');
    switch (body.action.toLowerCase()) {
      case 'getpassdata':
        return getPassData(body);
      case 'updatepassdata':
        return updatePassData(body);
      case 'getpasstemplate':
        return getPassTemplate(body);
      default:
        return errorReply(400, `action ${body.action.slice(0, 40)} is not supported by the sandbox`);
    }
  };
}

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
