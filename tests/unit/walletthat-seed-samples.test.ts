import { describe, expect, it } from 'vitest';
import {
  decisionFromFailure,
  decisionFromPass,
  seatOf,
  textField,
} from '../../electron/core/providers/walletthat/pass-decision.js';
import {
  WalletThatFailure,
  WalletThatGetPassDataSuccess,
  WalletThatGetPassTemplateSuccess,
  WalletThatUpdatePassDataSuccess,
} from '../../electron/core/providers/walletthat/response-schemas.js';
import { WalletThatSettings } from '../../electron/core/providers/walletthat/settings.js';

/**
 * Response samples from seeds/wallet-pass-event-ticket-api.txt. The help page's samples are not valid JSON
 * as printed (curly quotes around some keys, a trailing comma): only those were repaired; every key,
 * including the ones with a trailing space ("ticket-holder "), and every value is as printed.
 */
const GET_PASS_DATA_SUCCESS = {
  status: 'Success',
  'pass-id': '16178389328-5c2f43f8750b9',
  'pass-template-id': 'xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx',
  'pass-data': {
    'logo-url': 'https://fake-content-url.com/logo.png',
    'event-name': 'ROCK ON ROCK',
    'strip-image': 'https://fake-content-url.com/strip-image.png',
    'barcode-value': 'ASDH678',
    'barcode-text': 'ASDH678',
    'venue-name': 'BOSTON',
    'event-start-time': 'Dec 20, 2018, 2:00 PM',
    'event-end-time ': 'Dec 20, 2018, 5:00 PM',
    'event-custom-value-1': 'door 1',
    'event-custom-value-2': 'C',
    'event-custom-value-3': 'A',
    'event-custom-value-4': '96W',
    'doors-open-time ': 'Dec 20, 2018, 1:30 PM',
    'venue-address': '123 Fake St ',
    'ticket-holder ': 'AKASH',
    'ticket-type ': 'Electronic',
    'additional-image': 'https://fake-content-url.com/additional-image.png',
    'expiration-timestamp': '2019-02-01T10:46:46+00:00',
    'ticket-number ': '123123',
    'confirmation-number': '533333',
    'face-value': '$10.00',
    'terms-conditions': 'One ticket per customer. Ticket expires 24 hours after the event end time.',
    message1: 'Go directly to the ticket taker to have your mobile ticket scanned.',
    message2: 'Sun, Feb 10 at 8:00 PM',
    'text-module': '2hrs 13min',
    'info-module': 'Auditorium 11, H1',
    'link1-URI': 'tel://10000000000',
    'link2-URI': 'geo://36.9665,45.6666',
    'home-page-URI': 'https://fake-home-page-uri.com',
    'relevant-locations': [
      {
        key: 'relevant-1',
        latitude: '42.3959218',
        longitude: '-71.1283257',
        'relevant-text': 'Come grab some popcorn before your movie starts!',
      },
    ],
    ibeacons: [
      {
        key: 'ibeacon-1',
        'proximity-uuid': '111111',
        major: '222222',
        minor: '3333333',
        'relevant-text': 'Come grab some popcorn before your movie starts!',
      },
    ],
  },
};

const GET_PASS_DATA_FAILURE = {
  status: 'FAILURE',
  'error-code': 'E808',
  'error-message': 'The pass-id value is invalid.',
  'pass-id': '16178389328-5c2f43f8750b9',
};

const UPDATE_PASS_DATA_SUCCESS = {
  status: 'Success',
  'pass-id': 'rockonrock2020',
  'tracking-id': 'xxxxxxxxxx',
};
const UPDATE_PASS_DATA_FAILURE = {
  status: 'Failure',
  'error-code': 'E809',
  'error-message': 'Internal Error. The pass was not updated.',
  'pass-id': 'Event ticket_1',
};
const GET_PASS_TEMPLATE_FAILURE = {
  status: 'FAILURE',
  'error-code': 'E802',
  'error-message': 'The pass-template-id value is invalid.',
  'pass-template-id': 'xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx',
};
const GENERATE_PASS_FAILURE = {
  status: 'Failure',
  'error-code': 'E830',
  'error-message': 'Internal Error. The pass was not generated.',
  'pass-id': 'rockonrock2020',
};
const TEMPLATE_FAILURE_E1005 = {
  status: 'Failure',
  'error-code': 'E1005',
  'error-message': 'The autogenerate-barcode-value-type value is required/invalid.',
};

