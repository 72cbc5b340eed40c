import { describe, expect, it } from 'vitest';
import { PresenceSettings } from '../../electron/core/providers/presence/index.js';

const required = {
  apiKey: 'k',
  venueId: 'KovZpZAFF17J',
  deviceName: 'Lane 1',
  mac: '00:24:06:F0:FA:49',
  ip: '10.0.0.5',
  gateName: 'Entrance 1',
  serial: 'GP-1',
};

describe('Presence settings', () => {
  it('fills documented defaults', () => {
    const s = PresenceSettings.parse(required);
    expect(s).toMatchObject({
      baseUrl: 'https://app.ticketmaster.com/presence/v1',
      model: 'Gatepost kiosk',
      gateMode: 'entry',
      maxUploadBatch: 100,
      paths: {
        deviceInit: '/device/init',
        deviceInfo: '/device',
        enter: '/ticket/enter',
        exit: '/ticket/exit',
        internalEntry: '/ticket/validate',
        offlineUpload: '/ticket/upload',
      },
    });
    expect(s.channelId).toBeUndefined();
  });

  it('keeps one overridden path and defaults the rest', () => {
    const s = PresenceSettings.parse({ ...required, paths: { offlineUpload: '/scans/offline' } });
    expect(s.paths.offlineUpload).toBe('/scans/offline');
    expect(s.paths.enter).toBe('/ticket/enter');
  });

  it.each(Object.keys(required))('requires %s', (key) => {
    const input: Record<string, unknown> = { ...required };
    delete input[key];
    expect(PresenceSettings.safeParse(input).success).toBe(false);
  });

  it('refuses bad values', () => {
    expect(PresenceSettings.safeParse({ ...required, gateMode: 'sideways' }).success).toBe(false);
    expect(PresenceSettings.safeParse({ ...required, paths: { enter: 'ticket/enter' } }).success).toBe(false);
    expect(PresenceSettings.safeParse({ ...required, baseUrl: 'ftp://x' }).success).toBe(false);
    expect(PresenceSettings.safeParse({ ...required, maxUploadBatch: 0 }).success).toBe(false);
  });
});
