import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { PasscreatorProvider } from '../../electron/core/providers/passcreator/index.js';
import { ProviderProtocolError, ProviderUnavailableError } from '../../electron/core/providers/provider.js';
import { DEMO_TOKENS, type PasscreatorSandbox } from '../../electron/sandbox/passcreator/index.js';
import {
  abortAfter,
  API_KEY,
  configuredProvider,
  contextWith,
  providerFor,
  scanOf,
  startSandbox,
  timed,
} from './passcreator-harness.js';

const [T1] = DEMO_TOKENS.valid as unknown as [string];

describe('Passcreator client under sandbox faults', () => {
  let sandbox: PasscreatorSandbox;
  let provider: PasscreatorProvider;
  const logged: string[] = [];

  beforeEach(async () => {
    sandbox = await startSandbox();
    provider = await configuredProvider(
      sandbox,
      {},
      {
        logger: {
          debug: (fields, msg) => logged.push(JSON.stringify(fields) + msg),
          warn: (fields, msg) => logged.push(JSON.stringify(fields) + msg),
        },
      },
    );
  });
  afterEach(async () => {
    await sandbox.close();
    for (const line of logged) expect(line).not.toContain(API_KEY);
  });

  async function failure(signal: AbortSignal = AbortSignal.timeout(5_000)) {
    const outcome = await timed(provider.validate(scanOf(T1), contextWith(signal).ctx));
    expect(outcome.result.ok, 'validate should fail').toBe(false);
    const error = (outcome.result as { error: unknown }).error as Error;
    expect(error.message).not.toContain(API_KEY);
    return { error, ms: outcome.ms };
  }

  it('hang: the scan signal aborts the call promptly', async () => {
    sandbox.setFaults({ hang: true });
    const { error, ms } = await failure(abortAfter(200));
    expect(error).toBeInstanceOf(ProviderUnavailableError);
    expect(error.message).toMatch(/aborted/);
    expect(ms).toBeLessThan(2_000);
  });

  it.each([500, 502, 503])('HTTP %i is unavailable and changes nothing', async (status) => {
    sandbox.setFaults({ status });
    const { error } = await failure();
    expect(error).toBeInstanceOf(ProviderUnavailableError);
    expect((error as ProviderUnavailableError).httpStatus).toBe(status);
    expect(sandbox.state.appScansReceived).toBe(0);
    expect(sandbox.passes.findById(T1)!.voided).toBe(false);
  });

  it('a 503 on the App Scan alone is unavailable and leaves the pass unvoided', async () => {
    sandbox.setFaults({ status: 503, faultPaths: ['appScan'] });
    const { error } = await failure();
    expect(error).toBeInstanceOf(ProviderUnavailableError);
    expect(sandbox.passes.findById(T1)!.voided).toBe(false);
    sandbox.resetFaults();
    expect((await provider.validate(scanOf(T1), contextWith().ctx)).outcome).toBe('admit');
  });

  it('a 401 storm is unavailable after one request, without a retry loop', async () => {
    sandbox.setFaults({ unauthorizedCount: 5 });
    const before = sandbox.state.requests;
    const { error } = await failure();
    expect(error).toBeInstanceOf(ProviderUnavailableError);
    expect((error as ProviderUnavailableError).httpStatus).toBe(401);
    expect(sandbox.state.requests - before).toBe(1);
    expect(sandbox.state.unauthorizedSent).toBe(1);
  });

  it('a 401 on configure is unavailable (no sessions to renew)', async () => {
    sandbox.setFaults({ unauthorizedOnce: true, faultPaths: ['appConfigurations'] });
    const err = await provider.configure(AbortSignal.timeout(5_000)).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ProviderUnavailableError);
    await provider.configure(AbortSignal.timeout(5_000));
  });

  it('malformed JSON is a protocol error', async () => {
    sandbox.setFaults({ malformed: true });
    const { error } = await failure();
    expect(error).toBeInstanceOf(ProviderProtocolError);
    expect(error.message).toMatch(/malformed JSON/);
  });

  it.each(['passCheckById', 'appScan'])('wrong field types on %s are a protocol error', async (route) => {
    sandbox.setFaults({ wrongTypes: true, faultPaths: [route] });
    const { error } = await failure();
    expect(error).toBeInstanceOf(ProviderProtocolError);
    expect(error.message).toMatch(/unexpected response/);
  });

  it('wrong types on the App Configuration and the scan list are protocol errors', async () => {
    sandbox.setFaults({
      wrongTypes: true,
      faultPaths: ['appConfiguration', 'appConfigurations', 'appScanList'],
    });
    await expect(provider.configure(AbortSignal.timeout(5_000))).rejects.toBeInstanceOf(
      ProviderProtocolError,
    );
    await expect(provider.syncReference(AbortSignal.timeout(5_000))).rejects.toBeInstanceOf(
      ProviderProtocolError,
    );
  });

  it('a multi-MB body is cut off as too large', async () => {
    sandbox.setFaults({ hugeBody: 5 * 1024 * 1024 });
    const { error, ms } = await failure();
    expect(error).toBeInstanceOf(ProviderProtocolError);
    expect(error.message).toMatch(/response too large/);
    expect(ms).toBeLessThan(2_000);
  });

  it('a slow (dripped) answer still parses when it completes in time', async () => {
    sandbox.setFaults({ dripMs: 1 });
    expect(await provider.validate(scanOf(T1), contextWith().ctx)).toMatchObject({ outcome: 'admit' });
  });

  it('drip + abort: the signal cuts a half-read answer promptly', async () => {
    sandbox.setFaults({ dripMs: 100 });
    const { error, ms } = await failure(abortAfter(300));
    expect(error).toBeInstanceOf(ProviderUnavailableError);
    expect(error.message).toMatch(/aborted/);
    expect(ms).toBeLessThan(2_000);
  });

  it('hang on the scan list: syncReference, lookup and uploadOffline honour their signal', async () => {
    sandbox.setFaults({ hang: true, faultPaths: ['appScanList'] });
    const runs: ((s: AbortSignal) => Promise<unknown>)[] = [
      (s: AbortSignal) => provider.syncReference(s),
      (s: AbortSignal) => provider.lookup(T1, s),
      (s: AbortSignal) =>
        provider.uploadOffline(
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
          s,
        ),
    ];
    for (const run of runs) {
      const { ms, result } = await timed(run(abortAfter(200)));
      expect(result.ok).toBe(false);
      expect((result as { error: unknown }).error).toBeInstanceOf(ProviderUnavailableError);
      expect(ms).toBeLessThan(2_000);
    }
  });

  it('server text quoting the API key is redacted from the error', async () => {
    const leaky = providerFor(
      sandbox,
      {},
      {
        transport: async () => ({ status: 400, text: JSON.stringify({ error: `bad key ${API_KEY}` }) }),
      },
    );
    const err = (await leaky.configure(AbortSignal.timeout(5_000)).catch((e: unknown) => e)) as Error;
    expect(err).toBeInstanceOf(ProviderProtocolError);
    expect(err.message).toContain('[redacted]');
    expect(err.message).not.toContain(API_KEY);
  });

  it('a refused connection is unavailable', async () => {
    const { url } = sandbox;
    await sandbox.close();
    const gone = providerFor({ url });
    const err = await gone.configure(AbortSignal.timeout(5_000)).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ProviderUnavailableError);
    expect((err as Error).message).toMatch(/network error/);
  });
});

