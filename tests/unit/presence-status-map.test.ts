import { describe, expect, it } from 'vitest';
import {
  PRESENCE_STATUS_TABLE,
  mapPresenceStatus,
  presenceStatusRule,
} from '../../electron/core/providers/presence/index.js';

/** The "Possible Statuses" table of the Presence ticket endpoints, in the doc's order. */
const DOCUMENTED = [
  'OKAY',
  'EXIT',
  'INTERNAL_SCAN_EXIT',
  'DUPLICATE',
  'EXIT_NOT_PERMITTED',
  'INTERNAL_SCAN_ALREADY_ENTERED',
  'INTERNAL_SCAN_EXIT_NOT_PERMITTED',
  'NOT_FOUND',
  'BAD_REQUEST',
  'ALREADY_ENTERED',
  'INVALID_TICKET',
  'START_RESTRICTION',
  'END_RESTRICTION',
  'SECTION_RESTRICTION',
  'EVENT_RESTRICTION',
  'ACCESS_GROUP_RESTRICTION',
  'XNUM_RESTRICTION',
  'MARK_RESTRICTION',
  'TOO_EARLY',
  'TOO_LATE',
  'BAD_TOKEN',
  'OPEN_SEAT',
  'TRANSFER',
  'GENERAL_ERROR',
];

describe('Presence status → outcome table', () => {
  it('maps exactly the 24 documented statuses', () => {
    expect(DOCUMENTED).toHaveLength(24);
    expect(Object.keys(PRESENCE_STATUS_TABLE).sort()).toEqual([...DOCUMENTED].sort());
  });

  it('only OKAY admits an entry', () => {
    const admitting = DOCUMENTED.filter((s) => mapPresenceStatus(s, 'entry') === 'admit');
    expect(admitting).toEqual(['OKAY']);
  });

  it('only EXIT and INTERNAL_SCAN_EXIT admit on an exit lane', () => {
    const admitting = DOCUMENTED.filter((s) => mapPresenceStatus(s, 'exit') === 'admit');
    expect(admitting).toEqual(['EXIT', 'INTERNAL_SCAN_EXIT']);
  });

  it('DUPLICATE stops and is flagged as a server re-read', () => {
    expect(presenceStatusRule('DUPLICATE')).toMatchObject({ entry: 'stop', exit: 'stop', reread: true });
    const rereads = DOCUMENTED.filter((s) => presenceStatusRule(s)?.reread);
    expect(rereads).toEqual(['DUPLICATE']);
  });

  it('request and server errors go to staff', () => {
    for (const s of ['GENERAL_ERROR', 'BAD_REQUEST']) {
      expect(mapPresenceStatus(s, 'entry')).toBe('see-staff');
      expect(mapPresenceStatus(s, 'exit')).toBe('see-staff');
    }
  });

  it('ticket refusals stop on both lanes', () => {
    for (const s of ['ALREADY_ENTERED', 'NOT_FOUND', 'INVALID_TICKET', 'EXIT_NOT_PERMITTED', 'TOO_LATE']) {
      expect(mapPresenceStatus(s, 'entry')).toBe('stop');
      expect(mapPresenceStatus(s, 'exit')).toBe('stop');
    }
  });

  it('every rule has patron-readable text', () => {
    for (const s of DOCUMENTED) expect(presenceStatusRule(s)?.text).toMatch(/^[A-Z][a-z ,]+/);
  });

  it('unknown, inherited or case-shifted statuses are not mapped', () => {
    for (const s of ['INTERNAL_SCAN', 'okay', 'toString', '__proto__', 'constructor', '']) {
      expect(presenceStatusRule(s)).toBeUndefined();
      expect(mapPresenceStatus(s, 'entry')).toBeUndefined();
    }
  });
});
