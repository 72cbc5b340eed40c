/**
 * The general start-up fault path: whatever stops the kiosk from starting (bad config, damaged disk,
 * read-only data dir, no space) becomes an out-of-service status with a short code and the same text in
 * the log, served through the normal contract; start-up is retried and the kiosk takes over when it works.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { KioskRuntime } from '../../electron/host/kiosk-runtime.js';
import { asStartupFault } from '../../electron/host/startup-fault.js';
import { ConfigError } from '../../electron/core/config/load-config.js';
import type { AdminStatus, KioskStatus } from '../../electron/common/contract.js';

const dirs: string[] = [];
const hosts: KioskRuntime[] = [];
afterEach(async () => {
  for (const h of hosts.splice(0)) await h.close();
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

/** An Entry V1 block pointing at a closed port: the kiosk boots, then retries its session. */
const provider = {
  kind: 'entry-v1',
  baseUrl: 'http://127.0.0.1:9',
  apiKey: 'k',
  dataAccountId: '390',
  venueCode: 'TS',
  serialNumber: 'S-1',
  make: 'Gatepost',
  model: 'Test',
};

async function call<T>(host: KioskRuntime, channel: string, args: unknown = {}): Promise<T> {
  const result = await host.router.dispatch(channel, args);
  if (!result.ok) throw new Error(result.error);
  return result.value as T;
}

describe('KioskRuntime start-up faults', () => {
  it('serves out-of-service with CONFIG-INVALID for a bad config, logs the same text, and starts once it is fixed', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'gatepost-startup-'));
    dirs.push(dataDir);
    writeFileSync(join(dataDir, 'config.json'), JSON.stringify({ provider, decisionBudgetMs: 'soon' }));
    const host = await KioskRuntime.start({ dataDir, retryMs: 50, preallocate: false, demo: false });
    hosts.push(host);

    const status = await call<KioskStatus>(host, 'kiosk.status');
    expect(status).toMatchObject({ ready: false, code: 'CONFIG-INVALID' });
    expect(status.outOfService).toContain('decisionBudgetMs');
    expect(
      await call(host, 'scan.submit', { token: '39000000000001', inputType: 'Barcode', source: 'wedge' }),
    ).toEqual({
      accepted: false,
    });
    // The technician's screen (behind its PIN) lists the same fault with its code.
    const admin: AdminStatus = host.standbyAdminStatus();
    expect(admin.faults?.[0]).toMatchObject({ code: 'CONFIG-INVALID' });
    await expect
      .poll(() => readFileSync(join(dataDir, 'gatepost.log'), 'utf8'))
      .toContain('"code":"CONFIG-INVALID"');

    const statuses: KioskStatus[] = [];
    host.on('status', (s) => statuses.push(s));
    writeFileSync(join(dataDir, 'config.json'), JSON.stringify({ provider }));
    await expect.poll(() => host.current !== undefined, { timeout: 5000 }).toBe(true);
    // The same router now answers for the kiosk: no code, not out of service for the config.
    const running = await call<KioskStatus>(host, 'kiosk.status');
    expect(running.code).toBeUndefined();
    expect(running.provider).toBe('entry-v1');
  });

  it('classifies what start-up threw: config errors, storage errors and anything else, all retried', () => {
    expect(asStartupFault(new ConfigError('config.json', [])).code).toBe('CONFIG-INVALID');
    expect(asStartupFault(new Error('boom'))).toMatchObject({ code: 'START-FAILED', retryable: true });
    const readOnly = Object.assign(new Error('EROFS: read-only file system'), { code: 'EROFS' });
    expect(asStartupFault(readOnly)).toMatchObject({ code: 'DATA-DIR-READ-ONLY', retryable: true });
  });

  it('reports a provider block missing fields as CONFIG-INVALID with the field names', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'gatepost-startup-'));
    dirs.push(dataDir);
    const { make: _make, ...withoutMake } = provider;
    writeFileSync(join(dataDir, 'config.json'), JSON.stringify({ provider: withoutMake }));
    const host = await KioskRuntime.start({ dataDir, retryMs: 60_000, preallocate: false, demo: false });
    hosts.push(host);
    const status = await call<KioskStatus>(host, 'kiosk.status');
    expect(status.code).toBe('CONFIG-INVALID');
    expect(status.outOfService).toContain('provider.make');
  });
});
