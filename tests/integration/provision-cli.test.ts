import { execFile } from 'node:child_process';
import { createPublicKey } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import jsQR from 'jsqr';
import { PNG } from 'pngjs';
import { afterAll, describe, expect, it } from 'vitest';
import { readProvisioningCode } from '../../electron/core/provisioning/provisioning-code.js';

const run = promisify(execFile);
const dir = mkdtempSync(join(tmpdir(), 'gatepost-provision-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const provision = (...args: string[]) =>
  run(process.execPath, ['--import', 'tsx', 'scripts/provision.ts', ...args], { timeout: 60_000 });

describe('npm run provision', () => {
  it('keygen, then qr: the PNG decodes to a code the kiosk accepts with the public key', async () => {
    await provision('keygen', '--out', dir);
    expect(statSync(join(dir, 'provisioning-private.pem')).mode & 0o777).toBe(0o600);
    const config = {
      deviceName: 'North 3',
      provider: { kind: 'walletthat', apiKey: 'wt-cli-secret', passTemplateId: 'tpl-1' },
    };
    writeFileSync(join(dir, 'north.json'), JSON.stringify(config));
    const { stdout } = await provision(
      'qr',
      join(dir, 'north.json'),
      '--key',
      join(dir, 'provisioning-private.pem'),
      '--out',
      dir,
    );
    expect(stdout).toMatch(/signed by key [A-Za-z0-9_-]{16}/);
    expect(statSync(join(dir, 'north.png')).mode & 0o777).toBe(0o600);

    const png = PNG.sync.read(readFileSync(join(dir, 'north.png')));
    const decoded = jsQR(new Uint8ClampedArray(png.data), png.width, png.height);
    expect(decoded?.data).toMatch(/^GPC1:/);
    const key = createPublicKey(readFileSync(join(dir, 'provisioning-key.pem'), 'utf8'));
    expect(readProvisioningCode(decoded!.data, key, Date.now())).toMatchObject({ ok: true, config });
  });

  it("refuses an invalid configuration with the kiosk's own messages, and signs nothing", async () => {
    writeFileSync(
      join(dir, 'bad.json'),
      JSON.stringify({ decisonBudgetMs: 1, provider: { kind: 'entry-v1' } }),
    );
    const failed = await provision(
      'qr',
      join(dir, 'bad.json'),
      '--key',
      join(dir, 'provisioning-private.pem'),
      '--out',
      dir,
    ).then(
      () => undefined,
      (err: { code: number; stderr: string }) => err,
    );
    expect(failed?.code).toBe(1);
    expect(failed?.stderr).toContain('decisonBudgetMs: unknown setting — did you mean "decisionBudgetMs"?');
    expect(failed?.stderr).toContain('provider.apiKey: required, but missing');
  });
});
