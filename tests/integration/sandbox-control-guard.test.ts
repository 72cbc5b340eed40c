import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoKits } from '../../electron/sandbox/demo-kits.js';
import type { SandboxHandle } from '../../electron/sandbox/demo-kit.js';
import { CONTROL_TOKEN_HEADER } from '../../electron/sandbox/common/control-guard.js';

interface Raw {
  status: number;
  body: string;
}

/** node:http, because fetch will not send a chosen `Host` header. */
function send(
  sandbox: SandboxHandle,
  path: string,
  opts: { method?: string; headers?: Record<string, string>; body?: string },
): Promise<Raw> {
  return new Promise((resolve, reject) => {
    const req = request(
      { host: '127.0.0.1', port: sandbox.port, path, method: opts.method ?? 'POST', headers: opts.headers },
      (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (body += chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      },
    );
    req.on('error', reject);
    req.end(opts.body);
  });
}

/** What a test or the demo sends: its own loopback host, JSON, the sandbox's token. */
function rightful(sandbox: SandboxHandle, extra: Record<string, string> = {}): Record<string, string> {
  return {
    Host: `127.0.0.1:${sandbox.port}`,
    'Content-Type': 'application/json',
    [CONTROL_TOKEN_HEADER]: sandbox.controlToken,
    ...extra,
  };
}

const HANG = JSON.stringify({ hang: true });

describe.each(Object.entries(demoKits))('%s sandbox control endpoints', (_kind, kit) => {
  let sandbox: SandboxHandle;
  beforeAll(async () => {
    sandbox = (await kit.start()).sandbox;
  });
  afterAll(() => sandbox.close());

  const faultsAfter = async (headers: Record<string, string>): Promise<number> => {
    sandbox.resetFaults();
    const { status } = await send(sandbox, '/__sandbox/faults', { headers, body: HANG });
    return status;
  };

  it('the issue 8 attack: a text/plain POST with a foreign Host and no token sets no knob', async () => {
    const status = await faultsAfter({ Host: 'attacker.example', 'Content-Type': 'text/plain' });
    expect(status).toBe(421);
    expect(sandbox.faults.hang).toBeUndefined();
  });

  it('a request with the token, JSON and its own host (either loopback name) sets the knob', async () => {
    expect(await faultsAfter(rightful(sandbox))).toBe(200);
    expect(sandbox.faults.hang).toBe(true);
    expect(await faultsAfter(rightful(sandbox, { Host: `localhost:${sandbox.port}` }))).toBe(200);
    expect(sandbox.faults.hang).toBe(true);
    const sameOrigin = { Origin: `http://127.0.0.1:${sandbox.port}` };
    expect(await faultsAfter(rightful(sandbox, sameOrigin))).toBe(200);
    sandbox.resetFaults();
  });

  it('refuses a foreign Host (DNS rebinding), even with the token', async () => {
    expect(await faultsAfter(rightful(sandbox, { Host: 'rebind.example' }))).toBe(421);
    expect(await faultsAfter(rightful(sandbox, { Host: `127.0.0.1:${sandbox.port + 1}` }))).toBe(421);
    expect(sandbox.faults.hang).toBeUndefined();
  });

  it('refuses a foreign Origin, even with the token', async () => {
    expect(await faultsAfter(rightful(sandbox, { Origin: 'http://evil.example' }))).toBe(403);
    expect(await faultsAfter(rightful(sandbox, { Origin: 'null' }))).toBe(403);
    expect(sandbox.faults.hang).toBeUndefined();
  });

  it('refuses a body that is not application/json (a CORS-simple request), even with the token', async () => {
    expect(await faultsAfter(rightful(sandbox, { 'Content-Type': 'text/plain' }))).toBe(415);
    expect(
      await faultsAfter(rightful(sandbox, { 'Content-Type': 'application/x-www-form-urlencoded' })),
    ).toBe(415);
    expect(sandbox.faults.hang).toBeUndefined();
  });

  it('refuses a missing or wrong token', async () => {
    const { [CONTROL_TOKEN_HEADER]: _token, ...noToken } = rightful(sandbox);
    expect(await faultsAfter(noToken)).toBe(401);
    expect(await faultsAfter(rightful(sandbox, { [CONTROL_TOKEN_HEADER]: 'guess' }))).toBe(401);
    const sameLength = sandbox.controlToken.replace(/./g, 'a');
    expect(await faultsAfter(rightful(sandbox, { [CONTROL_TOKEN_HEADER]: sameLength }))).toBe(401);
    expect(sandbox.faults.hang).toBeUndefined();
  });

  it('guards the state, ticket-state and reset endpoints the same way', async () => {
    const { [CONTROL_TOKEN_HEADER]: _token, ...noToken } = rightful(sandbox);
    expect((await send(sandbox, '/__sandbox/state', { method: 'GET', headers: noToken })).status).toBe(401);
    expect(
      (await send(sandbox, '/__sandbox/ticket-state?token=x', { method: 'GET', headers: noToken })).status,
    ).toBe(401);
    expect((await send(sandbox, '/__sandbox/reset-faults', { headers: noToken, body: '{}' })).status).toBe(
      401,
    );
    const state = await send(sandbox, '/__sandbox/state', { method: 'GET', headers: rightful(sandbox) });
    expect(state.status).toBe(200);
    expect(JSON.parse(state.body)).toHaveProperty('requests');
  });

  it('each sandbox has its own token', async () => {
    const other = (await kit.start()).sandbox;
    try {
      expect(other.controlToken).not.toBe(sandbox.controlToken);
      expect(await faultsAfter(rightful(sandbox, { [CONTROL_TOKEN_HEADER]: other.controlToken }))).toBe(401);
    } finally {
      await other.close();
    }
  });
});
