import { nodeHttpTransport } from '../../electron/core/providers/http/node-http-transport.js';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { EntryV1Provider } from '../../electron/core/providers/entry-v1/index.js';
import { ProviderProtocolError, ProviderUnavailableError } from '../../electron/core/providers/provider.js';
import {
  DEMO_TOKENS,
  startEntryV1Sandbox,
  type EntryV1Sandbox,
} from '../../electron/sandbox/entry-v1/index.js';
import { API_KEY, contextWith, postRaw, providerFor, scanOf, timed } from './entry-v1-harness.js';

const T1 = DEMO_TOKENS.valid[0];

function abortAfter(ms: number): AbortSignal {
  const controller = new AbortController();
  setTimeout(() => controller.abort(new Error('decision budget exhausted')), ms);
  return controller.signal;
}

describe('Entry V1 client under sandbox faults', () => {
  let sandbox: EntryV1Sandbox;
  let provider: EntryV1Provider;
  const secrets: string[] = [API_KEY];

  beforeEach(async () => {
    sandbox = await startEntryV1Sandbox({ apiKey: API_KEY });
    const logged: string[] = [];
    provider = providerFor(
      sandbox,
      {},
      {
        transport: (req) => {
          // Remember every JWT sent, to check none leaks into an error.
          const auth = req.headers['Authorization'];
          if (auth) secrets.push(auth.slice('Bearer '.length));
          return nodeHttpTransport(req);
        },
        logger: {
          debug: (fields, msg) => logged.push(JSON.stringify(fields) + msg),
          warn: (fields, msg) => logged.push(JSON.stringify(fields) + msg),
        },
      },
    );
    await provider.configure(AbortSignal.timeout(5_000));
  });
  afterEach(() => sandbox.close());

  async function failure(signal: AbortSignal = AbortSignal.timeout(5_000)) {
    const outcome = await timed(provider.validate(scanOf(T1), contextWith(signal).ctx));
    expect(outcome.result.ok, 'validate should fail').toBe(false);
    const error = (outcome.result as { error: unknown }).error as Error;
    for (const secret of secrets) expect(error.message).not.toContain(secret);
    return { error, ms: outcome.ms };
  }

  it('hang: the scan signal aborts the call promptly', async () => {
    sandbox.setFaults({ hang: true });
    const { error, ms } = await failure(abortAfter(200));
    expect(error).toBeInstanceOf(ProviderUnavailableError);
    expect(error.message).toMatch(/aborted/);
    expect(ms).toBeLessThan(2_000);
  });

  it.each([500, 503])('HTTP %i is unavailable and leaves state untouched', async (status) => {
    sandbox.setFaults({ status });
    const { error } = await failure();
    expect(error).toBeInstanceOf(ProviderUnavailableError);
    expect((error as ProviderUnavailableError).httpStatus).toBe(status);
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
    expect(error.message).toMatch(/unexpected response/);
    expect(error.message).toMatch(/status/);
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
    const decision = await provider.validate(scanOf(T1), contextWith().ctx);
    expect(decision).toMatchObject({ outcome: 'admit', reasonCode: 'OK' });
  });

  it('drip + abort: the signal cuts a half-read answer promptly', async () => {
    sandbox.setFaults({ dripMs: 100 });
    const { error, ms } = await failure(abortAfter(300));
    expect(error).toBeInstanceOf(ProviderUnavailableError);
    expect(error.message).toMatch(/aborted/);
    expect(ms).toBeLessThan(2_000);
  });

  it('latency below the deadline still answers', async () => {
    sandbox.setFaults({ latencyMs: 150 });
    const { ms, result } = await timed(provider.validate(scanOf(T1), contextWith().ctx));
    expect(result.ok).toBe(true);
    expect(ms).toBeGreaterThanOrEqual(140);
  });

  it('faultPaths targets other routes and leaves scans alone', async () => {
    sandbox.setFaults({ status: 503, faultPaths: ['events'] });
    await expect(provider.configure(AbortSignal.timeout(5_000))).rejects.toBeInstanceOf(
      ProviderUnavailableError,
    );
    expect((await provider.validate(scanOf(T1), contextWith().ctx)).outcome).toBe('admit');
  });

  it('fault knobs can be set, read and reset over HTTP', async () => {
    const set = await postRaw(sandbox, '/__sandbox/faults', { body: { status: 503 } });
    expect(set.status).toBe(200);
    expect(sandbox.faults.status).toBe(503);
    await failure();
    const state = await postRaw(sandbox, '/__sandbox/state', { method: 'GET' });
    expect(state.json).toMatchObject({ sessionsCreated: 1, scansValidated: 0, faults: { status: 503 } });

    const invalid = await postRaw(sandbox, '/__sandbox/faults', { body: { nonsense: true } });
    expect(invalid.status).toBe(400);
    expect(sandbox.faults.status).toBe(503);

    expect((await postRaw(sandbox, '/__sandbox/reset-faults')).status).toBe(200);
    expect((await provider.validate(scanOf(T1), contextWith().ctx)).outcome).toBe('admit');
  });

  it('server text quoting a secret is redacted from the error', async () => {
    const leaky = providerFor(
      sandbox,
      {},
      {
        transport: async () => ({
          status: 400,
          text: JSON.stringify({
            error: {
              message: [`bad key ${API_KEY} for eyJhbGciOi.eyJzdWIiOi.c2ln`],
              error: 'Bad Request',
              statusCode: 400,
            },
          }),
        }),
      },
    );
    const err = (await leaky.configure(AbortSignal.timeout(5_000)).catch((e: unknown) => e)) as Error;
    expect(err).toBeInstanceOf(ProviderProtocolError);
    expect(err.message).toContain('[redacted]');
    expect(err.message).not.toContain(API_KEY);
    expect(err.message).not.toContain('eyJhbGciOi');
  });

  it('an unknown status is a protocol error, never an admit', async () => {
    const odd = providerFor(
      sandbox,
      {},
      {
        transport: async (req) => {
          if (req.url.endsWith('/v1/scan')) {
            return { status: 200, text: JSON.stringify({ status: 'Maybe', reasonCode: 'HUH' }) };
          }
          return nodeHttpTransport(req);
        },
      },
    );
    await odd.configure(AbortSignal.timeout(5_000));
    const err = await odd.validate(scanOf(T1), contextWith().ctx).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ProviderProtocolError);
  });

  it('a refused connection is unavailable', async () => {
    const { url } = sandbox;
    await sandbox.close();
    const gone = providerFor({ ...sandbox, url });
    const err = await gone.configure(AbortSignal.timeout(5_000)).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ProviderUnavailableError);
    expect((err as Error).message).toMatch(/network error/);
  });
});

describe('Entry V1 sandbox shutdown', () => {
  it('close() resolves promptly with a hung request open', async () => {
    const sandbox = await startEntryV1Sandbox({
      apiKey: API_KEY,
      faults: { hang: true, faultPaths: ['ping'] },
    });
    const hung = fetch(`${sandbox.url}/v1/ping`, { method: 'POST', body: '{}' }).then(
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
