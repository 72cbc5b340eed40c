import { readAccessRules } from '../../electron/core/providers/entry-v1/session-claims.js';
import { describe, expect, it } from 'vitest';
import { readSessionTimes } from '../../electron/core/providers/entry-v1/jwt-renewal.js';
import {
  EntryV1ErrorResponse,
  EntryV1EventsResponse,
  EntryV1OfflineUploadResponse,
  EntryV1ScanResponse,
  EntryV1SessionResponse,
  EntryV1TicketLookupResponse,
  EntryV1VenuesResponse,
} from '../../electron/core/providers/entry-v1/response-schemas.js';
import { toProviderDecision } from '../../electron/core/providers/entry-v1/scan-decision.js';
import { toReferenceData } from '../../electron/core/providers/entry-v1/reference-data.js';
import { readVenueTimezone } from '../../electron/core/providers/entry-v1/session-claims.js';
import { toTicketLookup } from '../../electron/core/providers/entry-v1/ticket-lookup.js';

/** Response samples copied verbatim from seeds/entry-v1-api.txt. */
const SEED_JWT =
  'eyJhbGciOiJSUzI1NiIsInR5cCI6IkpXVCJ9.eyJkZXZpY2VJZCI6MTAxOTM0LCJkZXZpY2VOYW1lIjoiTG9hZFRlc3QtSmFuYW0yIiwiZGV2aWNlTnVtYmVyIjozLCJzZXJpYWxOdW1iZXIiOiIxMjA1MjQzIiwidmVudWVOYW1lIjoiQmFzcyBDb25jZXJ0IEhhbGwiLCJ2ZW51ZUNvZGUiOiJCQVNTIiwiY2hlY2twb2ludExheW91dElkIjozMDE4NzA4MywiY2hlY2twb2ludExheW91dE5hbWUiOiJTcGVjaWFsIEFyZWEgRGVtbyIsImNoZWNrcG9pbnRMYXlvdXRDb2RlIjoiQ0wuODI2OSIsInNwZWNpYWxBcmVhSWQiOjc0NTQ5LCJzcGVjaWFsQXJlYU5hbWUiOiJWSVAgQ2FwYWNpdHR5Iiwic3BlY2lhbEFyZWFNYXhDYXBhY2l0eSI6Miwic3BlY2lhbEFyZWFNYXhFbnRyeVBlclRpY2tldCI6bnVsbCwic3BlY2lhbEFyZWFSZXF1aXJlRW50cnlFeGl0Ijp0cnVlLCJjaGVja3BvaW50SWQiOjIyMTAwNiwiY2hlY2twb2ludE5hbWUiOiJFbnRyeSBDYXBhY2l0eSIsInBhcnRuZXJJZCI6ImdyZWctdGVzdCIsImRldmljZVR5cGUiOiJoYW5kaGVsZCIsImRhdGFBY2NvdW50SWQiOiIxMjkiLCJhY2Nlc3NvcnlTZXJpYWxOdW1iZXIiOm51bGwsImFjY2Vzc29yeU51bWJlciI6bnVsbCwidmVudWVUaW1lem9uZSI6IkFtZXJpY2EvQ2hpY2FnbyIsImlhdCI6MTc3MDE1NDc0NiwiZXhwIjoxNzcwMjQxMTQ2fQ.kUteH6mBiali2I8UMWxovcMSrI3P_Pi96px3PKKi8BH34ifkzNfi_lUXXXze_9op7qg1WD1oFSO03piwz0ulxFbyl9p_KboHqRIkzC5cnY2XPgIHsINncCcnOpjTavwUPJhTdyp8dxW85cBb2lt8Dg-7ndE5lFdFJr9XHQtlGRgLAzpTgtrsjYh_jj3badY0q_5isiwFmqkZPQoBKJca86W2kS_6vBgizSXv2cVkQ7FPcUVjY-mGSj9EERyrU6Rqqm4cTvRh9jVrIYKCbrkp2tm2F4uE8SDHJvBAT4NzGG3G7vctxkOlBtjeyU4VZmyQsc3TB2BWP1kn_1Bh3B2u9Q';

const seatInfo = {
  level: 'UPPER',
  section: '05',
  row: '6',
  seat: '7',
  altSeatLocationText: 'Alternate Seat Location',
};

