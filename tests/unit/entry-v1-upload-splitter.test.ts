import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import {
  buildUploadBatches,
  planUploadRequests,
  uploadFilename,
  type EventScanRecord,
} from '../../electron/core/providers/entry-v1/offline-upload.js';
import { isoWithOffset, venueTimeToEpoch } from '../../electron/core/providers/entry-v1/time-zone.js';

let n = 0;
function records(eventId: string, count: number): EventScanRecord[] {
  return Array.from({ length: count }, () => {
    n += 1;
    return {
      scanId: `s${n}`,
      token: `T${n}`,
      inputType: 'Barcode' as const,
      scannedAt: 1_759_447_965_000 + n,
      outcome: 'admit' as const,
      direction: 'entry' as const,
      eventId,
    };
  });
}

describe('Entry V1 upload splitter (one event per request, at most 100 scans)', () => {
  it('0 scans: no requests', () => {
    expect(planUploadRequests([])).toEqual([]);
  });

  it('1 scan: one request', () => {
    const plans = planUploadRequests(records('390:A:1', 1));
    expect(plans.map((p) => [p.eventId, p.records.length])).toEqual([['390:A:1', 1]]);
  });

  it('100 scans: exactly one full request; 101: 100 + 1', () => {
    expect(planUploadRequests(records('390:A:1', 100)).map((p) => p.records.length)).toEqual([100]);
    expect(planUploadRequests(records('390:A:1', 101)).map((p) => p.records.length)).toEqual([100, 1]);
  });

  it('250 scans interleaved across 3 events: per event, ≤ 100, nothing lost or repeated, order kept', () => {
    const a = records('390:A:1', 120);
    const b = records('390:B:2', 100);
    const c = records('390:C:3', 30);
    // Interleave so the grouping has real work to do.
    const mixed: EventScanRecord[] = [];
    for (let i = 0; i < 120; i++) for (const list of [a, b, c]) if (list[i]) mixed.push(list[i]!);
    expect(mixed).toHaveLength(250);

    const plans = planUploadRequests(mixed);
    expect(plans.map((p) => [p.eventId, p.records.length])).toEqual([
      ['390:A:1', 100],
      ['390:A:1', 20],
      ['390:B:2', 100],
      ['390:C:3', 30],
    ]);
    for (const plan of plans) {
      expect(plan.records.length).toBeLessThanOrEqual(100);
      expect(plan.records.every((r) => r.eventId === plan.eventId)).toBe(true);
    }
    const ids = plans.flatMap((p) => p.records.map((r) => r.scanId));
    expect(new Set(ids).size).toBe(250);
    expect(plans.filter((p) => p.eventId === '390:A:1').flatMap((p) => p.records)).toEqual(a);
  });

  it('honours a smaller limit and refuses a nonsensical one', () => {
    expect(planUploadRequests(records('390:A:1', 7), 3).map((p) => p.records.length)).toEqual([3, 3, 1]);
    expect(() => planUploadRequests([], 0)).toThrow(RangeError);
  });
});

