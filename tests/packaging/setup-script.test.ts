import { copyFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ThrowawayRoot } from './throwaway-root.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

// scripts/setup.sh on a bare Debian 12 (debootstrap minbase): it must find what is missing, install it
// with the real apt, and then be a silent no-op.
describe('bare-machine setup script', () => {
  let root: ThrowawayRoot;
  beforeAll(() => {
    root = ThrowawayRoot.create();
    mkdirSync(root.path('gatepost/scripts'), { recursive: true });
    copyFileSync(join(ROOT, 'scripts/setup.sh'), root.path('gatepost/scripts/setup.sh'));
    copyFileSync(join(ROOT, 'package.json'), root.path('gatepost/package.json'));
  }, 600_000);
  afterAll(async () => {
    await root?.destroy();
  });

  it('names every missing package in one line and fails in --check mode', () => {
    const result = root.try(['bash', '/gatepost/scripts/setup.sh', '--check']);
    expect(result.status).toBe(1);
    const line = result.output.trim();
    expect(line.split('\n')).toHaveLength(1);
    for (const p of [
      'chromium',
      'xvfb',
      'socat',
      'udev',
      'libusb-1.0-0',
      'pcscd',
      'vsmartcard-vpcd',
      'libpcsclite-dev',
      'dpkg-dev',
    ])
      expect(line).toContain(` ${p}`);
  });

  it('installs a missing package with apt, says so, and is a silent no-op the second time', () => {
    const env = { GATEPOST_SETUP_PACKAGES: 'socat' };
    expect(root.try(['dpkg-query', '-W', 'socat']).status).not.toBe(0);
    const first = root.run(['bash', '/gatepost/scripts/setup.sh'], { env });
    expect(first).toContain('setup: installing Debian packages: socat');
    expect(root.run(['dpkg-query', '-W', '-f=${db:Status-Status}', 'socat'])).toBe('installed');
    expect(root.try(['socat', '-V']).status).toBe(0);
    expect(root.try(['bash', '/gatepost/scripts/setup.sh'], env)).toEqual({ status: 0, output: '' });
    expect(root.try(['bash', '/gatepost/scripts/setup.sh', '--check'], env)).toEqual({
      status: 0,
      output: '',
    });
  });

  it('tells a user without root or sudo what to run instead of failing obscurely', () => {
    const result = root.try(
      [
        'setpriv',
        '--reuid=nobody',
        '--regid=nogroup',
        '--clear-groups',
        '--',
        'bash',
        '/gatepost/scripts/setup.sh',
      ],
      { GATEPOST_SETUP_PACKAGES: 'xxd' },
    );
    expect(result.status).toBe(1);
    expect(result.output).toContain('setup: need root to install xxd; run as root: apt-get install -y xxd');
  });

  it('asks for the NFC module to be built when the checkout uses it and npm skipped it', () => {
    writeFileSync(
      root.path('gatepost/package.json'),
      JSON.stringify({ optionalDependencies: { 'nfc-pcsc': '^0.8.1' } }),
    );
    mkdirSync(root.path('gatepost/node_modules/@pokusew/pcsclite'), { recursive: true });
    const result = root.try(['bash', '/gatepost/scripts/setup.sh', '--check'], {
      GATEPOST_SETUP_PACKAGES: 'socat',
    });
    expect(result).toEqual({
      status: 1,
      output: 'setup: the optional NFC module is not built (run: bash scripts/setup.sh)\n',
    });
  });
});
