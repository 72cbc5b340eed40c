import { afterEach, beforeEach, describe, expect, it } from 'vitest';
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
import {
  API_KEY,
  TestClock,
  abortAfter,
  contextWith,
  providerFor,
  scanOf,
  startSandbox,
  timed,
} from './presence-harness.js';

const T1 = PRESENCE_DEMO_TOKENS.valid[0];

describe('Presence client under sandbox faults', () => {
  let clock: TestClock;
  let sandbox: PresenceSandbox;
  let provider: PresenceProvider;
  const logged: string[] = [];

  beforeEach(async () => {
    clock = new TestClock();
    sandbox = await startSandbox(clock);
    logged.length = 0;
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
    for (const line of logged) expect(line).not.toContain(API_KEY);
    await sandbox.close();
  });

  async function failure(signal: AbortSignal = AbortSignal.timeout(5_000)) {
    const outcome = await timed(provider.validate(scanOf(clock, T1), contextWith(signal)));
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

  it.each([500, 502, 503])('HTTP %i is unavailable and leaves the ticket untouched', async (status) => {
    sandbox.setFaults({ status });
    const { error } = await failure();
    expect(error).toBeInstanceOf(ProviderUnavailableError);
    expect((error as ProviderUnavailableError).httpStatus).toBe(status);
    expect(sandbox.state.scansValidated).toBe(0);
    expect(sandbox.tickets.state(T1)?.external).toBe('none');
  });

  it('a 401 storm: each scan fails unavailable after exactly one request (no session, no retry loop)', async () => {
    sandbox.setFaults({ unauthorizedCount: 5 });
    for (let i = 1; i <= 3; i++) {
      const { error } = await failure();
      expect(error).toBeInstanceOf(ProviderUnavailableError);
      expect((error as ProviderUnavailableError).httpStatus).toBe(401);
      expect(sandbox.state.unauthorizedSent).toBe(i);
    }
    expect(sandbox.state.scansValidated).toBe(0);
  });

  it('malformed JSON is a protocol error', async () => {
    sandbox.setFaults({ malformed: true });
    const { error } = await failure();
    expect(error).toBeInstanceOf(ProviderProtocolError);
    expect(error.message).toMatch(/malformed JSON/);
  });

  it('wrong field types are a protocol error', async () => {
    sandbox.setFaults({ wrongTypes: true });
    const { error } = await failure();
    expect(error).toBeInstanceOf(ProviderProtocolError);
    expect(error.message).toMatch(/unexpected response \(result\.status/);
  });

  it('wrong types on Device Information are a protocol error too', async () => {
    sandbox.setFaults({ wrongTypes: true, faultPaths: ['deviceInfo'] });
    const err = await provider.configure(AbortSignal.timeout(5_000)).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ProviderProtocolError);
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
    expect(await provider.validate(scanOf(clock, T1), contextWith())).toMatchObject({
      outcome: 'admit',
      rawStatus: 'OKAY',
    });
  });

  it('drip + abort: the signal cuts a half-read answer promptly', async () => {
    sandbox.setFaults({ dripMs: 100 });
    const { error, ms } = await failure(abortAfter(300));
    expect(error).toBeInstanceOf(ProviderUnavailableError);
    expect(error.message).toMatch(/aborted/);
    expect(ms).toBeLessThan(2_000);
  });

  it('faults on the decision routes leave device calls alone', async () => {
    sandbox.setFaults({ status: 503 });
    await provider.configure(AbortSignal.timeout(5_000));
    expect(provider.deviceIds).toBeDefined();
  });

  it('a refused connection is unavailable', async () => {
    await sandbox.close();
    const { error } = await failure();
    expect(error).toBeInstanceOf(ProviderUnavailableError);
    expect(error.message).toMatch(/network error/);
  });

  it('server text quoting the key or a keyed URL is redacted from errors', async () => {
    const leaky = providerFor(
      sandbox,
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
    const sandbox = await startSandbox(clock);
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
        await collect(provider.validate(scanOf(clock, token), contextWith()));
      }
      for (const faults of [
        { status: 500 },
        { unauthorizedOnce: true },
        { malformed: true },
        { wrongTypes: true },
      ]) {
        sandbox.setFaults(faults);
        await collect(provider.validate(scanOf(clock, PRESENCE_DEMO_TOKENS.valid[0]), contextWith()));
      }
      sandbox.setFaults({ hang: true });
      await collect(
        provider.validate(scanOf(clock, PRESENCE_DEMO_TOKENS.valid[1]), contextWith(abortAfter(100))),
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
      await collect(badRequest.validate(scanOf(clock, PRESENCE_DEMO_TOKENS.valid[2]), contextWith()));
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
        .validate(scanOf(new TestClock(), T1), contextWith())
        .catch((e: unknown) => e);
      expect(err).toBeInstanceOf(ProviderNotConfiguredError);
      expect(sandbox.state.requests).toBe(0);
    } finally {
      await sandbox.close();
    }
  });
});
