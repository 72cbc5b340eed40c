import { describe, expect, it } from 'vitest';
import {
  PasscreatorAppConfiguration,
  PasscreatorAppConfigurationList,
  PasscreatorAppScanCreated,
  PasscreatorCheckByIdResponse,
  PasscreatorPass,
  PasscreatorScanListPage,
} from '../../electron/core/providers/passcreator/response-schemas.js';
import { toConfigurationRules } from '../../electron/core/providers/passcreator/scan-decision.js';
import { demoFixture } from '../../electron/sandbox/passcreator/index.js';

/** Samples copied verbatim from seeds/passcreator-validate-passes.txt. */
const SEED_CONFIGURATION = {
  name: 'Example configuration',
  configurationId: '098b099f-4ec2-4281-bd08-d3cec64642ef',
  passTemplateId: null,
  passTemplateIds: null,
  passTemplateName: null,
  createdOn: '2025-11-12 16:06:09',
  createdOnUtc: '2025-11-12 16:06:09',
  scanMode: 1,
  place: '',
  validValidationPlaces: null,
  additionalProperties: [
    { type: 'boolean', name: 'Allowed to send marketing mails?', id: 0 },
    { type: 'unicode', name: 'Tell us about you', id: 1 },
    { type: 'double', name: 'Transaction value', id: 2 },
  ],
  backgroundColor: null,
  textColor: null,
  timeToShowAutoSaveConfirmation: 5,
  type: 0,
  preventNegativeNumericValues: false,
  preventNegativeStoredValueBalance: false,
  appConfigurationLinks: [
    {
      identifier: 'b7df61cd-3ead-4379-8a94-e192c87096ff',
      branchLink: 'https://example.test-app.link/CSYw9rjTeYb',
      canChangeConfig: false,
      createdOn: '2025-11-12 16:06:09',
      expired: false,
      unlockPin: '066969',
      usedOn: null,
      expirationDate: '2025-11-12 18:06:09',
      isValid: true,
      validTo: '2025-11-12 18:06:09',
    },
  ],
};

const SEED_SECOND_CONFIGURATION = {
  name: 'Second example configuration',
  configurationId: 'e5c9eee4-038b-41e1-acac-e0edb344c993',
  passTemplateId: null,
  passTemplateIds: null,
  passTemplateName: null,
  createdOn: '2025-01-03 09:33:15',
  createdOnUtc: '2025-01-03 09:33:15',
  scanMode: 0,
  place: 'Room 1',
  validValidationPlaces: null,
  additionalProperties: [],
  backgroundColor: null,
  textColor: null,
  timeToShowAutoSaveConfirmation: 5,
  type: 0,
  preventNegativeNumericValues: false,
  preventNegativeStoredValueBalance: false,
  appConfigurationLinks: [],
};

const SEED_SCAN_LIST = {
  query: {
    start: 0,
    pageSize: 2,
    self: 'https://app.passcreator.com/api/appscan/list/74019cd8-f8e1-4ca5-a366-7c64d494cf2f?start=0&pageSize=2',
    next: 'https://app.passcreator.com/api/appscan/list/74019cd8-f8e1-4ca5-a366-7c64d494cf2f?start=2&pageSize=2',
  },
  total: 147,
  results: [
    {
      scanStatus: 1,
      createdOn: '2025-10-17 03:38:43',
      createdOnUtc: '2025-10-17 07:38:43',
      passId: '362f41e0-287c-47ee-a041-0231c40e0627',
      passGeneratedId: 'swvcgbqzvz1reovpto60100e7c02b52',
      passSearchString: '',
      passData: '',
      passVoided: false,
      passUserProvidedId: '',
      passTemplateGuid: 'a57911fa-e2ff-4178-a100-b2eec8e4a254',
      passTemplateName: 'Demo Template',
      appConfigurationId: '74019cd8-f8e1-4ca5-a366-7c64d494cf2f',
      place: 'Room 1',
      scannedBarcodeValue: 'swvcgbqzvz1reovpto60100e7c02b52',
      appScanId: '0158a0b3-d9f8-498c-a8c1-ebf662842704',
      deviceName: 'iPhone',
      additionalPropertiesScan: [],
      additionalProperties: {
        '5cb1a40ac68f80.15012600': 'John Doe',
        '600fcc67eb2a77.20005647': 'example@example.com',
      },
      storedValue: null,
    },
    {
      scanStatus: 1,
      createdOn: '2025-10-17 03:38:36',
      createdOnUtc: '2025-10-17 07:38:36',
      passId: 'a3d1bd05-0a45-4d2a-8d3d-55535ba446ed',
      passGeneratedId: '1d3zi2kkzv060h00jz68f1f21bb5053',
      passSearchString: '',
      passData: '',
      passVoided: false,
      passUserProvidedId: '',
      passTemplateGuid: 'f277d988-500b-4ed2-aa0e-e1692a19bc44',
      passTemplateName: 'Event Ticket',
      appConfigurationId: '6c1858ce-e206-4372-881b-0c84a947bf66',
      place: 'Entrance A',
      scannedBarcodeValue: '1d3zi2kkzv060h00jz68f1f21bb5053',
      appScanId: '90af53f3-5eee-48ca-949f-348d32551445',
      deviceName: 'iPad',
      additionalPropertiesScan: [],
      additionalProperties: {},
      storedValue: null,
    },
  ],
};

