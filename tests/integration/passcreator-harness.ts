/** Shared setup for the Passcreator integration tests (not a test file itself). */
import {
  PasscreatorProvider,
  type PasscreatorProviderDeps,
  type PasscreatorSettingsInput,
} from '../../electron/core/providers/passcreator/index.js';
import type { ValidateContext } from '../../electron/core/providers/provider.js';
import type { NormalisedScan } from '../../electron/core/scan/scan-input.js';
import {
  SEED_VOID_CONFIGURATION_ID,
  startPasscreatorSandbox,
  type PasscreatorSandbox,
  type PasscreatorSandboxOptions,
} from '../../electron/sandbox/passcreator/index.js';

export { abortAfter, timed } from './support/call-helpers.js';

export const API_KEY = 'pc-test-key-5f1e9a7c3b';

export function startSandbox(options: PasscreatorSandboxOptions = {}): Promise<PasscreatorSandbox> {
  return startPasscreatorSandbox({ apiKey: API_KEY, ...options });
}

export function settingsFor(
  sandbox: { url: string },
  overrides: Partial<PasscreatorSettingsInput> = {},
): PasscreatorSettingsInput {
  return {
    baseUrl: sandbox.url,
    apiKey: API_KEY,
    appConfigurationId: SEED_VOID_CONFIGURATION_ID,
    deviceName: 'Gate 3',
    timeZone: 'UTC',
    ...overrides,
  };
}

export function providerFor(
  sandbox: { url: string },
  overrides: Partial<PasscreatorSettingsInput> = {},
  deps: PasscreatorProviderDeps = {},
): PasscreatorProvider {
  return new PasscreatorProvider(settingsFor(sandbox, overrides), deps);
}

/** A provider already configured against the sandbox. */
export async function configuredProvider(
  sandbox: { url: string },
  overrides: Partial<PasscreatorSettingsInput> = {},
  deps: PasscreatorProviderDeps = {},
): Promise<PasscreatorProvider> {
  const provider = providerFor(sandbox, overrides, deps);
  await provider.configure(AbortSignal.timeout(5_000));
  return provider;
}

let scanCounter = 0;
/** Each scan a second apart: `createdOn` has one-second precision, like a patron's real re-scan. */
export function scanOf(token: string, extra: Partial<NormalisedScan> = {}): NormalisedScan {
  scanCounter += 1;
  return {
    token,
    inputType: 'Barcode',
    barcodeType: 'QRCode',
    source: 'wedge',
    receivedAt: Date.now() + scanCounter * 1_000,
    scanId: `scan-${scanCounter}`,
    ...extra,
  };
}

export function contextWith(signal: AbortSignal = AbortSignal.timeout(5_000)): {
  ctx: ValidateContext;
  requestIds: string[];
} {
  const requestIds: string[] = [];
  return { ctx: { signal, onRequestId: (id) => requestIds.push(id) }, requestIds };
}
