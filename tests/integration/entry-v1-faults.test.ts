import { nodeHttpTransport } from '../../electron/core/providers/http/node-http-transport.js';
import { describe, expect, it } from 'vitest';
import type { EntryV1Provider } from '../../electron/core/providers/entry-v1/index.js';
import { ProviderProtocolError, ProviderUnavailableError } from '../../electron/core/providers/provider.js';
import {
  DEMO_TOKENS,
  startEntryV1Sandbox,
  type EntryV1Sandbox,
} from '../../electron/sandbox/entry-v1/index.js';
import { contextWith, controlRequest, scanOf, timed } from './support/provider-harness.js';
import { entryV1Rig } from './support/provider-rigs.js';
import { describeCommonProviderFaults } from './support/provider-fault-cases.js';

const { API_KEY, providerFor } = entryV1Rig;

const T1 = DEMO_TOKENS.valid[0];

describe('Entry V1 client under sandbox faults', () => {
  const secrets: string[] = [API_KEY];
  const rig = describeCommonProviderFaults<EntryV1Sandbox, EntryV1Provider>({
    start: () => startEntryV1Sandbox({ apiKey: API_KEY }),
    provider: (sandbox, logger) =>
      providerFor(
        sandbox,
        {},
        {
          transport: (req) => {
            // Remember every JWT sent, to check none leaks into an error.
            const auth = req.headers['Authorization'];
            if (auth) secrets.push(auth.slice('Bearer '.length));
            return nodeHttpTransport(req);
          },
          logger,
        },
      ),
    validate: (provider, signal) => provider.validate(scanOf(T1), contextWith(signal)),
    errorSecrets: () => secrets,
    logSecrets: [],
    statuses: [500, 503],
    untouched: (sandbox) => expect(sandbox.state.scansValidated).toBe(0),
    wrongTypes: { messages: [/unexpected response/, /status/] },
    drip: { expected: { outcome: 'admit', reasonCode: 'OK' } },
    refused: async (sandbox) => {
      const { url } = sandbox;
      await sandbox.close();
      return providerFor({ ...sandbox, url }).configure(AbortSignal.timeout(5_000));
    },
  });

  it('latency below the deadline still answers', async () => {
    rig.sandbox.setFaults({ latencyMs: 150 });
    const { ms, result } = await timed(rig.provider.validate(scanOf(T1), contextWith()));
    expect(result.ok).toBe(true);
    expect(ms).toBeGreaterThanOrEqual(140);
  });

  it('faultPaths targets other routes and leaves scans alone', async () => {
    rig.sandbox.setFaults({ status: 503, faultPaths: ['events'] });
    await expect(rig.provider.configure(AbortSignal.timeout(5_000))).rejects.toBeInstanceOf(
      ProviderUnavailableError,
    );
    expect((await rig.provider.validate(scanOf(T1), contextWith())).outcome).toBe('admit');
  });

  it('fault knobs can be set, read and reset over HTTP', async () => {
    const set = await controlRequest(rig.sandbox, 'faults', { body: { status: 503 } });
    expect(set.status).toBe(200);
    expect(rig.sandbox.faults.status).toBe(503);
    await rig.validateFails();
    const state = await controlRequest(rig.sandbox, 'state', { method: 'GET' });
    expect(state.json).toMatchObject({ sessionsCreated: 1, scansValidated: 0, faults: { status: 503 } });

    const invalid = await controlRequest(rig.sandbox, 'faults', { body: { nonsense: true } });
    expect(invalid.status).toBe(400);
    expect(rig.sandbox.faults.status).toBe(503);

    expect((await controlRequest(rig.sandbox, 'reset-faults')).status).toBe(200);
    expect((await rig.provider.validate(scanOf(T1), contextWith())).outcome).toBe('admit');
  });

  it('server text quoting a secret is redacted from the error', async () => {
    const leaky = providerFor(
      rig.sandbox,
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
      rig.sandbox,
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
    const err = await odd.validate(scanOf(T1), contextWith()).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ProviderProtocolError);
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
