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
      recordScanBody: 'array',
      syncOverlapSeconds: 60,
      paths: {
        accessScan: '/accessusers/tickets/{barcode}/scan',
        accessTicket: '/accessusers/tickets/{barcode}',
        ticketDownload: '/accessusers/tickets/v2/{eventId}',
        offlineUpload: '/accessusers/scans/{eventId}',
        recordScan: '/scans',
        listScans: '/scans',
      },
    });
  });

  it('overrides one path without losing the others', () => {
    const s = VivenuSettings.parse({ accessToken: 't', paths: { recordScan: '/scans/' } });
    expect(s.paths.recordScan).toBe('/scans/');
    expect(s.paths.listScans).toBe('/scans');
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
