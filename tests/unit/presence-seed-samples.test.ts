import { describe, expect, it } from 'vitest';
import {
  PresenceDevice,
  PresenceDeviceResponse,
  PresenceScanResponse,
} from '../../electron/core/providers/presence/response-schemas.js';
import { toProviderDecision } from '../../electron/core/providers/presence/scan-decision.js';
import { scanBody } from '../../electron/core/providers/presence/scan-request.js';
import { checkScanBody } from '../../electron/sandbox/presence/request-validation.js';

/**
 * Samples from the Presence API documentation (developer.ticketmaster.com; the Markdown source is
 * ticketmaster-api/ticketmaster-api.github.io, products-and-docs/apis/presence/index.md). The seed text
 * itself carries no samples, so these are the published ones, copied verbatim.
 */
const ENTER_REQUEST = {
  channelId: 'A',
  deviceOs: 'printed',
  gateName: 'Gate 2',
  token: '721744537954',
  venueId: 'KovZpZAnAtJJ',
  deviceId: 224,
  scanTime: 1480003200001,
  gateId: 274,
};

const ENTER_RESPONSE = {
  result: { status: 'OKAY', message: "'Welcome IN" },
  message: { tickets: [{ place: 'PIT1:3:4', eventId: '3F005062B2B4E313' }] },
};

/** An older revision of the same page answered "Okay". */
const ENTER_RESPONSE_OLD = {
  result: { status: 'OKAY', message: 'Okay' },
  message: { tickets: [{ place: 'PIT1:3:4', eventId: '3F005062B2B4E313' }] },
};

const DEVICE_INIT_RESPONSE = {
  result: { status: 'OKAY', message: 'Okay' },
  message: {
    id: '1',
    name: 'Test device',
    mac: '00:00:00:00:00:01',
    ip: '192.168.1.1',
    gateId: '1',
    venueId: 'KovZpZAFF17J',
    serial: 'aBcDEFg12',
    model: 'Janam XT2',
  },
};

const DEVICE_INFO_RESPONSE = {
  result: { status: 'OKAY', message: 'Okay' },
  message: {
    id: 37,
    name: 'East 1',
    venueId: 'KovZpZAFF17J',
    localId: 'COM-00:24:06:F0:FA:49-H',
    gateId: 84,
    gateName: 'Entrance 1',
    ip: '10.40.184.153',
    mac: '00:24:06:F0:FA:49',
    serial: '3c39f9af',
    model: 'Janam XT2',
  },
};

describe('Presence documented samples', () => {
  it('both enter responses parse and admit with the seat and event', () => {
    for (const sample of [ENTER_RESPONSE, ENTER_RESPONSE_OLD]) {
      const decision = toProviderDecision(PresenceScanResponse.parse(sample), 'entry');
      expect(decision).toMatchObject({
        outcome: 'admit',
        rawStatus: 'OKAY',
        seat: { section: 'PIT1', row: '3', seat: '4' },
        eventId: '3F005062B2B4E313',
      });
    }
  });

  it('the enter answer on an exit lane is not a valid exit', () => {
    expect(toProviderDecision(PresenceScanResponse.parse(ENTER_RESPONSE), 'exit').outcome).toBe('stop');
  });

  it('Device Configure answers ids as strings; they are read as the documented ints', () => {
    const envelope = PresenceDeviceResponse.parse(DEVICE_INIT_RESPONSE);
    expect(envelope.result.status).toBe('OKAY');
    expect(PresenceDevice.parse(envelope.message)).toMatchObject({ id: 1, gateId: 1, serial: 'aBcDEFg12' });
  });

  it('Device Information parses, with the gate id', () => {
    const envelope = PresenceDeviceResponse.parse(DEVICE_INFO_RESPONSE);
    expect(PresenceDevice.parse(envelope.message)).toMatchObject({
      id: 37,
      gateId: 84,
      gateName: 'Entrance 1',
    });
  });

  it('the client builds a body with the sample request’s fields and types', () => {
    const built = scanBody(
      { token: ENTER_REQUEST.token, inputType: 'Barcode' },
      ENTER_REQUEST.scanTime,
      { deviceId: ENTER_REQUEST.deviceId, gateId: ENTER_REQUEST.gateId },
      {
        venueId: ENTER_REQUEST.venueId,
        gateName: ENTER_REQUEST.gateName,
        channelId: ENTER_REQUEST.channelId,
      },
    );
    expect(Object.keys(built).sort()).toEqual(Object.keys(ENTER_REQUEST).sort());
    // The doc names the value "Printed"; its own sample writes it in lower case.
    expect({ ...built, deviceOs: built.deviceOs.toLowerCase() }).toEqual(ENTER_REQUEST);
  });

  it('the sandbox accepts the sample request as is', () => {
    expect(checkScanBody(ENTER_REQUEST).problems).toEqual([]);
  });

  it('wrong types in an answer do not parse', () => {
    expect(PresenceScanResponse.safeParse({ result: { status: 7 } }).success).toBe(false);
    expect(PresenceDevice.safeParse({ id: 'abc', gateId: 1 }).success).toBe(false);
    expect(PresenceDevice.safeParse({ id: 1 }).success).toBe(false);
  });
});
