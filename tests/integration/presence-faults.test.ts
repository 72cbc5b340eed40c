import { describe, expect, it } from 'vitest';
import { nodeHttpTransport } from '../../electron/core/providers/http/node-http-transport.js';
import type { PresenceProvider } from '../../electron/core/providers/presence/index.js';
import {
  ProviderNotConfiguredError,
  ProviderProtocolError,
  ProviderUnavailableError,
} from '../../electron/core/providers/provider.js';
import {
  PRESENCE_DEMO_TOKENS,
  startPresenceSandbox,
  type PresenceSandbox,
} from '../../electron/sandbox/presence/index.js';
import { TestClock, abortAfter, contextWith, scanOf, timed } from './support/provider-harness.js';
import { presenceRig } from './support/provider-rigs.js';
import { describeCommonProviderFaults } from './support/provider-fault-cases.js';

const { API_KEY, providerFor, startSandbox } = presenceRig;

const T1 = PRESENCE_DEMO_TOKENS.valid[0];

describe('Presence client under sandbox faults', () => {
  let clock: TestClock;
  const rig = describeCommonProviderFaults<PresenceSandbox, PresenceProvider>({
    start: () => {
      clock = new TestClock();
      return startSandbox({ clock });
    },
    provider: (sandbox, logger) => providerFor(sandbox, {}, { logger }),
    validate: (provider, signal) => provider.validate(scanOf(T1, { clock }), contextWith(signal)),
    errorSecrets: () => [API_KEY],
    logSecrets: [API_KEY],
    statuses: [500, 502, 503],
    untouched: (sandbox) => {
      expect(sandbox.state.scansValidated).toBe(0);
      expect(sandbox.tickets.state(T1)?.external).toBe('none');
    },
    unauthorizedStorm: {
      count: 5,
      scans: 3,
      after: ({ sandbox }) => expect(sandbox.state.scansValidated).toBe(0),
    },
    wrongTypes: { messages: [/unexpected response \(result\.status/] },
    drip: { expected: { outcome: 'admit', rawStatus: 'OKAY' } },
    refused: async (sandbox, provider) => {
      await sandbox.close();
      return provider.validate(scanOf(T1, { clock }), contextWith());
    },
  });

  it('wrong types on Device Information are a protocol error too', async () => {
    rig.sandbox.setFaults({ wrongTypes: true, faultPaths: ['deviceInfo'] });
    const err = await rig.provider.configure(AbortSignal.timeout(5_000)).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ProviderProtocolError);
  });

  it('faults on the decision routes leave device calls alone', async () => {
    rig.sandbox.setFaults({ status: 503 });
    await rig.provider.configure(AbortSignal.timeout(5_000));
    expect(rig.provider.deviceIds).toBeDefined();
  });

  it('server text quoting the key or a keyed URL is redacted from errors', async () => {
    const leaky = providerFor(
      rig.sandbox,
      {},
      {
        transport: async (req) => ({
          status: req.method === 'GET' ? 400 : 500,
          text: JSON.stringify({
            fault: { faultstring: `bad call ${req.url} with ${API_KEY} and apikey=other-key-77` },
          }),
        }),
      },
    );
    const err = (await leaky.configure(AbortSignal.timeout(5_000)).catch((e: unknown) => e)) as Error;
    expect(err).toBeInstanceOf(ProviderUnavailableError);
    expect(err.message).toContain('[redacted]');
    expect(err.message).not.toContain(API_KEY);
    expect(err.message).not.toContain('other-key-77');
  });
});

