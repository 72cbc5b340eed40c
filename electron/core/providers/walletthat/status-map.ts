import type { Outcome } from '../../../common/contract.js';

export interface WalletThatRule {
  outcome: Outcome;
  reasonCode: string;
  /** Patron-readable English. */
  reasonText: string;
}

/**
 * The one table from what WalletThat says to what the gate does. Keys are either a `pass-status` value
 * (lower-cased; the seed lists "redeemed", "expired", "voided", "active") or a Failure `error-code`
 * (`E…`, as sent). Only `active` admits. Anything not in the table is never guessed: an unknown
 * pass-status or error code sends the patron to staff, with the raw value kept as `rawStatus`.
 */
export const WALLETTHAT_STATUS_MAP: Readonly<Record<string, WalletThatRule>> = Object.freeze({
  // pass-status values (UpdatePassData: "redeemed", "expired", "voided", "active").
  active: { outcome: 'admit', reasonCode: 'OK', reasonText: 'Welcome' },
  redeemed: { outcome: 'stop', reasonCode: 'ALREADY_REDEEMED', reasonText: 'Ticket already used' },
  expired: { outcome: 'stop', reasonCode: 'EXPIRED', reasonText: 'Ticket expired' },
  voided: { outcome: 'stop', reasonCode: 'VOIDED', reasonText: 'Ticket voided' },
  // Failure error codes the seed documents, where one can answer a pass check.
  E808: { outcome: 'stop', reasonCode: 'PASS_NOT_FOUND', reasonText: 'Ticket not found' }, // "The pass-id value is invalid."
  E802: { outcome: 'stop', reasonCode: 'WRONG_TEMPLATE', reasonText: 'Ticket not valid for this event' }, // "The pass-template-id value is invalid."
  E809: { outcome: 'see-staff', reasonCode: 'SERVER_ERROR', reasonText: 'Please see staff' }, // "Internal Error. The pass was not updated."
  E830: { outcome: 'see-staff', reasonCode: 'SERVER_ERROR', reasonText: 'Please see staff' }, // "Internal Error. The pass was not generated."
});

/** Conditions the kiosk finds itself (they are not WalletThat values, so they live apart from the table). */
export const WALLETTHAT_LOCAL_RULES = Object.freeze({
  /** `pass-status` is active but `expiration-timestamp` has passed. */
  expirationPassed: { outcome: 'stop', reasonCode: 'EXPIRED', reasonText: 'Ticket expired' },
  /** The barcode does not match `barcodePattern`: not one of this venue's passes. No call is made. */
  notAPass: { outcome: 'stop', reasonCode: 'NOT_A_PASS', reasonText: 'Ticket not valid here' },
  /** Success answer without any `pass-status`: the kiosk cannot tell an unused pass from a used one. */
  noPassStatus: { outcome: 'see-staff', reasonCode: 'NO_PASS_STATUS', reasonText: 'Please see staff' },
  /** Top-level and `pass-data` statuses disagree. */
  statusConflict: {
    outcome: 'see-staff',
    reasonCode: 'PASS_STATUS_CONFLICT',
    reasonText: 'Please see staff',
  },
  /** `expiration-timestamp` present but unreadable. */
  expirationUnreadable: {
    outcome: 'see-staff',
    reasonCode: 'EXPIRY_UNREADABLE',
    reasonText: 'Please see staff',
  },
  unknownPassStatus: {
    outcome: 'see-staff',
    reasonCode: 'UNKNOWN_PASS_STATUS',
    reasonText: 'Please see staff',
  },
  /** A Failure answer with an error code not in the table, or with none. */
  unknownFailure: { outcome: 'see-staff', reasonCode: 'WALLETTHAT_ERROR', reasonText: 'Please see staff' },
} satisfies Record<string, WalletThatRule>);

/** A pass-status (any case) or error code → its rule; undefined when the table does not have it. */
export function mapWalletThatStatus(raw: string): WalletThatRule | undefined {
  const key = /^E\d+$/i.test(raw) ? raw.toUpperCase() : raw.toLowerCase();
  // hasOwn: a status such as `toString` or `__proto__` must not find an inherited property.
  return Object.hasOwn(WALLETTHAT_STATUS_MAP, key) ? WALLETTHAT_STATUS_MAP[key] : undefined;
}

/** Rule for a Failure answer: the table's entry for its code, else "see staff". */
export function failureRule(errorCode: string | undefined): WalletThatRule {
  const rule = errorCode && /^E\d+$/i.test(errorCode) ? mapWalletThatStatus(errorCode) : undefined;
  return rule ?? WALLETTHAT_LOCAL_RULES.unknownFailure;
}

/** Rule for a pass-status: the table's entry, else "see staff". Error-code keys are not pass statuses. */
export function passStatusRule(passStatus: string): WalletThatRule {
  const rule = /^E\d+$/i.test(passStatus) ? undefined : mapWalletThatStatus(passStatus.trim());
  return rule ?? WALLETTHAT_LOCAL_RULES.unknownPassStatus;
}
