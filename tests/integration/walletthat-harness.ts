/** Shared setup for the WalletThat integration tests (not a test file itself). */
import type { ValidateContext } from '../../electron/core/providers/provider.js';
import {
  WalletThatProvider,
  type WalletThatProviderDeps,
  type WalletThatSettingsInput,
} from '../../electron/core/providers/walletthat/index.js';
import type { NormalisedScan } from '../../electron/core/scan/scan-input.js';
import {
  DEMO_TEMPLATE_ID,
  startWalletThatSandbox,
  type WalletThatSandbox,
  type WalletThatSandboxOptions,
} from '../../electron/sandbox/walletthat/index.js';

export { abortAfter, timed } from './support/call-helpers.js';

export const API_KEY = 'wt-test-key-5d9e21c7b04a';

export function startSandbox(options: WalletThatSandboxOptions = {}): Promise<WalletThatSandbox> {
  return startWalletThatSandbox({ apiKey: API_KEY, ...options });
}

export function settingsFor(
  sandbox: WalletThatSandbox,
  overrides: Partial<WalletThatSettingsInput> = {},
): WalletThatSettingsInput {
  return {
    endpointUrl: sandbox.endpointUrl,
    apiKey: API_KEY,
    passTemplateId: DEMO_TEMPLATE_ID,
    ...overrides,
  };
}

export function providerFor(
  sandbox: WalletThatSandbox,
  overrides: Partial<WalletThatSettingsInput> = {},
  deps: WalletThatProviderDeps = {},
): WalletThatProvider {
  return new WalletThatProvider(settingsFor(sandbox, overrides), deps);
}

let scanCounter = 0;
export function scanOf(token: string): NormalisedScan {
  scanCounter += 1;
  return {
    token,
    inputType: 'Barcode',
    barcodeType: 'QRCode',
    source: 'wedge',
    receivedAt: Date.now(),
    scanId: `wt-scan-${scanCounter}`,
  };
}

export function ctxWith(signal: AbortSignal = AbortSignal.timeout(5_000)): ValidateContext {
  return { signal, onRequestId: () => undefined };
}

/** Raw POST to the sandbox, for checks on the API's own answers. */
export async function postRaw(
  url: string,
  body: unknown,
  headers: Record<string, string> = { 'X-Api-Key': API_KEY },
): Promise<{ status: number; json: unknown }> {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });
  const text = await res.text();
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = text;
  }
  return { status: res.status, json };
}