describe('Presence: no secret in any log line or error message over a whole run', () => {
  it('configure, scans of every kind, faults and uploads never leak the API key', async () => {
    const clock = new TestClock();
    const sandbox = await startSandbox({ clock });
    const seen: string[] = [];
    const logger = {
      debug: (fields: Record<string, unknown>, msg: string) => seen.push(JSON.stringify(fields), msg),
      warn: (fields: Record<string, unknown>, msg: string) => seen.push(JSON.stringify(fields), msg),
    };
    const collect = async (p: Promise<unknown>) => {
      try {
        const value = await p;
        seen.push(JSON.stringify(value) ?? '');
      } catch (err) {
        seen.push(String((err as Error).message), String((err as Error).stack));
      }
    };
    try {
      const provider = providerFor(sandbox, {}, { logger });
      await collect(provider.configure(AbortSignal.timeout(5_000)));
      for (const token of [
        ...PRESENCE_DEMO_TOKENS.valid,
        PRESENCE_DEMO_TOKENS.unknown,
        PRESENCE_DEMO_TOKENS.marked,
      ]) {
        await collect(provider.validate(scanOf(token, { clock }), contextWith()));
      }
      for (const faults of [
        { status: 500 },
        { unauthorizedOnce: true },
        { malformed: true },
        { wrongTypes: true },
      ]) {
        sandbox.setFaults(faults);
        await collect(provider.validate(scanOf(PRESENCE_DEMO_TOKENS.valid[0], { clock }), contextWith()));
      }
      sandbox.setFaults({ hang: true });
      await collect(
        provider.validate(scanOf(PRESENCE_DEMO_TOKENS.valid[1], { clock }), contextWith(abortAfter(100))),
      );
      sandbox.resetFaults();
      // A 4xx status answer is logged at warn: it must carry no key either.
      const badRequest = providerFor(
        sandbox,
        {},
        {
          logger,
          transport: (req) =>
            nodeHttpTransport(req.url.includes('/ticket/') ? { ...req, body: '{"token":"x"}' } : req),
        },
      );
      await collect(badRequest.configure(AbortSignal.timeout(5_000)));
      await collect(badRequest.validate(scanOf(PRESENCE_DEMO_TOKENS.valid[2], { clock }), contextWith()));
      await collect(
        provider.uploadOffline(
          [
            {
              scanId: 'u-1',
              token: PRESENCE_DEMO_TOKENS.valid[2],
              inputType: 'Barcode',
              scannedAt: clock.ms,
              outcome: 'admit',
              direction: 'entry',
            },
          ],
          AbortSignal.timeout(5_000),
        ),
      );
      await collect(
        providerFor(sandbox, { venueId: 'Nope' }, { logger }).configure(AbortSignal.timeout(5_000)),
      );
      await collect(providerFor(sandbox, { apiKey: 'x' }, { logger }).configure(AbortSignal.timeout(5_000)));
    } finally {
      await sandbox.close();
    }
    expect(seen.length).toBeGreaterThan(15);
    expect(seen.some((line) => line.includes('BAD_REQUEST'))).toBe(true);
    for (const line of seen) expect(line).not.toContain(API_KEY);
  });
});

describe('Presence sandbox shutdown', () => {
  it('close() resolves promptly with a hung request open', async () => {
    const sandbox = await startPresenceSandbox({ apiKey: API_KEY, faults: { hang: true } });
    const hung = fetch(`${sandbox.url}/presence/v1/ticket/enter?apikey=${API_KEY}`, {
      method: 'POST',
      body: '{}',
    }).then(
      () => 'answered',
      () => 'failed',
    );
    await new Promise((r) => setTimeout(r, 100));
    const { ms, result } = await timed(sandbox.close());
    expect(result.ok).toBe(true);
    expect(ms).toBeLessThan(2_000);
    expect(await hung).toBe('failed');
  });

  it('validate on a provider never configured is "not configured", without any request', async () => {
    const sandbox = await startPresenceSandbox({ apiKey: API_KEY });
    try {
      const err = await providerFor(sandbox)
        .validate(scanOf(T1, { clock: new TestClock() }), contextWith())
        .catch((e: unknown) => e);
      expect(err).toBeInstanceOf(ProviderNotConfiguredError);
      expect(sandbox.state.requests).toBe(0);
    } finally {
      await sandbox.close();
    }
  });
});
