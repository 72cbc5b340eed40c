import { describe, expect, it } from 'vitest';
import { formatCreatedOn, formatCreatedSince } from '../../electron/core/providers/passcreator/created-on.js';
import { PasscreatorSettings } from '../../electron/core/providers/passcreator/settings.js';
import { DEFAULT_SANDBOX_PATHS } from '../../electron/sandbox/passcreator/index.js';

const minimal = { apiKey: 'k', appConfigurationId: 'e5c9eee4-038b-41e1-acac-e0edb344c993' };

describe('PasscreatorSettings', () => {
  it('fills the documented defaults', () => {
    const s = PasscreatorSettings.parse(minimal);
    expect(s).toMatchObject({
      baseUrl: 'https://app.passcreator.com',
      deviceName: 'Gatepost kiosk',
      passLookup: 'checkbyid',
      listPageSize: 100,
      maxSyncPages: 200,
      maxLookupPages: 10,
    });
    expect(s.timeZone).toBeUndefined();
    expect(s.paths.appScan).toBe('/api/appscan');
    expect(s.paths.passCheckById).toBe('/api/pass/checkbyid/{id}');
  });

  it('client and sandbox default paths agree', () => {
    const { paths } = PasscreatorSettings.parse(minimal);
    const { appScanListAll: _all, ...sandboxPaths } = DEFAULT_SANDBOX_PATHS;
    expect(paths).toEqual(sandboxPaths);
  });

  it.each([
    ['a page size above 100', { listPageSize: 101 }],
    ['an unknown time zone', { timeZone: 'Mars/Olympus' }],
    ['an unknown lookup mode', { passLookup: 'search' }],
    ['a relative path', { paths: { appScan: 'api/appscan' } }],
    ['a non-http base URL', { baseUrl: 'ftp://app.passcreator.com' }],
    ['an empty key', { apiKey: '' }],
  ])('refuses %s', (_name, extra) => {
    expect(PasscreatorSettings.safeParse({ ...minimal, ...extra }).success).toBe(false);
  });
});

describe('createdOn formatting', () => {
  const at = Date.UTC(2017, 4, 1, 20, 10, 4);
  it('writes Y-m-d H:i:s in the given zone', () => {
    expect(formatCreatedOn(at, 'UTC')).toBe('2017-05-01 20:10:04');
    expect(formatCreatedOn(at, 'Europe/Berlin')).toBe('2017-05-01 22:10:04');
    expect(formatCreatedOn(Date.UTC(2017, 0, 1, 0, 0, 0), 'UTC')).toBe('2017-01-01 00:00:00');
  });
  it('createdSince has minute precision', () => {
    expect(formatCreatedSince(at, 'UTC')).toBe('2017-05-01 20:10');
  });
});
