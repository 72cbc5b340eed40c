import { describe, expect, it } from 'vitest';
import {
  computeScanStatus,
  offlineScanStatus,
  toProviderDecision,
  type ConfigurationRules,
} from '../../electron/core/providers/passcreator/scan-decision.js';
import { ProviderProtocolError } from '../../electron/core/providers/provider.js';

const voidMode: ConfigurationRules = { configurationId: 'c', name: 'Door', scanMode: 0 };
const attendance: ConfigurationRules = { ...voidMode, scanMode: 1 };
const lounge: ConfigurationRules = { ...voidMode, templateIds: new Set(['vip']), templateName: 'VIP' };
const valid = { uid: 'u1', voided: false, templateGuid: 'std' };
const used = { ...valid, voided: true };

// What each final scanStatus does at the gate is tested through the provider against the sandbox
// (tests/integration/passcreator-scan.test.ts); here, how the kiosk computes the status it sends.
describe('Passcreator computed scanStatus', () => {
  it.each([
    ['unknown pass', undefined, voidMode, 3],
    ['voided pass', used, voidMode, 1],
    ['voided pass, attendance mode', used, attendance, 1],
    ['valid pass, void mode', valid, voidMode, 0],
    ['valid pass, attendance mode', valid, attendance, 2],
    ['pass of another template', valid, lounge, 3],
    ['pass of the right template', { ...valid, templateGuid: 'vip' }, lounge, 0],
    ['template not named by the answer', { uid: 'u', voided: false }, lounge, 0],
  ] as const)('%s', (_name, pass, rules, expected) => {
    expect(computeScanStatus(pass, rules)).toBe(expected);
  });

  it('offline: an admit records 0/2, a refusal 1, an unknown barcode 3', () => {
    expect(offlineScanStatus('admit', valid, voidMode)).toBe(0);
    expect(offlineScanStatus('admit', valid, attendance)).toBe(2);
    expect(offlineScanStatus('stop', valid, voidMode)).toBe(1);
    expect(offlineScanStatus('see-staff', valid, attendance)).toBe(1);
    expect(offlineScanStatus('admit', undefined, voidMode)).toBe(3);
  });
});

describe('Passcreator decision from the final scanStatus', () => {
  it('keeps the raw status and names the pass and configuration', () => {
    expect(toProviderDecision(1, used, lounge)).toEqual({
      outcome: 'stop',
      rawStatus: '1',
      reasonCode: 'ALREADY_USED',
      reasonText: 'Ticket already used',
      eventId: 'c',
      eventName: 'VIP',
      ticketId: 'u1',
    });
  });

  it('an undocumented status is a protocol error', () => {
    expect(() => toProviderDecision(4, valid, voidMode)).toThrow(ProviderProtocolError);
  });
});
