import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { nodeHttpTransport } from '../../electron/core/providers/http/node-http-transport.js';
import type { HttpRequest } from '../../electron/core/providers/http/http-transport.js';
import {
  ProviderNotConfiguredError,
  ProviderUnavailableError,
} from '../../electron/core/providers/provider.js';
import {
  demoFixture,
  SEED_ATTENDANCE_CONFIGURATION_ID,
  SEED_VOID_CONFIGURATION_ID,
  type PasscreatorSandbox,
} from '../../electron/sandbox/passcreator/index.js';
import { passcreatorRig } from './support/provider-rigs.js';

const { API_KEY, providerFor, startSandbox } = passcreatorRig;

describe('Passcreator configure', () => {
  let sandbox: PasscreatorSandbox;
  beforeEach(async () => {
    sandbox = await startSandbox();
  });
  afterEach(() => sandbox.close());

  it('lists the App Configurations, then reads the configured one and its scanMode', async () => {
    const seen: HttpRequest[] = [];
    const provider = providerFor(
      sandbox,
      {},
      { transport: (req) => (seen.push(req), nodeHttpTransport(req)) },
    );
    await provider.configure(AbortSignal.timeout(5_000));
    expect(seen.map((r) => `${r.method} ${new URL(r.url).pathname}`)).toEqual([
      'GET /api/appconfiguration',
      `GET /api/appconfiguration/${SEED_VOID_CONFIGURATION_ID}`,
    ]);
    // Documented auth: the bare key, no "Bearer".
    for (const req of seen) expect(req.headers.Authorization).toBe(API_KEY);
    expect(provider.getConfiguration()).toMatchObject({
      configurationId: SEED_VOID_CONFIGURATION_ID,
      scanMode: 0,
    });
  });

  it('reads scanMode 1 from an attendance configuration', async () => {
    const provider = providerFor(sandbox, { appConfigurationId: SEED_ATTENDANCE_CONFIGURATION_ID });
    await provider.configure(AbortSignal.timeout(5_000));
    expect(provider.getConfiguration()?.scanMode).toBe(1);
  });

  it('a configuration this key cannot see puts the kiosk out of service', async () => {
    const provider = providerFor(sandbox, { appConfigurationId: '00000000-0000-0000-0000-000000000000' });
    await expect(provider.configure(AbortSignal.timeout(5_000))).rejects.toBeInstanceOf(
      ProviderNotConfiguredError,
    );
  });

  it('an unsupported scan mode puts the kiosk out of service', async () => {
    await sandbox.close();
    const [config] = demoFixture().configurations;
    sandbox = await startSandbox({
      configurations: [{ ...config!, scanMode: 2 as 0 }],
    });
    const provider = providerFor(sandbox, { appConfigurationId: config!.configurationId });
    const err = await provider.configure(AbortSignal.timeout(5_000)).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ProviderNotConfiguredError);
    expect((err as Error).message).toMatch(/scan mode 2/);
  });

  it('a wrong API key is unavailable (HTTP 401) and is not quoted', async () => {
    const provider = providerFor(sandbox, { apiKey: 'wrong-key-abcdef' });
    const err = await provider.configure(AbortSignal.timeout(5_000)).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ProviderUnavailableError);
    expect((err as ProviderUnavailableError).httpStatus).toBe(401);
    expect((err as Error).message).not.toContain('wrong-key-abcdef');
  });

  it('the sandbox refuses a "Bearer" prefix, as the docs say the header is the bare key', async () => {
    const bare = await fetch(`${sandbox.url}/api/appconfiguration`, { headers: { Authorization: API_KEY } });
    expect(bare.status).toBe(200);
    const bearer = await fetch(`${sandbox.url}/api/appconfiguration`, {
      headers: { Authorization: `Bearer ${API_KEY}` },
    });
    expect(bearer.status).toBe(401);
    expect(await bearer.json()).toEqual({ error: 'Unauthorized' });
  });
});
