import { describe, expect, it } from 'vitest';
import type { PasscreatorProvider } from '../../electron/core/providers/passcreator/index.js';
import { ProviderProtocolError, ProviderUnavailableError } from '../../electron/core/providers/provider.js';
import { DEMO_TOKENS, type PasscreatorSandbox } from '../../electron/sandbox/passcreator/index.js';
import { abortAfter, contextWith, scanOf, timed } from './support/provider-harness.js';
import { passcreatorRig } from './support/provider-rigs.js';
import { describeCommonProviderFaults } from './support/provider-fault-cases.js';

const { API_KEY, configuredProvider, providerFor, startSandbox } = passcreatorRig;

const [T1] = DEMO_TOKENS.valid as unknown as [string];

describe('Passcreator client under sandbox faults', () => {
  const rig = describeCommonProviderFaults<PasscreatorSandbox, PasscreatorProvider>({
    start: () => startSandbox(),
    provider: (sandbox, logger) => providerFor(sandbox, {}, { logger }),
    validate: (provider, signal) => provider.validate(scanOf(T1), contextWith(signal)),
    errorSecrets: () => [API_KEY],
    logSecrets: [API_KEY],
    statuses: [500, 502, 503],
    // Changes nothing.
    untouched: (sandbox) => {
      expect(sandbox.state.appScansReceived).toBe(0);
      expect(sandbox.passes.findById(T1)!.voided).toBe(false);
    },
    unauthorizedStorm: { count: 5, scans: 1 },
    wrongTypes: { routes: ['passCheckById', 'appScan'], messages: [/unexpected response/] },
    drip: { expected: { outcome: 'admit' } },
    refused: async (sandbox) => {
      const { url } = sandbox;
      await sandbox.close();
      return providerFor({ url }).configure(AbortSignal.timeout(5_000));
    },
  });

  it('a 503 on the App Scan alone is unavailable and leaves the pass unvoided', async () => {
    rig.sandbox.setFaults({ status: 503, faultPaths: ['appScan'] });
    const { error } = await rig.validateFails();
    expect(error).toBeInstanceOf(ProviderUnavailableError);
    expect(rig.sandbox.passes.findById(T1)!.voided).toBe(false);
    rig.sandbox.resetFaults();
    expect((await rig.provider.validate(scanOf(T1), contextWith())).outcome).toBe('admit');
  });

  it('a 401 on configure is unavailable (no sessions to renew)', async () => {
    rig.sandbox.setFaults({ unauthorizedOnce: true, faultPaths: ['appConfigurations'] });
    const err = await rig.provider.configure(AbortSignal.timeout(5_000)).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ProviderUnavailableError);
    await rig.provider.configure(AbortSignal.timeout(5_000));
  });

  it('wrong types on the App Configuration and the scan list are protocol errors', async () => {
    rig.sandbox.setFaults({
      wrongTypes: true,
      faultPaths: ['appConfiguration', 'appConfigurations', 'appScanList'],
    });
    await expect(rig.provider.configure(AbortSignal.timeout(5_000))).rejects.toBeInstanceOf(
      ProviderProtocolError,
    );
    await expect(rig.provider.syncReference(AbortSignal.timeout(5_000))).rejects.toBeInstanceOf(
      ProviderProtocolError,
    );
  });

  it('hang on the scan list: syncReference, lookup and uploadOffline honour their signal', async () => {
    rig.sandbox.setFaults({ hang: true, faultPaths: ['appScanList'] });
    const runs: ((s: AbortSignal) => Promise<unknown>)[] = [
      (s: AbortSignal) => rig.provider.syncReference(s),
      (s: AbortSignal) => rig.provider.lookup(T1, s),
      (s: AbortSignal) =>
        rig.provider.uploadOffline(
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
      rig.sandbox,
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
      for (const t of [T1, T1, DEMO_TOKENS.unknown]) await provider.validate(scanOf(t), contextWith());
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
        await provider.validate(scanOf(T1), contextWith()).catch((e: Error) => errors.push(e.message));
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
