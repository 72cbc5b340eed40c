import { describe, expect, it } from 'vitest';
import { readExpiration } from '../../electron/core/providers/walletthat/expiration.js';
import { passIdMapper } from '../../electron/core/providers/walletthat/pass-id.js';
import {
  WALLETTHAT_DEFAULT_ENDPOINT,
  WalletThatSettings,
} from '../../electron/core/providers/walletthat/settings.js';

describe('WalletThat settings', () => {
  it('fills in the documented defaults', () => {
    expect(WalletThatSettings.parse({ apiKey: 'k' })).toEqual({
      endpointUrl: WALLETTHAT_DEFAULT_ENDPOINT,
      apiKey: 'k',
      passIdPrefix: '',
      seatFields: {
        level: null,
        section: 'event-custom-value-2',
        row: 'event-custom-value-3',
        seat: 'event-custom-value-4',
        text: 'event-custom-value-1',
      },
    });
    expect(WALLETTHAT_DEFAULT_ENDPOINT).toBe('https://api.walletthat.com/v3/passes');
  });

  it('refuses a missing key, a non-http URL and a broken pattern', () => {
    expect(WalletThatSettings.safeParse({}).success).toBe(false);
    expect(WalletThatSettings.safeParse({ apiKey: '' }).success).toBe(false);
    expect(WalletThatSettings.safeParse({ apiKey: 'k', endpointUrl: 'ftp://x/y' }).success).toBe(false);
    expect(WalletThatSettings.safeParse({ apiKey: 'k', barcodePattern: '([a-z' }).success).toBe(false);
  });

  it('seat fields can be relabelled or switched off', () => {
    const s = WalletThatSettings.parse({
      apiKey: 'k',
      seatFields: { text: null, level: 'event-custom-value-1' },
    });
    expect(s.seatFields).toMatchObject({
      text: null,
      level: 'event-custom-value-1',
      seat: 'event-custom-value-4',
    });
  });
});

describe('WalletThat barcode → pass-id', () => {
  it('is the barcode itself by default', () => {
    expect(passIdMapper({ passIdPrefix: '' })('Event Ticket_1')).toBe('Event Ticket_1');
    expect(passIdMapper({ passIdPrefix: '' })('')).toBeUndefined();
  });

  it('prefix, pattern (anchored), capture group', () => {
    const map = passIdMapper({ passIdPrefix: 'EVT-', barcodePattern: 'WT(\\d+)' });
    expect(map('WT123')).toBe('EVT-123');
    expect(map('xWT123')).toBeUndefined();
    expect(map('WT123x')).toBeUndefined();
    expect(passIdMapper({ passIdPrefix: '', barcodePattern: '[A-Z]{3}\\d{3}' })('ABC123')).toBe('ABC123');
    expect(passIdMapper({ passIdPrefix: '', barcodePattern: 'A|B' })('AB')).toBeUndefined();
  });
});

describe('WalletThat expiration-timestamp', () => {
  it('reads UTC and ignores the offset, as the seed says', () => {
    expect(readExpiration('2019-02-01T10:46:46+00:00')).toBe(Date.UTC(2019, 1, 1, 10, 46, 46));
    expect(readExpiration('2019-02-01T10:46:46+05:30')).toBe(Date.UTC(2019, 1, 1, 10, 46, 46));
    expect(readExpiration('2013-02-19T15:54:50Z')).toBe(Date.UTC(2013, 1, 19, 15, 54, 50));
    expect(readExpiration('2013-02-19 15:54')).toBe(Date.UTC(2013, 1, 19, 15, 54));
    expect(readExpiration('2013-02-19')).toBe(Date.UTC(2013, 1, 19));
  });

  it('none vs unreadable', () => {
    expect(readExpiration(null)).toBeNull();
    expect(readExpiration(undefined)).toBeNull();
    expect(readExpiration(' ')).toBeNull();
    expect(readExpiration('12/30/2020 6:00 PM')).toBeNaN();
    expect(readExpiration('2025-02-31T00:00:00Z')).toBeNaN();
  });
});
