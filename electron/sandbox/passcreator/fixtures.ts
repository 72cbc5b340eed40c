import type { SandboxAppConfiguration, SandboxFixture, SandboxPass } from './types.js';

/** The seed document's two sample App Configurations, verbatim (attendance mode; void mode in "Room 1"). */
export const SEED_ATTENDANCE_CONFIGURATION_ID = '098b099f-4ec2-4281-bd08-d3cec64642ef';
export const SEED_VOID_CONFIGURATION_ID = 'e5c9eee4-038b-41e1-acac-e0edb344c993';
/** A void-mode configuration that validates only VIP Lounge passes (template restriction). */
export const LOUNGE_CONFIGURATION_ID = '5d0c3f4e-2a51-4a7e-9d55-0c2b7f1e9a10';

export const EVENT_TICKET_TEMPLATE = { guid: 'f277d988-500b-4ed2-aa0e-e1692a19bc44', name: 'Event Ticket' };
export const VIP_TEMPLATE = { guid: 'a57911fa-e2ff-4178-a100-b2eec8e4a254', name: 'VIP Lounge' };

/** Tokens (barcode values = generated IDs) of the demo fixture, named for what each one shows. */
export const DEMO_TOKENS = {
  valid: ['6650c1a0e4b2f1.10000001', '6650c1a0e4b2f1.10000002', '6650c1a0e4b2f1.10000003'],
  /** Pass 3's own ID: checkbyid finds the same pass by it. */
  userProvidedId: 'GP-TICKET-0003',
  /** Already voided: STOPs "already used". */
  voided: '6650c1a0e4b2f1.10000008',
  /** A VIP Lounge pass: admits at the lounge configuration; Event Ticket passes do not. */
  vip: '6650c1a0e4b2f1.10000009',
  unknown: '6650c1a0e4b2f1.99999999',
} as const;

function seedAttendanceConfiguration(): SandboxAppConfiguration {
  return {
    name: 'Example configuration',
    configurationId: SEED_ATTENDANCE_CONFIGURATION_ID,
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
}

function seedVoidConfiguration(): SandboxAppConfiguration {
  return {
    name: 'Second example configuration',
    configurationId: SEED_VOID_CONFIGURATION_ID,
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
}

function loungeConfiguration(): SandboxAppConfiguration {
  return {
    ...seedVoidConfiguration(),
    name: 'Lounge door',
    configurationId: LOUNGE_CONFIGURATION_ID,
    passTemplateId: VIP_TEMPLATE.guid,
    passTemplateName: VIP_TEMPLATE.name,
    place: 'VIP Lounge',
  };
}

function pass(n: number, generatedId: string, holder: string, extra: Partial<SandboxPass> = {}): SandboxPass {
  return {
    uid: `1d2ffd3d-bf5c-4c11-964f-018aee01${String(n).padStart(4, '0')}`,
    generatedId,
    voided: false,
    attendance: 0,
    passTemplateGuid: EVENT_TICKET_TEMPLATE.guid,
    passTemplateName: EVENT_TICKET_TEMPLATE.name,
    searchString: `${generatedId}|${holder}`,
    passData: holder,
    ...extra,
  };
}

/** Demo App Configurations and passes; `extraPasses` more valid passes for benchmarks. */
export function demoFixture(extraPasses = 0): SandboxFixture {
  const [v1, v2, v3] = DEMO_TOKENS.valid;
  return {
    configurations: [seedAttendanceConfiguration(), seedVoidConfiguration(), loungeConfiguration()],
    passes: [
      pass(1, v1, 'Ada|Lovelace|Block A Row 1 Seat 1'),
      pass(2, v2, 'Grace|Hopper|Block A Row 1 Seat 2'),
      pass(3, v3, 'Alan|Turing|Box 7', { userProvidedId: DEMO_TOKENS.userProvidedId }),
      pass(8, DEMO_TOKENS.voided, 'Void|Ed', { voided: true }),
      pass(9, DEMO_TOKENS.vip, 'Vera|Important', {
        passTemplateGuid: VIP_TEMPLATE.guid,
        passTemplateName: VIP_TEMPLATE.name,
      }),
      ...generatePasses(extraPasses),
    ],
  };
}

/** Barcode of the i-th generated benchmark pass (clear of the demo tokens). */
export function generatedToken(i: number): string {
  return `7750c1a0e4b2f1.${String(i).padStart(8, '0')}`;
}

/** `count` more valid Event Ticket passes for benchmarks; plain loops, fast at 10,000+. */
export function generatePasses(count: number): SandboxPass[] {
  const passes = new Array<SandboxPass>(count);
  for (let i = 0; i < count; i++) {
    const generatedId = generatedToken(i);
    passes[i] = {
      uid: `00000000-0000-4000-8000-${i.toString(16).padStart(12, '0')}`,
      generatedId,
      voided: false,
      attendance: 0,
      passTemplateGuid: EVENT_TICKET_TEMPLATE.guid,
      passTemplateName: EVENT_TICKET_TEMPLATE.name,
      searchString: `${generatedId}|Bench|Patron ${i}`,
    };
  }
  return passes;
}
