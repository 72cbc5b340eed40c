/** Shared setup for the vivenu integration tests (not a test file itself). */
import type { HttpRequest, HttpTransport } from '../../electron/core/providers/http/http-transport.js';
import { nodeHttpTransport } from '../../electron/core/providers/http/node-http-transport.js';
import type { ValidateContext } from '../../electron/core/providers/provider.js';
import {
  VivenuProvider,
  type VivenuProviderDeps,
  type VivenuSettingsInput,
} from '../../electron/core/providers/vivenu/index.js';
import type { NormalisedScan } from '../../electron/core/scan/scan-input.js';
import {
  DEMO_EVENT_ID,
  startVivenuSandbox,
  type VivenuSandbox,
} from '../../electron/sandbox/vivenu/index.js';

export { abortAfter, timed } from './support/call-helpers.js';

export const ACCESS_TOKEN = 'acc-tok-5f3a9c2e71d04b';
export const API_KEY = 'key_live_8d21c0a7e94f';
export const EVENT = DEMO_EVENT_ID;

export function startSandbox(extra: Parameters<typeof startVivenuSandbox>[0] = {}): Promise<VivenuSandbox> {
  return startVivenuSandbox({ accessToken: ACCESS_TOKEN, apiKey: API_KEY, ...extra });
}

export function settingsFor(
  sandbox: { url: string },
  overrides: Partial<VivenuSettingsInput> = {},
): VivenuSettingsInput {
  return {
    apiBaseUrl: `${sandbox.url}/api`,
    portierBaseUrl: `${sandbox.url}/api`,
    accessToken: ACCESS_TOKEN,
    apiKey: API_KEY,
    eventIds: [EVENT],
    deviceId: 'gate-test-1',
    ...overrides,
  };
}

export function providerFor(
  sandbox: { url: string },
  overrides: Partial<VivenuSettingsInput> = {},
  deps: VivenuProviderDeps = {},
): VivenuProvider {
  return new VivenuProvider(settingsFor(sandbox, overrides), deps);
}

/** A transport that records each request (method, URL, headers) and then sends it for real. */
export function recordingTransport(): { transport: HttpTransport; requests: HttpRequest[] } {
  const requests: HttpRequest[] = [];
  return {
    requests,
    transport: (req) => {
      requests.push(req);
      return nodeHttpTransport(req);
    },
  };
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
    scanId: `vivenu-scan-${scanCounter}`,
    ...extra,
  };
}

export function ctx(signal: AbortSignal = AbortSignal.timeout(5_000)): ValidateContext {
  return { signal, onRequestId: () => undefined };
}

export async function raw(
  sandbox: VivenuSandbox,
  method: 'GET' | 'POST',
  path: string,
  headers: Record<string, string> = {},
  body?: unknown,
): Promise<{ status: number; json: unknown }> {
  const res = await fetch(sandbox.url + path, {
    method,
    headers: { 'Content-Type': 'application/json', ...headers },
    ...(body !== undefined && { body: JSON.stringify(body) }),
  });
  const text = await res.text();
  try {
    return { status: res.status, json: JSON.parse(text) };
  } catch {
    return { status: res.status, json: text };
  }
}
