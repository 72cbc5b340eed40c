import { describe, expect, it } from 'vitest';
import { nodeHttpTransport } from '../../electron/core/providers/http/node-http-transport.js';
import { ProviderProtocolError, ProviderUnavailableError } from '../../electron/core/providers/provider.js';
import type { VivenuProvider } from '../../electron/core/providers/vivenu/index.js';
import { DEMO_TOKENS, type VivenuSandbox } from '../../electron/sandbox/vivenu/index.js';
import { abortAfter, contextWith, controlRequest, scanOf, timed } from './support/provider-harness.js';
import { vivenuRig, VIVENU_ACCESS_TOKEN as ACCESS_TOKEN } from './support/provider-rigs.js';
import { describeCommonProviderFaults } from './support/provider-fault-cases.js';

const { API_KEY, providerFor, startSandbox } = vivenuRig;

const [T1, T2] = DEMO_TOKENS.valid as unknown as [string, string];
const SECRETS = [ACCESS_TOKEN, API_KEY];

describe('vivenu client under sandbox faults', () => {
  const rig = describeCommonProviderFaults<VivenuSandbox, VivenuProvider>({
    start: () => startSandbox(),
    provider: (sandbox, logger) => providerFor(sandbox, {}, { logger }),
    validate: (provider, signal) => provider.validate(scanOf(T1), contextWith(signal)),
    // Whatever a test did, no secret reaches a log line or an error message.
    errorSecrets: () => SECRETS,
    logSecrets: SECRETS,
    statuses: [500, 502, 503],
    untouched: (sandbox, status, error) => {
      expect(error.message).toContain(`HTTP ${status}`);
      expect(sandbox.state.accessScans).toBe(0);
      expect(sandbox.tickets.get(T1)?.checkedIn).toBe(false);
    },
    unauthorizedStorm: {
      count: 3,
      scans: 3,
      // Then scanning resumes.
      after: async ({ provider }) =>
        expect((await provider.validate(scanOf(T1), contextWith())).outcome).toBe('admit'),
    },
    wrongTypes: { messages: [/unexpected response/, /access/] },
    drip: {
      expected: { outcome: 'admit', rawStatus: 'GRANTED' },
      validate: (provider) => provider.validate(scanOf(T2), contextWith()),
    },
    refused: async (sandbox) => {
      const { url } = sandbox;
      await sandbox.close();
      return providerFor({ url }).validate(scanOf(T1), contextWith());
    },
  });

  it('wrong types on the download and the scans list are protocol errors too', async () => {
    rig.sandbox.setFaults({ wrongTypes: true, faultPaths: ['ticketDownload'] });
    expect((await rig.fails(rig.provider.syncReference(AbortSignal.timeout(5_000)))).error).toBeInstanceOf(
      ProviderProtocolError,
    );
    rig.sandbox.setFaults({ wrongTypes: true, faultPaths: ['listScans'] });
    expect((await rig.fails(rig.provider.syncReference(AbortSignal.timeout(5_000)))).error).toBeInstanceOf(
      ProviderProtocolError,
    );
  });

  it('a download page gets 8 MiB, and no more', async () => {
    rig.sandbox.setFaults({ hugeBody: 9 * 1024 * 1024, faultPaths: ['ticketDownload'] });
    const { error } = await rig.fails(rig.provider.syncReference(AbortSignal.timeout(5_000)));
    expect(error).toBeInstanceOf(ProviderProtocolError);
    expect(error.message).toMatch(/response too large/);
  });

  it('hangs on the other calls are cut by their signals too', async () => {
    rig.sandbox.setFaults({
      hang: true,
      faultPaths: ['ticketDownload', 'accessTicket', 'offlineUpload'],
    });
    for (const call of [
      rig.provider.syncReference(abortAfter(200)),
      rig.provider.lookup(T1, abortAfter(200)),
      rig.provider.uploadOffline(
        [
          {
            scanId: 'x',
            token: T1,
            inputType: 'Barcode',
            scannedAt: Date.now(),
            outcome: 'admit',
            direction: 'entry',
          },
        ],
        abortAfter(200),
      ),
    ]) {
      const { error, ms } = await rig.fails(call);
      expect(error).toBeInstanceOf(ProviderUnavailableError);
      expect(ms).toBeLessThan(2_000);
    }
  });

  it('Portier refusing the key fails the sync as unavailable, without the key in the message', async () => {
    rig.sandbox.setFaults({ unauthorizedOnce: true, faultPaths: ['listScans'] });
    const { error } = await rig.fails(rig.provider.syncReference(AbortSignal.timeout(5_000)));
    expect(error).toBeInstanceOf(ProviderUnavailableError);
    expect((error as ProviderUnavailableError).httpStatus).toBe(401);
  });

  it('server text quoting a secret is redacted from the error', async () => {
    const leaky = providerFor(
      rig.sandbox,
      {},
      {
        transport: async () => ({
          status: 400,
          text: JSON.stringify({
            statusCode: 400,
            error: 'Bad Request',
            message: `token ${ACCESS_TOKEN} cannot use key ${API_KEY} or key_other_123`,
          }),
        }),
      },
    );
    const { error } = await rig.fails(leaky.validate(scanOf(T1), contextWith()));
    expect(error).toBeInstanceOf(ProviderProtocolError);
    expect(error.message).toContain('[redacted]');
    expect(error.message).not.toContain('key_other_123');
  });

  it('an unknown access value is a protocol error, never an admit', async () => {
    const odd = providerFor(
      rig.sandbox,
      {},
      {
        transport: async (req) =>
          req.url.endsWith('/scan')
            ? { status: 200, text: JSON.stringify({ access: 'MAYBE' }) }
            : nodeHttpTransport(req),
      },
    );
    const { error } = await rig.fails(odd.validate(scanOf(T1), contextWith()));
    expect(error).toBeInstanceOf(ProviderProtocolError);
  });

  it('a ticket status in the access field is not accepted as a decision', async () => {
    const odd = providerFor(
      rig.sandbox,
      {},
      {
        transport: async () => ({ status: 200, text: JSON.stringify({ access: 'VALID' }) }),
      },
    );
    expect((await rig.fails(odd.validate(scanOf(T1), contextWith()))).error).toBeInstanceOf(
      ProviderProtocolError,
    );
  });

  it('fault knobs can be set, read and reset over HTTP', async () => {
    expect((await controlRequest(rig.sandbox, 'faults', { body: { status: 503 } })).status).toBe(200);
    await rig.validateFails();
    const state = await controlRequest(rig.sandbox, 'state', { method: 'GET' });
    expect(state.json).toMatchObject({ accessScans: 0, ticketCount: 6, faults: { status: 503 } });
    expect((await controlRequest(rig.sandbox, 'reset-faults')).status).toBe(200);
    expect((await rig.provider.validate(scanOf(T1), contextWith())).outcome).toBe('admit');
    expect((await controlRequest(rig.sandbox, 'reset-entries')).status).toBe(200);
    expect((await rig.provider.validate(scanOf(T1), contextWith())).outcome).toBe('admit');
  });

  it('a full run logs nothing secret', async () => {
    await rig.provider.validate(scanOf(T2), contextWith());
    await rig.provider.syncReference(AbortSignal.timeout(5_000));
    await rig.provider.lookup(T2, AbortSignal.timeout(5_000));
    await rig.provider.uploadOffline(
      [
        {
          scanId: 'u1',
          token: T1,
          inputType: 'Barcode',
          scannedAt: Date.now(),
          outcome: 'admit',
          direction: 'entry',
        },
      ],
      AbortSignal.timeout(5_000),
    );
    rig.sandbox.setFaults({ status: 500, faultPaths: ['accessScan', 'listScans'] });
    await rig.validateFails();
    await rig.fails(rig.provider.syncReference(AbortSignal.timeout(5_000)));
    expect(rig.logged.length).toBeGreaterThan(3);
    // The common afterEach checks every log line, and rig.fails every message, for the secrets.
  });
});

describe('vivenu sandbox shutdown', () => {
  it('close() resolves promptly with a hung request open', async () => {
    const sandbox = await startSandbox({ faults: { hang: true, faultPaths: ['listScans'] } });
    const hung = fetch(`${sandbox.url}/api/scans`).then(
      () => 'answered',
      () => 'failed',
    );
    await new Promise((r) => setTimeout(r, 100));
    const { ms, result } = await timed(sandbox.close());
    expect(result.ok).toBe(true);
    expect(ms).toBeLessThan(2_000);
    expect(await hung).toBe('failed');
  });
});
