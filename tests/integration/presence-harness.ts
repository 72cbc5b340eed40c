/** Shared setup for the Presence integration tests (not a test file itself). */
import {
  PresenceProvider,
  type PresenceProviderDeps,
  type PresenceSettingsInput,
} from '../../electron/core/providers/presence/index.js';
import type { HttpRequest, HttpTransport } from '../../electron/core/providers/http/http-transport.js';
import { nodeHttpTransport } from '../../electron/core/providers/http/node-http-transport.js';
import type { ValidateContext } from '../../electron/core/providers/provider.js';
import type { NormalisedScan } from '../../electron/core/scan/scan-input.js';
import {
  PRESENCE_DEMO_GATES,
  PRESENCE_DEMO_VENUE_ID,
  presenceDemoFixture,
  startPresenceSandbox,
  type PresenceSandbox,
  type PresenceSandboxOptions,
} from '../../electron/sandbox/presence/index.js';

import { timed } from './support/call-helpers.js';

export { abortAfter, timed } from './support/call-helpers.js';

export const API_KEY = 'presence-test-key-5f2a91c7e3';

/** A hand-driven clock, shared by the sandbox (scan windows, 2 s DUPLICATE rule) and the scans. */
export class TestClock {
  constructor(public ms: number = Date.UTC(2025, 9, 2, 18, 30)) {}
  readonly now = (): number => this.ms;
  advance(ms: number): void {
    this.ms += ms;
  }
}

export async function startSandbox(
  clock: TestClock,
  options: Omit<PresenceSandboxOptions, 'clock' | 'apiKey'> = {},
): Promise<PresenceSandbox> {
  return startPresenceSandbox({
    apiKey: API_KEY,
    clock: clock.now,
    fixture: presenceDemoFixture(clock.ms),
    ...options,
  });
}

export function settingsFor(
  sandbox: PresenceSandbox,
  overrides: Partial<PresenceSettingsInput> = {},
): PresenceSettingsInput {
  return {
    baseUrl: `${sandbox.url}/presence/v1`,
    apiKey: API_KEY,
    venueId: PRESENCE_DEMO_VENUE_ID,
    deviceName: 'Lane 3 kiosk',
    mac: '02:00:5E:00:53:03',
    ip: '10.40.184.153',
    gateName: PRESENCE_DEMO_GATES.entrance.gateName,
    serial: 'GP-TEST-0003',
    model: 'Gatepost kiosk',
    ...overrides,
  };
}

export function providerFor(
  sandbox: PresenceSandbox,
  overrides: Partial<PresenceSettingsInput> = {},
  deps: PresenceProviderDeps = {},
): PresenceProvider {
  return new PresenceProvider(settingsFor(sandbox, overrides), deps);
}

/** A transport that records every request (URL, method, parsed body) and then sends it for real. */
export function recordingTransport(inner: HttpTransport = nodeHttpTransport): {
  transport: HttpTransport;
  requests: { method: string; url: URL; body: unknown; label: string }[];
} {
  const requests: { method: string; url: URL; body: unknown; label: string }[] = [];
  const transport: HttpTransport = (req: HttpRequest) => {
    const body = typeof req.body === 'string' ? (JSON.parse(req.body) as unknown) : undefined;
    requests.push({ method: req.method, url: new URL(req.url), body, label: req.label });
    return inner(req);
  };
  return { transport, requests };
}

let scanCounter = 0;
export function scanOf(clock: TestClock, token: string, extra: Partial<NormalisedScan> = {}): NormalisedScan {
  scanCounter += 1;
  return {
    token,
    inputType: 'Barcode',
    barcodeType: 'QRCode',
    source: 'wedge',
    receivedAt: clock.ms,
    scanId: `scan-${scanCounter}`,
    ...extra,
  };
}

/** A validate context with a generous default deadline. */
export function contextWith(signal: AbortSignal = AbortSignal.timeout(5_000)): ValidateContext {
  return { signal, onRequestId: () => undefined };
}

/** The error a promise rejects with (fails the test if it resolves). */
export async function rejectionOf(promise: Promise<unknown>): Promise<Error> {
  const outcome = await timed(promise);
  if (outcome.result.ok) throw new Error('expected a rejection, got a value');
  return outcome.result.error as Error;
}
