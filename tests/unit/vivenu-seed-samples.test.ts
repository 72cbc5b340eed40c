import { describe, expect, it } from 'vitest';
import {
  VivenuErrorResponse,
  VivenuScan,
  VivenuScanList,
} from '../../electron/core/providers/vivenu/response-schemas.js';

/** Samples copied verbatim from seeds/vivenu-scans-api.txt. */
const SCAN_OBJECT =
  '{"ticketId": "string","time": "2030-01-23T23:00:00.123Z","eventId": "string","parentEventId": "string","barcode": "string","name": "string","ticketTypeId": "string","ticketName": "string","deviceId": "string","type": "checkin","scanResult": "approved","sellerId": "string"}';
const CREATE_PAYLOAD =
  '[{"ticketId": "string","time": "2030-01-23T23:00:00.123Z","eventId": "string","parentEventId": "string","barcode": "string","name": "string","ticketTypeId": "string","ticketName": "string","deviceId": "string","type": "checkin","scanResult": "approved","sellerId": "string"}]';
const CREATE_RESPONSE = SCAN_OBJECT;
const GET_SCANS_RESPONSE =
  '{"docs": [{"ticketId": "string","time": "2030-01-23T23:00:00.123Z","eventId": "string","parentEventId": "string","barcode": "string","name": "string","ticketTypeId": "string","ticketName": "string","deviceId": "string","type": "checkin","scanResult": "approved","sellerId": "string"}],"total": 1}';

describe('vivenu seed samples parse with the client schemas', () => {
  it('the scan object', () => {
    const scan = VivenuScan.parse(JSON.parse(SCAN_OBJECT));
    expect(scan).toMatchObject({ type: 'checkin', scanResult: 'approved', time: '2030-01-23T23:00:00.123Z' });
  });

  it('Create a Scan: the payload example holds scan objects (the kiosk only reads them, from Get Scans)', () => {
    const payload = JSON.parse(CREATE_PAYLOAD) as unknown[];
    expect(payload.map((scan) => VivenuScan.parse(scan))).toHaveLength(1);
    expect(VivenuScan.parse(JSON.parse(CREATE_RESPONSE))).toMatchObject({ barcode: 'string' });
  });

  it('Get Scans', () => {
    const list = VivenuScanList.parse(JSON.parse(GET_SCANS_RESPONSE));
    expect(list.total).toBe(1);
    expect(list.docs[0]?.deviceId).toBe('string');
  });

  it('the error shape {statusCode, error, message}', () => {
    expect(
      VivenuErrorResponse.parse({ statusCode: 404, error: 'Not Found', message: 'Ticket not found' }),
    ).toBeTruthy();
  });

  it('a scan type or result outside the documented values is refused', () => {
    const sample = JSON.parse(SCAN_OBJECT) as Record<string, unknown>;
    expect(VivenuScan.safeParse({ ...sample, type: 'entry' }).success).toBe(false);
    expect(VivenuScan.safeParse({ ...sample, scanResult: 'ok' }).success).toBe(false);
    const { ticketTypeId: _dropped, ...missing } = sample;
    expect(VivenuScan.safeParse(missing).success).toBe(false);
  });
});
