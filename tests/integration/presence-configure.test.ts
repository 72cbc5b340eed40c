import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { nodeHttpTransport } from '../../electron/core/providers/http/node-http-transport.js';
import {
  ProviderNotConfiguredError,
  ProviderProtocolError,
  ProviderUnavailableError,
} from '../../electron/core/providers/provider.js';
import {
  PRESENCE_DEMO_GATES,
  PRESENCE_DEMO_TOKENS,
  type PresenceSandbox,
} from '../../electron/sandbox/presence/index.js';
import {
  TestClock,
  abortAfter,
  contextWith,
  recordingTransport,
  rejectionOf,
  scanOf,
  timed,
} from './support/provider-harness.js';
import { presenceRig } from './support/provider-rigs.js';

const { API_KEY, providerFor, settingsFor, startSandbox } = presenceRig;

describe('Presence configure (Device Configure + Device Information)', () => {
  let clock: TestClock;
  let sandbox: PresenceSandbox;
  beforeEach(async () => {
    clock = new TestClock();
    sandbox = await startSandbox({ clock });
  });
  afterEach(() => sandbox.close());

  it('sends device/init with the documented body, then reads the gate id from Device Information', async () => {
    const { transport, requests } = recordingTransport();
    const provider = providerFor(sandbox, {}, { transport });
    await provider.configure(AbortSignal.timeout(5_000));

    expect(requests.map((r) => `${r.method} ${r.target.pathname}`)).toEqual([
      'POST /presence/v1/device/init',
      'GET /presence/v1/device',
    ]);
    const s = settingsFor(sandbox);
    expect(requests[0]?.json).toEqual({
      venueId: s.venueId,
      name: s.deviceName,
      mac: s.mac,
      ip: s.ip,
      gateName: s.gateName,
      serial: s.serial,
      model: s.model,
    });
    expect(requests[1]?.target.searchParams.get('venue')).toBe(s.venueId);
    expect(requests[1]?.target.searchParams.get('mac')).toBe(s.mac);
    for (const r of requests) expect(r.target.searchParams.get('apikey')).toBe(API_KEY);

    const device = sandbox.devices.info(s.venueId, s.mac);
    expect(device).toMatchObject({ gateId: PRESENCE_DEMO_GATES.entrance.gateId, serial: s.serial });
    expect(provider.deviceIds).toEqual({ deviceId: device?.id, gateId: PRESENCE_DEMO_GATES.entrance.gateId });
    expect(sandbox.state).toMatchObject({ deviceInits: 1, deviceInfos: 1, deviceCount: 1 });
  });

  it('the apikey query parameter rides on every request, scans included', async () => {
    const { transport, requests } = recordingTransport();
    const provider = providerFor(sandbox, {}, { transport });
    await provider.configure(AbortSignal.timeout(5_000));
    await provider.validate(scanOf(PRESENCE_DEMO_TOKENS.valid[0], { clock }), contextWith());
    await provider.uploadOffline([], AbortSignal.timeout(5_000));
    expect(requests).toHaveLength(3);
    for (const r of requests) expect(r.target.searchParams.get('apikey')).toBe(API_KEY);
  });

  it('re-configuring keeps the device id; a new gate name gets its own gate id', async () => {
    const provider = providerFor(sandbox);
    await provider.configure(AbortSignal.timeout(5_000));
    const first = provider.deviceIds;
    await provider.configure(AbortSignal.timeout(5_000));
    expect(provider.deviceIds).toEqual(first);

    const other = providerFor(sandbox, { mac: '02:00:5E:00:53:99', gateName: 'Gate 7 (new)' });
    await other.configure(AbortSignal.timeout(5_000));
    expect(other.deviceIds?.deviceId).not.toBe(first?.deviceId);
    expect(other.deviceIds?.gateId).not.toBe(first?.gateId);
    expect(sandbox.devices.gate(other.deviceIds?.gateId ?? -1)?.gateName).toBe('Gate 7 (new)');
  });

  it('an unknown venue is "not configured" (out of service), and so is validate before configure', async () => {
    const provider = providerFor(sandbox, { venueId: 'NoSuchVenue' });
    const err = await rejectionOf(provider.configure(AbortSignal.timeout(5_000)));
    expect(err).toBeInstanceOf(ProviderNotConfiguredError);
    expect(err.message).toMatch(/venue not found \(NOT_FOUND\)/);
    const early = await rejectionOf(provider.validate(scanOf('1', { clock }), contextWith()));
    expect(early).toBeInstanceOf(ProviderNotConfiguredError);
    expect(sandbox.state.scansValidated).toBe(0);
  });

  it('Device Information not finding the device is "not configured"', async () => {
    // Device Information looks the device up by MAC: ask with another MAC than the one configured.
    const provider = providerFor(
      sandbox,
      {},
      {
        transport: (req) => {
          if (req.method !== 'GET') return nodeHttpTransport(req);
          const url = new URL(req.url);
          url.searchParams.set('mac', 'FF:FF:FF:FF:FF:FF');
          return nodeHttpTransport({ ...req, url: url.toString() });
        },
      },
    );
    const err = await rejectionOf(provider.configure(AbortSignal.timeout(5_000)));
    expect(err).toBeInstanceOf(ProviderNotConfiguredError);
    expect(err.message).toMatch(/device not found/);
    expect(provider.deviceIds).toBeUndefined();
  });

  it('an incomplete device/init body (BAD_REQUEST) is "not configured"', async () => {
    const provider = providerFor(
      sandbox,
      {},
      {
        transport: (req) =>
          nodeHttpTransport(
            req.method === 'POST' ? { ...req, body: JSON.stringify({ venueId: 'KovZpZAFF17J' }) } : req,
          ),
      },
    );
    const err = await rejectionOf(provider.configure(AbortSignal.timeout(5_000)));
    expect(err).toBeInstanceOf(ProviderNotConfiguredError);
    expect(err.message).toMatch(/BAD_REQUEST/);
  });

  it('NOT_FOUND carried on HTTP 404 is also "not configured"; GENERAL_ERROR is retryable', async () => {
    const answering = (status: number, result: string) =>
      providerFor(
        sandbox,
        {},
        {
          transport: async () => ({
            status,
            text: JSON.stringify({ result: { status: result, message: 'x' } }),
          }),
        },
      );
    expect(
      await rejectionOf(answering(404, 'NOT_FOUND').configure(AbortSignal.timeout(5_000))),
    ).toBeInstanceOf(ProviderNotConfiguredError);
    expect(
      await rejectionOf(answering(200, 'GENERAL_ERROR').configure(AbortSignal.timeout(5_000))),
    ).toBeInstanceOf(ProviderUnavailableError);
    expect(
      await rejectionOf(answering(200, 'SOMETHING_NEW').configure(AbortSignal.timeout(5_000))),
    ).toBeInstanceOf(ProviderProtocolError);
  });

  it('a device answer without ids is a protocol error', async () => {
    const provider = providerFor(
      sandbox,
      {},
      {
        transport: async () => ({
          status: 200,
          text: JSON.stringify({ result: { status: 'OKAY', message: 'Okay' }, message: { name: 'x' } }),
        }),
      },
    );
    const err = await rejectionOf(provider.configure(AbortSignal.timeout(5_000)));
    expect(err).toBeInstanceOf(ProviderProtocolError);
    expect(err.message).toMatch(/device init message: unexpected response \(id: /);
  });

  it('a wrong API key is unavailable (HTTP 401), without the key in the message', async () => {
    const provider = providerFor(sandbox, { apiKey: 'wrong-key-0b9d' });
    const err = await rejectionOf(provider.configure(AbortSignal.timeout(5_000)));
    expect(err).toBeInstanceOf(ProviderUnavailableError);
    expect((err as ProviderUnavailableError).httpStatus).toBe(401);
    expect(err.message).not.toContain('wrong-key-0b9d');
    expect(sandbox.state.deviceInits).toBe(0);
  });

  it('server faults on device calls are unavailable (the kiosk retries with back-off)', async () => {
    sandbox.setFaults({ status: 503, faultPaths: ['deviceInit'] });
    const provider = providerFor(sandbox);
    const err = await rejectionOf(provider.configure(AbortSignal.timeout(5_000)));
    expect(err).toBeInstanceOf(ProviderUnavailableError);
    expect((err as ProviderUnavailableError).httpStatus).toBe(503);
    sandbox.resetFaults();
    await provider.configure(AbortSignal.timeout(5_000));
    expect(provider.deviceIds).toBeDefined();
  });

  it('a hung Device Information call is cut by the signal promptly', async () => {
    sandbox.setFaults({ hang: true, faultPaths: ['deviceInfo'] });
    const provider = providerFor(sandbox);
    const { ms, result } = await timed(provider.configure(abortAfter(200)));
    expect(result.ok).toBe(false);
    const err = (result as { error: Error }).error;
    expect(err).toBeInstanceOf(ProviderUnavailableError);
    expect(err.message).toMatch(/aborted/);
    expect(ms).toBeLessThan(2_000);
    expect(provider.deviceIds).toBeUndefined();
  });

  it('after close, calls fail as unavailable', async () => {
    const provider = providerFor(sandbox);
    await provider.configure(AbortSignal.timeout(5_000));
    await provider.close();
    const err = await rejectionOf(
      provider.validate(scanOf(PRESENCE_DEMO_TOKENS.valid[0], { clock }), contextWith()),
    );
    expect(err).toBeInstanceOf(ProviderUnavailableError);
  });
});
