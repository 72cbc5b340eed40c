/** Shared setup for the Entry V1 integration tests (not a test file itself). */
import { EntryV1Provider, type EntryV1ProviderDeps } from '../../electron/core/providers/entry-v1/index.js';
import type { EntryV1SettingsInput } from '../../electron/core/providers/entry-v1/index.js';
import type { ValidateContext } from '../../electron/core/providers/provider.js';
import type { NormalisedScan } from '../../electron/core/scan/scan-input.js';
import type { EntryV1Sandbox } from '../../electron/sandbox/entry-v1/index.js';

export { timed } from './support/call-helpers.js';

export const API_KEY = 'test-api-key-7c41e0b9d2';

export function settingsFor(
  sandbox: EntryV1Sandbox,
  overrides: Partial<EntryV1SettingsInput> = {},
): EntryV1SettingsInput {
  return {
    baseUrl: sandbox.url,
    apiKey: API_KEY,
    dataAccountId: '390',
    venueCode: 'TS',
    serialNumber: 'GP-TEST-0001',
    make: 'Gatepost',
    model: 'Pedestal',
    softwareVersion: 'gatepost 0.1.0',
    ...overrides,
  };
}

export function providerFor(
  sandbox: EntryV1Sandbox,
  overrides: Partial<EntryV1SettingsInput> = {},
  deps: EntryV1ProviderDeps = {},
): EntryV1Provider {
  return new EntryV1Provider(settingsFor(sandbox, overrides), deps);
}

let scanCounter = 0;
export function scanOf(token: string, extra: Partial<NormalisedScan> = {}): NormalisedScan {
  scanCounter += 1;
  return {
    token,
    inputType: 'Barcode',
    barcodeType: 'QRCode',
    source: 'wedge',
    receivedAt: Date.now(),
    scanId: `scan-${scanCounter}`,
    ...extra,
  };
}

/** A validate context with a generous default deadline; the request ids it saw are collected. */
export function contextWith(signal: AbortSignal = AbortSignal.timeout(5_000)): {
  ctx: ValidateContext;
  requestIds: string[];
} {
  const requestIds: string[] = [];
  return { ctx: { signal, onRequestId: (id) => requestIds.push(id) }, requestIds };
}

export async function postRaw(
  sandbox: EntryV1Sandbox,
  path: string,
  init: { headers?: Record<string, string>; body?: unknown; method?: string } = {},
): Promise<{ status: number; json: unknown }> {
  const res = await fetch(sandbox.url + path, {
    method: init.method ?? 'POST',
    headers: { 'Content-Type': 'application/json', ...init.headers },
    body: init.method === 'GET' ? undefined : JSON.stringify(init.body ?? {}),
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
