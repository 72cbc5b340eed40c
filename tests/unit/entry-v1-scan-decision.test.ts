import { describe, expect, it } from 'vitest';
import { toProviderDecision } from '../../electron/core/providers/entry-v1/scan-decision.js';
import { EntryV1ScanResponse } from '../../electron/core/providers/entry-v1/response-schemas.js';
import { ProviderProtocolError } from '../../electron/core/providers/provider.js';

// The status → outcome rules themselves are tested through the provider against the sandbox
// (tests/integration/provider-status-outcomes.test.ts).
describe('Entry V1 scan answer → decision', () => {
  const parse = (value: unknown) => toProviderDecision(EntryV1ScanResponse.parse(value));

  it('uses reasonMessage as text and maps seatInfo, with altSeatLocationText as text', () => {
    expect(
      parse({
        status: 'Admit',
        reasonCode: 'OK',
        reasonMessage: 'Good Ticket',
        eventId: 'E',
        eventName: 'Show',
        seatInfo: { level: 'UPPER', section: '05', row: 6, seat: '7', altSeatLocationText: 'Alt' },
      }),
    ).toEqual({
      outcome: 'admit',
      rawStatus: 'Admit',
      reasonCode: 'OK',
      reasonText: 'Good Ticket',
      seat: { level: 'UPPER', section: '05', row: '6', seat: '7', text: 'Alt' },
      eventId: 'E',
      eventName: 'Show',
    });
  });

  it('falls back to reasonCode when there is no message, and drops an empty seat', () => {
    const d = parse({
      status: 'Stop',
      reasonCode: 'NOT_FOUND',
      reasonMessage: null,
      seatInfo: { level: null },
    });
    expect(d).toEqual({
      outcome: 'stop',
      rawStatus: 'Stop',
      reasonCode: 'NOT_FOUND',
      reasonText: 'NOT_FOUND',
    });
  });

  it('refuses an unknown status', () => {
    expect(() => parse({ status: 'Maybe', reasonCode: 'X' })).toThrow(ProviderProtocolError);
  });

  it('the schema refuses wrong types', () => {
    expect(EntryV1ScanResponse.safeParse({ status: 1, reasonCode: 'OK' }).success).toBe(false);
    expect(EntryV1ScanResponse.safeParse({ status: 'Admit' }).success).toBe(false);
    expect(
      EntryV1ScanResponse.safeParse({ status: 'Admit', reasonCode: 'OK', seatInfo: 'A-1' }).success,
    ).toBe(false);
  });
});