describe('Entry V1 seed response samples parse with the client schemas', () => {
  it('Create Session', () => {
    const { jwt } = EntryV1SessionResponse.parse({ jwt: SEED_JWT });
    expect(readSessionTimes(jwt)).toEqual({ iat: 1_770_154_746, exp: 1_770_241_146 });
    expect(readVenueTimezone(jwt)).toBe('America/Chicago');
    expect(readVenueTimezone('not-a-jwt')).toBeUndefined();
  });

  it('Get Events', () => {
    const nfcKeys = {
      apple: [{ ID: 'string', private_key: 'string', passTypeId: 'string' }],
      google: [{ ID: 'string', private_key: 'string', collectorId: 'string', version: 'string' }],
    };
    const parsed = EntryV1EventsResponse.parse({
      nfcKeys,
      events: [
        {
          eventName: 'Event to test deploy',
          eventId: '390:DEPLOY:TEST',
          startDateTime: '2025-01-01T10:00:00',
          endDateTime: '2025-01-02T10:00:00',
          scanStartDateTime: '2025-05-01T10:00:00',
          scanEndDateTime: '2025-07-01T10:00:00',
          barcodeMasks: ['mask1', 'mask2'],
        },
      ],
    });
    expect(parsed.events[0]?.eventId).toBe('390:DEPLOY:TEST');
    expect(parsed.events[0]?.barcodeMasks).toEqual(['mask1', 'mask2']);
    expect(toReferenceData(parsed.events, parsed.nfcKeys, 'America/Chicago')).toEqual({
      events: [
        {
          eventId: '390:DEPLOY:TEST',
          name: 'Event to test deploy',
          start: '2025-01-01T10:00:00',
          end: '2025-01-02T10:00:00',
          scanStart: '2025-05-01T10:00:00',
          scanEnd: '2025-07-01T10:00:00',
          timeZone: 'America/Chicago',
          barcodeMasks: ['mask1', 'mask2'],
        },
      ],
      nfcKeys,
    });
  });

  it('Validate Scan', () => {
    const parsed = EntryV1ScanResponse.parse({
      status: 'Admit',
      reasonCode: 'OK',
      reasonMessage: 'Good Ticket',
      eventId: '390:DEPLOY:TEST',
      eventName: 'Event to test deploy',
      token: '39000000000001',
      ticket: 'TBD',
      patronId: '3773396',
      firstName: 'John',
      lastName: 'Doe',
      testMode: false,
      seatInfo,
    });
    expect(toProviderDecision(parsed)).toMatchObject({
      outcome: 'admit',
      reasonText: 'Good Ticket',
      seat: { level: 'UPPER', section: '05', row: '6', seat: '7', text: 'Alternate Seat Location' },
    });
  });

  it('Get Venues, Ticket Lookup, Offline Upload and the error body', () => {
    expect(
      EntryV1VenuesResponse.parse({
        venues: [{ facilityCode: 'AAF', title: 'AAF FACILITY', venueTimezone: 'America/Los_Angeles' }],
      }).venues,
    ).toHaveLength(1);
    const lookup = EntryV1TicketLookupResponse.parse({
      eventId: '390:DEPLOY:TEST',
      eventName: 'Event to test deploy',
      eventStartDateTime: '2025-01-01T10:00:00',
      eventEndDateTime: '2025-01-02T10:00:00',
      venue: { name: 'Titan Stadium', code: 'TS' },
      offset: '-08:00',
      timeZone: 'America/Los_Angeles',
      token: '39000000000001',
      ticket: '39000000000001',
      patronId: '3773396',
      firstName: 'John',
      lastName: 'Doe',
      seatInfo,
      scanHistory: [
        {
          deviceType: 'handheld',
          serialNumber: '123456789',
          checkpointName: 'Gate A',
          reasonMessage: 'Scan is valid',
          barcodeType: 'Barcode',
          scanMode: 'Entry',
          testMode: false,
          deviceNumber: 6,
          scanTimestamp: '2025-05-19T10:00:00Z',
          reasonCode: 'OK',
          status: 'Admit',
          deviceStatus: 'Online',
          softwareMode: 'Handheld',
        },
      ],
    });
    expect(toTicketLookup('39000000000001', lookup)).toEqual({
      token: '39000000000001',
      found: true,
      eventId: '390:DEPLOY:TEST',
      eventName: 'Event to test deploy',
      status: 'entered',
      seat: { level: 'UPPER', section: '05', row: '6', seat: '7', text: 'Alternate Seat Location' },
      holderName: 'John Doe',
      history: [{ at: '2025-05-19T10:00:00Z', outcome: 'Entry Admit (OK)', where: 'Gate A / 123456789' }],
    });
    expect(
      EntryV1OfflineUploadResponse.parse({
        message:
          'Entry Offline Scan - Upload to S3 bucket entry-offline-scans successful at incoming/390/HUSKERS/LARGESCANTESTNFC/2026-02-13/1205243_feb_13_timestamp_here_11_07_am.json',
      }).message,
    ).toMatch(/successful/);
    expect(
      EntryV1ErrorResponse.parse({ error: { message: ['string'], error: 'string', statusCode: 400 } }).error
        .statusCode,
    ).toBe(400);
  });
});

describe('special-area rules from the seed session', () => {
  it('reads capacity, entry-then-exit and the venue zone; a null max-entries claim means no limit', () => {
    expect(readAccessRules(SEED_JWT)).toEqual({
      maxCapacity: 2,
      requireEntryExit: true,
      venueTimeZone: 'America/Chicago',
    });
    expect(readAccessRules('not a jwt')).toEqual({});
  });
});
