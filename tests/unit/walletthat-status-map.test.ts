import { describe, expect, it } from 'vitest';
import { decisionFromPass } from '../../electron/core/providers/walletthat/pass-decision.js';
import {
  failureRule,
  mapWalletThatStatus,
  passStatusRule,
} from '../../electron/core/providers/walletthat/status-map.js';
import { WalletThatSettings } from '../../electron/core/providers/walletthat/settings.js';

const seatFields = WalletThatSettings.parse({ apiKey: 'k' }).seatFields;
const NOW = Date.UTC(2030, 0, 1);

describe('WalletThat status table', () => {
  it('maps the four documented pass statuses, in any case', () => {
    expect(passStatusRule('active').outcome).toBe('admit');
    expect(passStatusRule('Redeemed')).toMatchObject({ outcome: 'stop', reasonCode: 'ALREADY_REDEEMED' });
    expect(passStatusRule('EXPIRED')).toMatchObject({ outcome: 'stop', reasonCode: 'EXPIRED' });
    expect(passStatusRule('voided')).toMatchObject({ outcome: 'stop', reasonCode: 'VOIDED' });
  });

  it('unknown statuses and codes see staff; inherited names find nothing', () => {
    expect(passStatusRule('suspended')).toMatchObject({
      outcome: 'see-staff',
      reasonCode: 'UNKNOWN_PASS_STATUS',
    });
    expect(passStatusRule('E808').outcome).toBe('see-staff');
    expect(mapWalletThatStatus('toString')).toBeUndefined();
    expect(mapWalletThatStatus('__proto__')).toBeUndefined();
    expect(failureRule('E9999')).toMatchObject({ outcome: 'see-staff', reasonCode: 'WALLETTHAT_ERROR' });
    expect(failureRule(undefined).outcome).toBe('see-staff');
    expect(failureRule('active').outcome).toBe('see-staff');
    expect(failureRule('e808')).toMatchObject({ outcome: 'stop', reasonCode: 'PASS_NOT_FOUND' });
  });
});

describe('WalletThat pass decision', () => {
  const answer = (top: string | undefined, inner: string | undefined, expiry?: string | null) => ({
    status: 'Success',
    ...(top !== undefined && { 'pass-status': top }),
    'pass-data': {
      ...(inner !== undefined && { 'pass-status': inner }),
      ...(expiry !== undefined && { 'expiration-timestamp': expiry }),
    },
  });

  it('reads pass-status at the top level or inside pass-data', () => {
    expect(decisionFromPass(answer('active', undefined), 'p', NOW, seatFields).outcome).toBe('admit');
    expect(decisionFromPass(answer(undefined, 'active'), 'p', NOW, seatFields).outcome).toBe('admit');
    expect(decisionFromPass(answer('ACTIVE', 'active'), 'p', NOW, seatFields).outcome).toBe('admit');
  });

  it('disagreeing statuses never admit', () => {
    expect(decisionFromPass(answer('active', 'redeemed'), 'p', NOW, seatFields)).toMatchObject({
      outcome: 'see-staff',
      rawStatus: 'active/redeemed',
      reasonCode: 'PASS_STATUS_CONFLICT',
    });
  });

  it('expiry: passed stops, future admits, null/empty means none, unreadable sees staff', () => {
    expect(
      decisionFromPass(answer('active', undefined, '2029-12-31T23:59:59Z'), 'p', NOW, seatFields),
    ).toMatchObject({
      outcome: 'stop',
      rawStatus: 'active',
      reasonCode: 'EXPIRED',
    });
    expect(
      decisionFromPass(answer('active', undefined, '2030-01-01T00:00:01Z'), 'p', NOW, seatFields).outcome,
    ).toBe('admit');
    expect(decisionFromPass(answer('active', undefined, null), 'p', NOW, seatFields).outcome).toBe('admit');
    expect(decisionFromPass(answer('active', undefined, ''), 'p', NOW, seatFields).outcome).toBe('admit');
    expect(decisionFromPass(answer('active', undefined, 'next week'), 'p', NOW, seatFields)).toMatchObject({
      outcome: 'see-staff',
      reasonCode: 'EXPIRY_UNREADABLE',
    });
  });

  it('a redeemed pass reports "redeemed" even when also expired', () => {
    expect(
      decisionFromPass(answer('redeemed', undefined, '2000-01-01T00:00:00Z'), 'p', NOW, seatFields)
        .reasonCode,
    ).toBe('ALREADY_REDEEMED');
  });
});
