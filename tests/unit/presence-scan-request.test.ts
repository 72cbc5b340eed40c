import { describe, expect, it } from 'vitest';
import { makeScrub, presenceUrl } from '../../electron/core/providers/presence/http-call.js';
import { deviceOsFor, parsePlace } from '../../electron/core/providers/presence/index.js';
import { scanRouteFor, uploadScan } from '../../electron/core/providers/presence/scan-request.js';

describe('Presence request building', () => {
  it('deviceOs: Printed for barcodes and typed codes, iOS/Android for NFC taps', () => {
    expect(deviceOsFor({ inputType: 'Barcode' })).toBe('Printed');
    expect(deviceOsFor({ inputType: 'Key' })).toBe('Printed');
    expect(deviceOsFor({ inputType: 'NFC', nfcType: 'Apple' })).toBe('iOS');
    expect(deviceOsFor({ inputType: 'NFC', nfcType: 'Google' })).toBe('Android');
  });

  it('routes by gate mode and direction', () => {
    expect(scanRouteFor('entry')).toBe('enter');
    expect(scanRouteFor('exit')).toBe('exit');
    expect(scanRouteFor('internal')).toBe('internalEntry');
    expect(scanRouteFor('internal', 'exit')).toBe('exit');
    expect(scanRouteFor('entry', 'exit')).toBe('exit');
  });

  it('offline upload scans keep the original scan time and the nonce', () => {
    const scan = uploadScan(
      {
        scanId: 'n-1',
        token: 't',
        inputType: 'NFC',
        nfcType: 'Google',
        scannedAt: 1_700_000_000_123,
        outcome: 'admit',
        direction: 'entry',
        eventId: 'E1',
      },
      { deviceId: 5, gateId: 6 },
      { venueId: 'v', gateName: 'g', gateMode: 'internal' },
    );
    expect(scan).toEqual({
      token: 't',
      venueId: 'v',
      deviceId: 5,
      gateId: 6,
      gateName: 'g',
      deviceOs: 'Android',
      scanTime: 1_700_000_000_123,
      scanId: 'n-1',
      scanType: 'validate',
      eventId: 'E1',
    });
  });

  it('parses Section:Row:Seat, keeping anything else as text', () => {
    expect(parsePlace('PIT1:3:4')).toEqual({ section: 'PIT1', row: '3', seat: '4' });
    expect(parsePlace('GA')).toEqual({ text: 'GA' });
    expect(parsePlace('A::1')).toEqual({ text: 'A::1' });
    expect(parsePlace('  ')).toBeUndefined();
    expect(parsePlace(undefined)).toBeUndefined();
  });

  it('puts the key in the apikey query parameter, and the scrubber takes it out again', () => {
    const url = presenceUrl('https://app.ticketmaster.com/presence/v1/', '/device', 's3cr&t', {
      venue: 'KovZpZAFF17J',
      mac: '00:24:06:F0:FA:49',
    });
    const parsed = new URL(url);
    expect(parsed.pathname).toBe('/presence/v1/device');
    expect(parsed.searchParams.get('apikey')).toBe('s3cr&t');
    expect(parsed.searchParams.get('mac')).toBe('00:24:06:F0:FA:49');
    const scrub = makeScrub('s3cr&t');
    expect(scrub(`failed ${url} with s3cr&t`)).not.toMatch(/s3cr/);
    expect(scrub('GET /x?apikey=another&venue=1')).toBe('GET /x?apikey=[redacted]&venue=1');
  });
});
