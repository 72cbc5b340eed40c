import type { SeatInfo } from '../../../common/contract.js';
import type { ProviderDecision } from '../provider.js';
import { readExpiration } from './expiration.js';
import type {
  WalletThatFailure,
  WalletThatGetPassDataSuccess,
  WalletThatPassData,
} from './response-schemas.js';
import type { WalletThatSettings } from './settings.js';
import { failureRule, passStatusRule, WALLETTHAT_LOCAL_RULES, type WalletThatRule } from './status-map.js';

/** The pass-status as found; both places are read because which one the API uses is unconfirmed. */
export type FoundStatus =
  | { kind: 'one'; status: string }
  | { kind: 'none' }
  | { kind: 'conflict'; topLevel: string; inPassData: string };

export function findPassStatus(body: WalletThatGetPassDataSuccess): FoundStatus {
  const top = nonEmpty(body['pass-status']);
  const inner = nonEmpty(body['pass-data']?.['pass-status']);
  if (top !== undefined && inner !== undefined && top.toLowerCase() !== inner.toLowerCase()) {
    // Never pick one: picking the wrong one could admit a used pass.
    return { kind: 'conflict', topLevel: top, inPassData: inner };
  }
  const status = inner ?? top;
  return status === undefined ? { kind: 'none' } : { kind: 'one', status };
}

/** GetPassData Success → decision: status first (voided/redeemed/expired), then the expiry time. */
export function decisionFromPass(
  body: WalletThatGetPassDataSuccess,
  passId: string,
  nowMs: number,
  seatFields: WalletThatSettings['seatFields'],
): ProviderDecision {
  const extras = passExtras(body, passId, seatFields);
  const found = findPassStatus(body);
  if (found.kind === 'none') return decide(WALLETTHAT_LOCAL_RULES.noPassStatus, '(no pass-status)', extras);
  if (found.kind === 'conflict') {
    return decide(WALLETTHAT_LOCAL_RULES.statusConflict, `${found.topLevel}/${found.inPassData}`, extras);
  }
  const rule = passStatusRule(found.status);
  if (rule.outcome !== 'admit') return decide(rule, found.status, extras);
  const expiresAt = readExpiration(
    nonEmpty(body['pass-data']?.['expiration-timestamp']) ?? body['expiration-timestamp'],
  );
  if (expiresAt !== null && Number.isNaN(expiresAt)) {
    return decide(WALLETTHAT_LOCAL_RULES.expirationUnreadable, found.status, extras);
  }
  if (expiresAt !== null && nowMs >= expiresAt) {
    return decide(WALLETTHAT_LOCAL_RULES.expirationPassed, found.status, extras);
  }
  return decide(rule, found.status, extras);
}

/** A Failure answer → decision through the same table; the code (or "Failure") is the raw status. */
export function decisionFromFailure(failure: WalletThatFailure, passId: string): ProviderDecision {
  const code = nonEmpty(failure['error-code']);
  return decide(failureRule(code), code ?? failure.status, { ticketId: passId });
}

export function decide(
  rule: WalletThatRule,
  rawStatus: string,
  extras: Partial<ProviderDecision> = {},
): ProviderDecision {
  return {
    ...extras,
    outcome: rule.outcome,
    rawStatus,
    reasonCode: rule.reasonCode,
    reasonText: rule.reasonText,
  };
}

function passExtras(
  body: WalletThatGetPassDataSuccess,
  passId: string,
  seatFields: WalletThatSettings['seatFields'],
): Partial<ProviderDecision> {
  const data = body['pass-data'] ?? undefined;
  const extras: Partial<ProviderDecision> = { ticketId: passId };
  const eventName = nonEmpty(data?.['event-name']);
  if (eventName) extras.eventName = eventName;
  const templateId = nonEmpty(body['pass-template-id']);
  // One template per event is how WalletThat models event tickets, so it serves as the event id.
  if (templateId) extras.eventId = templateId;
  const seat = data && seatOf(data, seatFields);
  if (seat) extras.seat = seat;
  return extras;
}

export function seatOf(
  data: WalletThatPassData,
  fields: WalletThatSettings['seatFields'],
): SeatInfo | undefined {
  const seat: SeatInfo = {};
  for (const part of ['level', 'section', 'row', 'seat', 'text'] as const) {
    const key = fields[part];
    const value = key === null ? undefined : textField(data, key);
    if (value) seat[part] = value;
  }
  return Object.keys(seat).length > 0 ? seat : undefined;
}

/** A display field as text; numbers (e.g. `face-value`) are shown as written. */
export function textField(data: WalletThatPassData, key: string): string | undefined {
  const value: unknown = data[key];
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  return typeof value === 'string' ? nonEmpty(value) : undefined;
}

function nonEmpty(value: string | null | undefined): string | undefined {
  const trimmed = value?.trim();
  return trimmed ? trimmed : undefined;
}