describe('Entry V1 upload batch body', () => {
  it('has the seed fields; entry and exit scans go in separate batches; see-staff uploads as Stop', () => {
    const at = Date.UTC(2025, 9, 2, 23, 32, 45); // 18:32:45 in Chicago (CDT, -05:00)
    const base = { inputType: 'Barcode' as const, scannedAt: at, eventId: '111:AB:A1' };
    const batches = buildUploadBatches(
      '111:AB:A1',
      [
        {
          ...base,
          scanId: '1',
          token: 'ABC123456789',
          outcome: 'admit',
          direction: 'entry',
          barcodeType: 'Barcode',
        },
        {
          ...base,
          scanId: '2',
          token: 'XYZ987654321',
          outcome: 'see-staff',
          direction: 'entry',
          inputType: 'NFC',
          nfcType: 'Apple',
        },
        { ...base, scanId: '3', token: 'LMN456789012', outcome: 'admit', direction: 'exit' },
      ],
      {
        serialNumber: '123456789',
        dataAccountId: '111',
        venueCode: 'XYZ',
        jwt: 'eyJhbGciOiJIUzI1NiJ9.e30.sig',
        timeZone: 'America/Chicago',
        event: {
          startDateTime: '2025-12-17T13:00:00',
          endDateTime: '2025-12-18T02:30:00',
        },
      },
    );
    expect(batches).toEqual([
      {
        serialNumber: '123456789',
        dataAccountId: '111',
        venueCd: 'XYZ',
        deviceStatus: 'Offline',
        scanMode: 'Entry',
        eventId: '111:AB:A1',
        eventStartDate: '2025-12-17T13:00:00',
        eventEndDate: '2025-12-18T02:30:00',
        jwt: 'eyJhbGciOiJIUzI1NiJ9.e30.sig',
        scans: [
          {
            token: 'ABC123456789',
            status: 'Admit',
            scanTimestamp: '2025-10-02T18:32:45-05:00',
            deviceTimestamp: '2025-10-02T18:32:45-05:00',
            inputType: 'Barcode',
            barcodeType: 'Barcode',
          },
          {
            token: 'XYZ987654321',
            status: 'Stop',
            scanTimestamp: '2025-10-02T18:32:45-05:00',
            deviceTimestamp: '2025-10-02T18:32:45-05:00',
            inputType: 'NFC',
            nfcType: 'Apple',
          },
        ],
      },
      expect.objectContaining({
        scanMode: 'Exit',
        scans: [expect.objectContaining({ token: 'LMN456789012', status: 'Admit' })],
      }),
    ]);
  });

  it('Filename is {serialNumber}_{timestamp}', () => {
    expect(uploadFilename('GP-1', Date.UTC(2025, 9, 2, 23, 32, 45, 7))).toBe('GP-1_20251002T233245007Z');
  });

  it('gzip round trip of a body is what the sandbox reads', async () => {
    const { gzipSync } = await import('node:zlib');
    const body = buildUploadBatches('390:A:1', records('390:A:1', 2), {
      serialNumber: 'S',
      dataAccountId: '390',
      venueCode: 'TS',
    });
    expect(JSON.parse(gunzipSync(gzipSync(JSON.stringify(body))).toString())).toEqual(body);
  });
});

describe('Entry V1 venue time', () => {
  it('writes ISO with the venue offset, summer and winter', () => {
    expect(isoWithOffset(Date.UTC(2025, 6, 1, 12, 0, 0), 'America/Chicago')).toBe(
      '2025-07-01T07:00:00-05:00',
    );
    expect(isoWithOffset(Date.UTC(2025, 0, 1, 12, 0, 0), 'America/Chicago')).toBe(
      '2025-01-01T06:00:00-06:00',
    );
    expect(isoWithOffset(Date.UTC(2025, 0, 1, 12, 0, 0), 'Asia/Kolkata')).toBe('2025-01-01T17:30:00+05:30');
    expect(isoWithOffset(Date.UTC(2025, 0, 1, 12, 0, 0), 'UTC')).toBe('2025-01-01T12:00:00+00:00');
  });

  it('reads offset-less event times in the venue zone, and offsets as given', () => {
    expect(venueTimeToEpoch('2025-07-01T07:00:00', 'America/Chicago')).toBe(Date.UTC(2025, 6, 1, 12));
    expect(venueTimeToEpoch('2025-01-01T06:00:00', 'America/Chicago')).toBe(Date.UTC(2025, 0, 1, 12));
    expect(venueTimeToEpoch('2025-01-01T06:00:00Z', 'America/Chicago')).toBe(Date.UTC(2025, 0, 1, 6));
    expect(venueTimeToEpoch('2025-01-01T06:00:00+01:00')).toBe(Date.UTC(2025, 0, 1, 5));
    expect(venueTimeToEpoch('not a time', 'UTC')).toBeNaN();
  });

  it('an unknown zone falls back to this machine’s zone rather than throwing', () => {
    expect(isoWithOffset(0, 'Not/AZone')).toMatch(/^19(69|70)-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}[+-]\d{2}:\d{2}$/);
  });
});
