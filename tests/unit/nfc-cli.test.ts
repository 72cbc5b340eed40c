import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { getVasDataCommand, SELECT_OSE } from '../../native/nfc/vas/vas-protocol.js';
import { VirtualIphone } from '../../native/simulators/virtual-iphone.js';
import { directChannel } from '../support/nfc-direct-channel.js';
import { testKeyPair } from '../support/nfc-test-keys.js';

const CLI = fileURLToPath(new URL('../../native/nfc/cli/nfc-cli.ts', import.meta.url));
const TSX = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;
const dir = mkdtempSync(join(tmpdir(), 'gatepost-nfc-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function run(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['--import', TSX, CLI, ...args],
      { timeout: 20_000 },
      (err, stdout, stderr) => {
        resolve({ code: err ? ((err as { code?: number }).code ?? 1) : 0, stdout, stderr });
      },
    );
  });
}

const PASS = 'pass.com.example.tickets';
const keys = testKeyPair();
const keyFile = join(dir, 'key.pem');
writeFileSync(keyFile, keys.pem);

/** A cryptogram as a virtual iPhone hands it over (captured from its GET VAS DATA answer). */
async function captureCryptogram(when: Date): Promise<string> {
  const phone = new VirtualIphone({
    passTypeId: PASS,
    value: 'TICKET-0001',
    merchantPublicKey: keys.publicKey,
    timestamp: () => when,
  });
  const ch = directChannel(phone);
  await ch.transmit(SELECT_OSE);
  await ch.transmit(getVasDataCommand(PASS));
  return phone.cryptograms[0]!.toString('hex');
}

describe('npm run nfc -- decrypt-vas', () => {
  it('prints keyId, ISO timestamp and value of a captured read', async () => {
    const when = new Date('2026-03-01T18:30:00Z');
    const out = await run([
      'decrypt-vas',
      '--key',
      keyFile,
      '--pass-type-id',
      PASS,
      '--cryptogram',
      await captureCryptogram(when),
    ]);
    expect(out.code).toBe(0);
    const json = JSON.parse(out.stdout) as { keyId: string; timestamp: string; value: string };
    expect(json).toEqual({
      keyId: expect.stringMatching(/^[0-9a-f]{8}$/),
      timestamp: when.toISOString(),
      value: 'TICKET-0001',
    });
  });

  it.each([
    [
      'another key',
      () => join(dir, 'other.pem'),
      PASS,
      /^nfc: KEY-NOT-CONFIGURED: key id [0-9a-f]{8} is not configured/,
    ],
    ['the wrong pass type id', () => keyFile, 'pass.com.wrong', /^nfc: DECRYPT-FAILED/],
    [
      'a missing key file',
      () => join(dir, 'missing.pem'),
      PASS,
      /^nfc: cannot read the key file .*missing\.pem \(ENOENT\)/,
    ],
  ])('fails on %s with one line and exit 1, no stack trace', async (_n, key, pass, message) => {
    writeFileSync(join(dir, 'other.pem'), testKeyPair().pem);
    const out = await run([
      'decrypt-vas',
      '--key',
      key(),
      '--pass-type-id',
      pass,
      '--cryptogram',
      await captureCryptogram(new Date()),
    ]);
    expect(out.code).toBe(1);
    expect(out.stderr).toMatch(message);
    expect(out.stderr.trim().split('\n')).toHaveLength(1);
    expect(out.stderr).not.toMatch(/\bat \S+:\d+/);
  });

  it('refuses non-hex, a key that is not P-256 and missing arguments', async () => {
    expect(
      (await run(['decrypt-vas', '--key', keyFile, '--pass-type-id', PASS, '--cryptogram', 'zz'])).stderr,
    ).toMatch(/not hex/);
    const notKey = join(dir, 'not-a-key.pem');
    writeFileSync(notKey, 'hello');
    const bad = await run(['decrypt-vas', '--key', notKey, '--pass-type-id', PASS, '--cryptogram', '00']);
    expect(bad).toMatchObject({ code: 1 });
    expect(bad.stderr).toMatch(/^nfc: key: /);
    const usage = await run(['decrypt-vas', '--key', keyFile]);
    expect(usage.code).toBe(2);
    expect(usage.stderr).toMatch(/required/);
  });
});