describe('Passcreator secrets', () => {
  it('no logger line or error message of a full run contains the API key', async () => {
    const sandbox = await startSandbox();
    const lines: string[] = [];
    const errors: string[] = [];
    const logger = {
      debug: (f: Record<string, unknown>, m: string) => lines.push(JSON.stringify(f) + m),
      warn: (f: Record<string, unknown>, m: string) => lines.push(JSON.stringify(f) + m),
    };
    try {
      const provider = await configuredProvider(sandbox, { maxSyncPages: 1, listPageSize: 1 }, { logger });
      const signal = () => AbortSignal.timeout(5_000);
      for (const t of [T1, T1, DEMO_TOKENS.unknown]) await provider.validate(scanOf(t), contextWith().ctx);
      await provider.syncReference(signal());
      await provider.lookup(T1, signal());
      await provider.uploadOffline(
        [
          {
            scanId: 'o1',
            token: T1,
            inputType: 'Barcode',
            scannedAt: Date.now(),
            outcome: 'admit',
            direction: 'entry',
          },
        ],
        signal(),
      );
      for (const faults of [
        { status: 503 },
        { unauthorizedOnce: true },
        { malformed: true },
        { wrongTypes: true },
      ]) {
        sandbox.setFaults(faults);
        await provider.validate(scanOf(T1), contextWith().ctx).catch((e: Error) => errors.push(e.message));
      }
      sandbox.resetFaults();
      const wrongKey = providerFor(sandbox, { apiKey: `${API_KEY}-old` }, { logger });
      await wrongKey.configure(signal()).catch((e: Error) => errors.push(e.message));
    } finally {
      await sandbox.close();
    }
    expect(lines.length).toBeGreaterThan(0);
    expect(errors).toHaveLength(5);
    for (const text of [...lines, ...errors]) expect(text).not.toContain(API_KEY);
  });
});
