import { describe, expect, it } from 'vitest';
import { EntryV1Settings } from '../../electron/core/providers/entry-v1/settings.js';
import { DEFAULT_SANDBOX_PATHS } from '../../electron/sandbox/entry-v1/index.js';

const minimal = {
  baseUrl: 'https://entry.example.test/api',
  apiKey: 'k',
  dataAccountId: '390',
  venueCode: 'TS',
  serialNumber: 'S',
  make: 'M',
  model: 'X',
};

describe('EntryV1Settings', () => {
  it('fills defaults: Entry mode, 300 s margin, the placeholder path map', () => {
    const s = EntryV1Settings.parse(minimal);
    expect(s.scanMode).toBe('Entry');
    expect(s.renewMarginSeconds).toBe(300);
    expect(s.paths.scan).toBe('/v1/scan');
    expect(s.paths.ticketLookup).toBe('/v1/tickets/{barcode}');
  });

  it('defaults each path separately when only some are configured', () => {
    const s = EntryV1Settings.parse({ ...minimal, paths: { scan: '/entry/validate' } });
    expect(s.paths.scan).toBe('/entry/validate');
    expect(s.paths.session).toBe('/v1/session');
  });

  it('client and sandbox default path maps agree', () => {
    expect(EntryV1Settings.parse(minimal).paths).toEqual(DEFAULT_SANDBOX_PATHS);
  });

  it.each([
    { baseUrl: 'ftp://x' },
    { baseUrl: 'not a url' },
    { apiKey: '' },
    { scanMode: 'Sideways' },
    { renewMarginSeconds: -1 },
    { paths: { scan: 'no-leading-slash' } },
  ])('refuses %j', (bad) => {
    expect(EntryV1Settings.safeParse({ ...minimal, ...bad }).success).toBe(false);
  });
});
