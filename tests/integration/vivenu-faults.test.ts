import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { nodeHttpTransport } from '../../electron/core/providers/http/node-http-transport.js';
import { ProviderProtocolError, ProviderUnavailableError } from '../../electron/core/providers/provider.js';
import type { VivenuProvider } from '../../electron/core/providers/vivenu/index.js';
import { DEMO_TOKENS, type VivenuSandbox } from '../../electron/sandbox/vivenu/index.js';
import {
  ACCESS_TOKEN,
  API_KEY,
  abortAfter,
  ctx,
  providerFor,
  raw,
  scanOf,
  startSandbox,
  timed,
} from './vivenu-harness.js';

const [T1, T2] = DEMO_TOKENS.valid as unknown as [string, string];
const SECRETS = [ACCESS_TOKEN, API_KEY];

describe('vivenu client under sandbox faults', () => {
  let sandbox: VivenuSandbox;
  let provider: VivenuProvider;
  const logged: string[] = [];
  const errors: string[] = [];

  beforeEach(async () => {
    sandbox = await startSandbox();
    logged.length = 0;
    errors.length = 0;
    provider = providerFor(
      sandbox,
      {},
      {
        logger: {
          debug: (fields, msg) => logged.push(JSON.stringify(fields) + msg),
          warn: (fields, msg) => logged.push(JSON.stringify(fields) + msg),
        },
      },
    );
    await provider.configure(AbortSignal.timeout(5_000));
  });
  afterEach(async () => {
    // Whatever a test did, no secret reached a log line or an error message.
    for (const secret of SECRETS) {
      for (const line of [...logged, ...errors]) expect(line).not.toContain(secret);
    }
    await sandbox.close();
  });

  async function failure(promise: Promise<unknown>) {
    const outcome = await timed(promise);
    expect(outcome.result.ok, 'call should fail').toBe(false);
    const error = (outcome.result as { error: unknown }).error as Error;
    errors.push(error.message);
    return { error, ms: outcome.ms };
  }
  const validateFails = (signal: AbortSignal = AbortSignal.timeout(5_000)) =>
    failure(provider.validate(scanOf(T1), ctx(signal)));

  it('hang: the scan signal aborts the call promptly', async () => {
    sandbox.setFaults({ hang: true });
    const { error, ms } = await validateFails(abortAfter(200));
    expect(error).toBeInstanceOf(ProviderUnavailableError);
    expect(error.message).toMatch(/aborted/);
    expect(ms).toBeLessThan(2_000);
  });

  it.each([500, 502, 503])('HTTP %i is unavailable and leaves state untouched', async (status) => {
    sandbox.setFaults({ status });
    const { error } = await validateFails();
    expect(error).toBeInstanceOf(ProviderUnavailableError);
    expect((error as ProviderUnavailableError).httpStatus).toBe(status);
    expect(error.message).toContain(`HTTP ${status}`);
    expect(sandbox.state.accessScans).toBe(0);
    expect(sandbox.tickets.get(T1)?.checkedIn).toBe(false);
  });

  it('a 401 storm: each scan fails fast with one request (no retry loop), then scanning resumes', async () => {
    sandbox.setFaults({ unauthorizedCount: 3 });
    const before = sandbox.state.requests;
    for (let i = 0; i < 3; i++) {
      const { error } = await validateFails();
      expect(error).toBeInstanceOf(ProviderUnavailableError);
      expect((error as ProviderUnavailableError).httpStatus).toBe(401);
    }
    expect(sandbox.state.requests - before).toBe(3);
    expect(sandbox.state.unauthorizedSent).toBe(3);
    expect((await provider.validate(scanOf(T1), ctx())).outcome).toBe('admit');
  });

  it('malformed JSON is a protocol error', async () => {
    sandbox.setFaults({ malformed: true });
    const { error } = await validateFails();
    expect(error).toBeInstanceOf(ProviderProtocolError);
    expect(error.message).toMatch(/malformed JSON/);
  });

  it('wrong field types are a protocol error', async () => {
    sandbox.setFaults({ wrongTypes: true });
    const { error } = await validateFails();
    expect(error).toBeInstanceOf(ProviderProtocolError);
    expect(error.message).toMatch(/unexpected response/);
    expect(error.message).toMatch(/access/);
  });

  it('wrong types on the download and the scans list are protocol errors too', async () => {
    sandbox.setFaults({ wrongTypes: true, faultPaths: ['ticketDownload'] });
    expect((await failure(provider.syncReference(AbortSignal.timeout(5_000)))).error).toBeInstanceOf(
      ProviderProtocolError,
    );
    sandbox.setFaults({ wrongTypes: true, faultPaths: ['listScans'] });
    expect((await failure(provider.syncReference(AbortSignal.timeout(5_000)))).error).toBeInstanceOf(
      ProviderProtocolError,
    );
  });

  it('a multi-MB scan answer is cut off as too large', async () => {
    sandbox.setFaults({ hugeBody: 5 * 1024 * 1024 });
    const { error, ms } = await validateFails();
    expect(error).toBeInstanceOf(ProviderProtocolError);
    expect(error.message).toMatch(/response too large/);
    expect(ms).toBeLessThan(2_000);
  });

  it('a download page gets 8 MiB, and no more', async () => {
    sandbox.setFaults({ hugeBody: 9 * 1024 * 1024, faultPaths: ['ticketDownload'] });
    const { error } = await failure(provider.syncReference(AbortSignal.timeout(5_000)));
    expect(error).toBeInstanceOf(ProviderProtocolError);
    expect(error.message).toMatch(/response too large/);
  });

  it('a slow (dripped) answer still parses when it completes in time', async () => {
    sandbox.setFaults({ dripMs: 1 });
    expect(await provider.validate(scanOf(T2), ctx())).toMatchObject({
      outcome: 'admit',
      rawStatus: 'GRANTED',
    });
  });

  it('drip + abort: the signal cuts a half-read answer promptly', async () => {
    sandbox.setFaults({ dripMs: 100 });
    const { error, ms } = await validateFails(abortAfter(300));
    expect(error).toBeInstanceOf(ProviderUnavailableError);
    expect(error.message).toMatch(/aborted/);
    expect(ms).toBeLessThan(2_000);
  });

  it('hangs on the other calls are cut by their signals too', async () => {
    sandbox.setFaults({
      hang: true,
      faultPaths: ['ticketDownload', 'recordScan', 'accessTicket', 'offlineUpload'],
    });
    const scan = scanOf(T1);
    const decision = await provider.validate(scan, ctx());
    for (const call of [
      provider.syncReference(abortAfter(200)),
      provider.afterAdmit(scan, decision, abortAfter(200)),
      provider.lookup(T1, abortAfter(200)),
      provider.uploadOffline(
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
      const { error, ms } = await failure(call);
      expect(error).toBeInstanceOf(ProviderUnavailableError);
      expect(ms).toBeLessThan(2_000);
    }
  });

  it('Portier refusing the key fails afterAdmit as unavailable, without the key in the message', async () => {
    sandbox.setFaults({ unauthorizedOnce: true, faultPaths: ['recordScan'] });
    const scan = scanOf(T1);
    const { error } = await failure(
      provider.afterAdmit(scan, await provider.validate(scan, ctx()), AbortSignal.timeout(5_000)),
    );
    expect(error).toBeInstanceOf(ProviderUnavailableError);
    expect((error as ProviderUnavailableError).httpStatus).toBe(401);
  });

  it('server text quoting a secret is redacted from the error', async () => {
    const leaky = providerFor(
      sandbox,
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
    const { error } = await failure(leaky.validate(scanOf(T1), ctx()));
    expect(error).toBeInstanceOf(ProviderProtocolError);
    expect(error.message).toContain('[redacted]');
    expect(error.message).not.toContain('key_other_123');
  });

  it('an unknown access value is a protocol error, never an admit', async () => {
    const odd = providerFor(
      sandbox,
      {},
      {
        transport: async (req) =>
          req.url.endsWith('/scan')
            ? { status: 200, text: JSON.stringify({ access: 'MAYBE' }) }
            : nodeHttpTransport(req),
      },
    );
    const { error } = await failure(odd.validate(scanOf(T1), ctx()));
    expect(error).toBeInstanceOf(ProviderProtocolError);
  });

  it('a ticket status in the access field is not accepted as a decision', async () => {
    const odd = providerFor(
      sandbox,
      {},
      {
        transport: async () => ({ status: 200, text: JSON.stringify({ access: 'VALID' }) }),
      },
    );
    expect((await failure(odd.validate(scanOf(T1), ctx()))).error).toBeInstanceOf(ProviderProtocolError);
  });

  it('fault knobs can be set, read and reset over HTTP', async () => {
    expect((await raw(sandbox, 'POST', '/__sandbox/faults', {}, { status: 503 })).status).toBe(200);
    await validateFails();
    const state = await raw(sandbox, 'GET', '/__sandbox/state');
    expect(state.json).toMatchObject({ accessScans: 0, ticketCount: 6, faults: { status: 503 } });
    expect((await raw(sandbox, 'POST', '/__sandbox/reset-faults')).status).toBe(200);
    expect((await provider.validate(scanOf(T1), ctx())).outcome).toBe('admit');
    expect((await raw(sandbox, 'POST', '/__sandbox/reset-entries')).status).toBe(200);
    expect((await provider.validate(scanOf(T1), ctx())).outcome).toBe('admit');
  });

  it('a refused connection is unavailable', async () => {
    const { url } = sandbox;
    await sandbox.close();
    const gone = providerFor({ url });
    const { error } = await failure(gone.validate(scanOf(T1), ctx()));
    expect(error).toBeInstanceOf(ProviderUnavailableError);
    expect(error.message).toMatch(/network error/);
  });

  it('a full run logs nothing secret', async () => {
    const scan = scanOf(T2);
    await provider.afterAdmit(scan, await provider.validate(scan, ctx()), AbortSignal.timeout(5_000));
    await provider.syncReference(AbortSignal.timeout(5_000));
    await provider.lookup(T2, AbortSignal.timeout(5_000));
    await provider.uploadOffline(
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
    sandbox.setFaults({ status: 500, faultPaths: ['accessScan', 'listScans'] });
    await validateFails();
    await failure(provider.syncReference(AbortSignal.timeout(5_000)));
    expect(logged.length).toBeGreaterThan(3);
    // The afterEach hook checks every line and message for the secrets.
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
