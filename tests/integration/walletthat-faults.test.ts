import { describe, expect, it } from 'vitest';
import { nodeHttpTransport } from '../../electron/core/providers/http/node-http-transport.js';
import { ProviderProtocolError, ProviderUnavailableError } from '../../electron/core/providers/provider.js';
import type { WalletThatProvider } from '../../electron/core/providers/walletthat/index.js';
import { DEMO_PASS_IDS, type WalletThatSandbox } from '../../electron/sandbox/walletthat/index.js';
import { abortAfter, contextWith, scanOf, timed } from './support/provider-harness.js';
import { walletthatRig } from './support/provider-rigs.js';
import { describeCommonProviderFaults } from './support/provider-fault-cases.js';

const { API_KEY, providerFor, startSandbox } = walletthatRig;

const P1 = DEMO_PASS_IDS.valid[0];

describe('WalletThat client under sandbox faults', () => {
  const rig = describeCommonProviderFaults<WalletThatSandbox, WalletThatProvider>({
    start: () => startSandbox(),
    provider: (sandbox, logger) => providerFor(sandbox, {}, { logger }),
    validate: (provider, signal) => provider.validate(scanOf(P1), contextWith(signal)),
    errorSecrets: () => [API_KEY],
    logSecrets: [API_KEY],
    statuses: [500, 502, 503],
    // Leaves the pass untouched.
    untouched: (sandbox) => expect(sandbox.state.getPassData).toBe(0),
    // No session to renew, no loop.
    unauthorizedStorm: { count: 50, scans: 1 },
    wrongTypes: { messages: [/unexpected response/, /status/] },
    drip: { expected: { outcome: 'admit' } },
    refused: async (sandbox) => {
      const endpointUrl = sandbox.endpointUrl;
      await sandbox.close();
      return providerFor(sandbox, { endpointUrl }).validate(scanOf(P1), contextWith());
    },
  });

  it('a wrong API key is unavailable (401)', async () => {
    const wrong = providerFor(rig.sandbox, { apiKey: 'not-the-key' });
    const err = await wrong.validate(scanOf(P1), contextWith()).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ProviderUnavailableError);
  });

  it('other 4xx without a coded Failure is a protocol error', async () => {
    rig.sandbox.setFaults({ status: 404 });
    const { error } = await rig.validateFails();
    expect(error).toBeInstanceOf(ProviderProtocolError);
    expect((error as ProviderProtocolError).httpStatus).toBe(404);
  });

  it('afterAdmit under a hang is aborted by its signal, retry included', async () => {
    const decision = await rig.provider.validate(scanOf(P1), contextWith());
    rig.sandbox.setFaults({ hang: true });
    const { ms, result } = await timed(rig.provider.afterAdmit(scanOf(P1), decision, abortAfter(300)));
    expect(result.ok).toBe(false);
    expect((result as { error: unknown }).error).toBeInstanceOf(ProviderUnavailableError);
    expect(ms).toBeLessThan(2_000);
  });

  it('afterAdmit retries once after a 503, then gives up', async () => {
    const decision = await rig.provider.validate(scanOf(P1), contextWith());
    rig.sandbox.setFaults({ status: 503 });
    const before = rig.sandbox.state.requests;
    const err = await rig.provider
      .afterAdmit(scanOf(P1), decision, AbortSignal.timeout(5_000))
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ProviderUnavailableError);
    expect(rig.sandbox.state.requests - before).toBe(2);
  });

  it('lookup honours faults too', async () => {
    rig.sandbox.setFaults({ malformed: true });
    await expect(rig.provider.lookup(P1, AbortSignal.timeout(5_000))).rejects.toBeInstanceOf(
      ProviderProtocolError,
    );
  });
});

describe('WalletThat secrets', () => {
  it('no logger line or error message carries the API key, even when the server quotes it', async () => {
    const sandbox = await startSandbox();
    const logged: string[] = [];
    const messages: string[] = [];
    const logger = {
      debug: (fields: Record<string, unknown>, msg: string) => logged.push(JSON.stringify(fields) + msg),
      warn: (fields: Record<string, unknown>, msg: string) => logged.push(JSON.stringify(fields) + msg),
    };
    const keep = (e: unknown) => {
      messages.push(e instanceof Error ? e.message : String(e));
    };
    try {
      const provider = providerFor(sandbox, {}, { logger });
      await provider.configure(AbortSignal.timeout(5_000));
      for (const token of [...DEMO_PASS_IDS.valid, DEMO_PASS_IDS.unknown, DEMO_PASS_IDS.voided]) {
        const d = await provider.validate(scanOf(token), contextWith());
        messages.push(d.reasonText, d.rawStatus);
        if (d.outcome === 'admit') await provider.afterAdmit(scanOf(token), d, AbortSignal.timeout(5_000));
      }
      sandbox.failNextUpdates(2);
      await provider
        .afterAdmit(
          scanOf(P1),
          { outcome: 'admit', rawStatus: 'active', reasonCode: 'OK', reasonText: '' },
          AbortSignal.timeout(5_000),
        )
        .catch(keep);
      for (const faults of [
        { status: 500 },
        { unauthorizedCount: 3 },
        { malformed: true },
        { wrongTypes: true },
      ]) {
        sandbox.setFaults(faults);
        await provider.validate(scanOf(P1), contextWith()).catch(keep);
      }
      sandbox.resetFaults();

      // A server that echoes the key back, in a Failure and in a 5xx body.
      const echoFailure = JSON.stringify({
        status: 'Failure',
        'error-code': 'E1005',
        'error-message': `bad key ${API_KEY}`,
      });
      for (const status of [200, 500, 400]) {
        const leaky = providerFor(
          sandbox,
          {},
          { logger, transport: async () => ({ status, text: echoFailure }) },
        );
        await leaky.configure(AbortSignal.timeout(5_000)).catch(keep);
        await leaky.lookup(P1, AbortSignal.timeout(5_000)).catch(keep);
        await leaky
          .afterAdmit(
            scanOf(P1),
            { outcome: 'admit', rawStatus: 'active', reasonCode: 'OK', reasonText: '' },
            AbortSignal.timeout(5_000),
          )
          .catch(keep);
      }
      expect(messages.some((m) => m.includes('[redacted]'))).toBe(true);
      expect(messages.length).toBeGreaterThan(10);
      expect(logged.length).toBeGreaterThan(5);
      for (const text of [...logged, ...messages]) expect(text).not.toContain(API_KEY);
    } finally {
      await sandbox.close();
    }
  });

  it('the key goes only in the X-Api-Key header, never in the body or URL', async () => {
    const sandbox = await startSandbox();
    const seen: { url: string; body: string; key: string | undefined }[] = [];
    try {
      const provider = providerFor(
        sandbox,
        {},
        {
          transport: (req) => {
            seen.push({ url: req.url, body: String(req.body), key: req.headers['X-Api-Key'] });
            return nodeHttpTransport(req);
          },
        },
      );
      await provider.configure(AbortSignal.timeout(5_000));
      await provider.validate(scanOf(P1), contextWith());
      expect(seen).toHaveLength(2);
      for (const s of seen) {
        expect(s.key).toBe(API_KEY);
        expect(s.url + s.body).not.toContain(API_KEY);
      }
    } finally {
      await sandbox.close();
    }
  });
});
