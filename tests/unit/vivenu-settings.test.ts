import { describe, expect, it } from 'vitest';
import { VivenuSettings } from '../../electron/core/providers/vivenu/settings.js';

describe('vivenu settings', () => {
  it('fills the documented defaults', () => {
    expect(VivenuSettings.parse({ accessToken: 't' })).toEqual({
      apiBaseUrl: 'https://vivenu.com/api',
      portierBaseUrl: 'https://portier.vivenu.com/api',
      accessToken: 't',
      eventIds: [],
      pageSize: 500,
      maxPages: 200,
      maxUploadBatch: 100,
      syncOverlapSeconds: 60,
      paths: {
        accessScan: '/accessusers/tickets/{barcode}/scan',
        accessTicket: '/accessusers/tickets/{barcode}',
        ticketDownload: '/accessusers/tickets/v2/{eventId}',
        offlineUpload: '/accessusers/scans/{eventId}',
        listScans: '/scans',
      },
    });
  });

  it('overrides one path without losing the others', () => {
    const s = VivenuSettings.parse({ accessToken: 't', paths: { listScans: '/scans/' } });
    expect(s.paths.listScans).toBe('/scans/');
    expect(s.paths.accessScan).toBe('/accessusers/tickets/{barcode}/scan');
  });

  it('drops the settings of the Portier record the kiosk no longer makes (old configs still load)', () => {
    const s = VivenuSettings.parse({ accessToken: 't', deviceId: 'gate-1', recordScanBody: 'object' });
    expect(s).not.toHaveProperty('deviceId');
    expect(s).not.toHaveProperty('recordScanBody');
  });

  it('refuses what cannot work', () => {
    expect(VivenuSettings.safeParse({}).success).toBe(false);
    expect(VivenuSettings.safeParse({ accessToken: '' }).success).toBe(false);
    expect(VivenuSettings.safeParse({ accessToken: 't', apiBaseUrl: 'ftp://x' }).success).toBe(false);
    expect(VivenuSettings.safeParse({ accessToken: 't', pageSize: 5000 }).success).toBe(false);
    expect(VivenuSettings.safeParse({ accessToken: 't', paths: { accessScan: 'no-slash' } }).success).toBe(
      false,
    );
  });
});