const seatFields = WalletThatSettings.parse({ apiKey: 'k' }).seatFields;
const BEFORE_EXPIRY = Date.UTC(2019, 1, 1, 10, 0, 0);

describe('WalletThat seed samples parse with the client schemas', () => {
  it('GetPassData success: keys with a trailing space are read; the sample has no pass-status', () => {
    const parsed = WalletThatGetPassDataSuccess.parse(GET_PASS_DATA_SUCCESS);
    const data = parsed['pass-data']!;
    expect(textField(data, 'ticket-holder')).toBe('AKASH');
    expect(textField(data, 'ticket-number')).toBe('123123');
    expect(data['expiration-timestamp']).toBe('2019-02-01T10:46:46+00:00');
    expect(seatOf(data, seatFields)).toEqual({ section: 'C', row: 'A', seat: '96W', text: 'door 1' });
    // Without a pass-status the kiosk cannot tell used from unused: staff decides.
    expect(decisionFromPass(parsed, 'p', BEFORE_EXPIRY, seatFields)).toMatchObject({
      outcome: 'see-staff',
      reasonCode: 'NO_PASS_STATUS',
    });
  });

  it('GetPassData success with pass-status "active" (where UpdatePassData puts it) admits until expiry', () => {
    const sample = structuredClone(GET_PASS_DATA_SUCCESS) as Record<string, unknown>;
    (sample['pass-data'] as Record<string, unknown>)['pass-status'] = 'active';
    const parsed = WalletThatGetPassDataSuccess.parse(sample);
    expect(decisionFromPass(parsed, '16178389328-5c2f43f8750b9', BEFORE_EXPIRY, seatFields)).toEqual({
      outcome: 'admit',
      rawStatus: 'active',
      reasonCode: 'OK',
      reasonText: 'Welcome',
      ticketId: '16178389328-5c2f43f8750b9',
      eventId: 'xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx',
      eventName: 'ROCK ON ROCK',
      seat: { section: 'C', row: 'A', seat: '96W', text: 'door 1' },
    });
    expect(decisionFromPass(parsed, 'p', Date.UTC(2019, 1, 1, 10, 46, 46), seatFields)).toMatchObject({
      outcome: 'stop',
      reasonCode: 'EXPIRED',
    });
  });

  it('Failure samples: E808 stops as not found, E809/E830 see staff, E1005 (undocumented here) sees staff', () => {
    expect(decisionFromFailure(WalletThatFailure.parse(GET_PASS_DATA_FAILURE), 'p')).toMatchObject({
      outcome: 'stop',
      rawStatus: 'E808',
      reasonCode: 'PASS_NOT_FOUND',
    });
    expect(decisionFromFailure(WalletThatFailure.parse(UPDATE_PASS_DATA_FAILURE), 'p').outcome).toBe(
      'see-staff',
    );
    expect(decisionFromFailure(WalletThatFailure.parse(GENERATE_PASS_FAILURE), 'p').rawStatus).toBe('E830');
    expect(decisionFromFailure(WalletThatFailure.parse(GET_PASS_TEMPLATE_FAILURE), 'p')).toMatchObject({
      outcome: 'stop',
      reasonCode: 'WRONG_TEMPLATE',
    });
    expect(decisionFromFailure(WalletThatFailure.parse(TEMPLATE_FAILURE_E1005), 'p')).toMatchObject({
      outcome: 'see-staff',
      rawStatus: 'E1005',
      reasonCode: 'WALLETTHAT_ERROR',
    });
  });

  it('UpdatePassData success and GetPassTemplate success', () => {
    expect(WalletThatUpdatePassDataSuccess.parse(UPDATE_PASS_DATA_SUCCESS)['tracking-id']).toBe('xxxxxxxxxx');
    const template = WalletThatGetPassTemplateSuccess.parse({
      status: 'Success',
      'pass-template-id': 'xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx',
      'pass-template': {
        'pass-name': 'ROCK ON ROCK TICKET',
        'pass-type': 'Event Ticket',
        organization: 'JOY',
        'event-name': 'ROCK ON ROCK',
        'expiration-timestamp': null,
        'ticket-holder ': 'AKASH',
      },
    });
    expect(template['pass-template']?.['pass-name']).toBe('ROCK ON ROCK TICKET');
  });

  it('a pass-status of the wrong type is refused', () => {
    const bad = structuredClone(GET_PASS_DATA_SUCCESS) as Record<string, unknown>;
    (bad['pass-data'] as Record<string, unknown>)['pass-status'] = 1;
    expect(WalletThatGetPassDataSuccess.safeParse(bad).success).toBe(false);
  });
});