const SEED_APP_SCAN_CREATED = {
  appScanId: '4c19c1e8-b14a-4846-a597-5b53fcdb8a92',
  scanStatus: 2,
  location: null,
  success: true,
};

/** developer.passcreator.com, existing passes: checkbyid and pass-by-UID examples. */
const DOC_CHECK_BY_ID = {
  error: '',
  identifier: 'caf45b94-79b1-dc0a-e003-9dd02b2792ae',
  uri: 'https:/app.passcreator.com/api/pass/caf45b94-79b1-dc0a-e003-9dd02b2792ae',
  generatedId: '552428addf5cd4.83175649',
  searchString: '552428addf5cd4.83175649|www.passcreator.de',
  voided: false,
  passTemplateGuid: '36d35326-16f6-4cc2-ae74-28dfc3873be3',
};
const DOC_PASS = {
  identifier: '1d2ffd3d-bf5c-4c11-964f-018aee016dda',
  uri: '',
  generatedId: '5b55c8058e3c77.10425272',
  searchString: 'John|Doe',
  passData: 'John\\n\r\nDoe',
  voided: false,
  userProvidedId: '',
  passTemplateGuid: '6fcf1fc9-48ef-4816-b60a-9d67eeb37fef',
  passTemplateName: 'Coffee Membership',
  linkToPassPage: '',
};

describe('Passcreator seed response samples parse with the client schemas', () => {
  it('List App Configurations', () => {
    const list = PasscreatorAppConfigurationList.parse([SEED_CONFIGURATION, SEED_SECOND_CONFIGURATION]);
    expect(list.map((c) => [c.configurationId, c.scanMode])).toEqual([
      ['098b099f-4ec2-4281-bd08-d3cec64642ef', 1],
      ['e5c9eee4-038b-41e1-acac-e0edb344c993', 0],
    ]);
  });

  it('Get App Configuration → rules (all templates)', () => {
    const rules = toConfigurationRules(PasscreatorAppConfiguration.parse(SEED_CONFIGURATION));
    expect(rules).toEqual({
      configurationId: '098b099f-4ec2-4281-bd08-d3cec64642ef',
      name: 'Example configuration',
      scanMode: 1,
    });
  });

  it('List App Scans', () => {
    const page = PasscreatorScanListPage.parse(SEED_SCAN_LIST);
    expect(page.total).toBe(147);
    expect(page.query.next).toMatch(/start=2/);
    expect(page.results.map((r) => r.scannedBarcodeValue)).toEqual([
      'swvcgbqzvz1reovpto60100e7c02b52',
      '1d3zi2kkzv060h00jz68f1f21bb5053',
    ]);
  });

  it('Create App Scan answer', () => {
    expect(PasscreatorAppScanCreated.parse(SEED_APP_SCAN_CREATED)).toEqual(SEED_APP_SCAN_CREATED);
  });

  it('checkbyid and pass-by-UID examples', () => {
    expect(PasscreatorCheckByIdResponse.parse(DOC_CHECK_BY_ID)).toMatchObject({ voided: false });
    expect(PasscreatorCheckByIdResponse.parse([DOC_CHECK_BY_ID])).toHaveLength(1);
    expect(PasscreatorPass.parse(DOC_PASS)).toMatchObject({
      identifier: '1d2ffd3d-bf5c-4c11-964f-018aee016dda',
      passTemplateName: 'Coffee Membership',
    });
  });

  it('wrong types on decision fields are refused', () => {
    expect(PasscreatorAppScanCreated.safeParse({ ...SEED_APP_SCAN_CREATED, scanStatus: '2' }).success).toBe(
      false,
    );
    expect(PasscreatorPass.safeParse({ ...DOC_PASS, voided: 'false' }).success).toBe(false);
    expect(PasscreatorAppConfiguration.safeParse({ ...SEED_CONFIGURATION, scanMode: '1' }).success).toBe(
      false,
    );
  });
});

describe('The sandbox answers in the seed shapes', () => {
  it('its App Configurations are the seed samples verbatim', () => {
    const [first, second] = demoFixture().configurations;
    expect(first).toEqual(SEED_CONFIGURATION);
    expect(second).toEqual(SEED_SECOND_CONFIGURATION);
  });
});
