import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../../electron/core/config/load-config.js';
import { closestName } from '../../../electron/core/config/did-you-mean.js';

const SECRET = 'sk-live-93f1c0ffee';
const provider = {
  kind: 'entry-v1',
  baseUrl: 'https://api.example.test',
  apiKey: SECRET,
  dataAccountId: '390',
  venueCode: 'TS',
  serialNumber: 'S1',
  make: 'Gatepost',
  model: 'P',
};

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'gatepost-config-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function problemsFor(text: string): string[] {
  writeFileSync(join(dir, 'config.json'), text);
  try {
    loadConfig(dir);
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    return (err as ConfigError).message.split('\n');
  }
  throw new Error('expected a ConfigError');
}

describe('configuration file errors', () => {
  it('a misspelt key is refused with a "did you mean", naming the file and the path', () => {
    const lines = problemsFor(JSON.stringify({ decisonBudgetMs: 2000, provider }));
    expect(lines).toEqual([
      `${join(dir, 'config.json')}: decisonBudgetMs: unknown setting — did you mean "decisionBudgetMs"?`,
    ]);
  });

  it('unknown keys inside nested blocks and the provider block are found too', () => {
    const lines = problemsFor(
      JSON.stringify({
        offline: { polcy: 'stop-all' },
        provider: { ...provider, venueCod: 'TS' },
        devices: { scanners: [{ id: 'a', kind: 'serial', path: '/dev/x', baudrate: 9600 }] },
      }),
    );
    expect(lines.map((l) => l.slice(dir.length + 14))).toEqual(
      expect.arrayContaining([
        'offline.polcy: unknown setting — did you mean "policy"?',
        'provider.venueCod: unknown setting — did you mean "venueCode"?',
        'devices.scanners.0.baudrate: unknown setting — did you mean "baudRate"?',
      ]),
    );
  });

  it('one message per problem in the provider block, never a raw ZodError, never the value', () => {
    const lines = problemsFor(
      JSON.stringify({ provider: { ...provider, baseUrl: 'ftp://x', apiKey: undefined, dataAccountId: 7 } }),
    );
    expect(lines).toHaveLength(3);
    expect(lines.every((l) => l.startsWith(`${join(dir, 'config.json')}: provider.`))).toBe(true);
    expect(lines.find((l) => l.includes('provider.apiKey'))).toMatch(/required, but missing/);
    expect(lines.join('\n')).not.toContain('ZodError');
  });

  it('a UTF-8 byte-order mark is accepted', () => {
    writeFileSync(join(dir, 'config.json'), `\ufeff${JSON.stringify({ provider })}`);
    expect(loadConfig(dir)?.provider.kind).toBe('entry-v1');
  });

  it('invalid JSON gives the position only, never a piece of the file', () => {
    const text = `{\n  "provider": { "apiKey": "${SECRET}" ,, }\n}`;
    const lines = problemsFor(text);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/config\.json: not valid JSON: .* at line 2, column \d+$/);
    expect(lines[0]).not.toContain(SECRET);
    expect(lines[0]).not.toContain('apiKey');
  });

  it('a value of the wrong type names the field and what is expected', () => {
    const lines = problemsFor(JSON.stringify({ resultHoldMs: 'long', provider }));
    expect(lines).toEqual([expect.stringMatching(/config\.json: resultHoldMs: .*expected number/)]);
  });

  it('no config.json is not an error (demo / not configured)', () => {
    expect(loadConfig(dir)).toBeUndefined();
  });

  it('did-you-mean suggests only close names', () => {
    expect(closestName('resutlHoldMs', ['resultHoldMs', 'sounds'])).toBe('resultHoldMs');
    expect(closestName('colour', ['resultHoldMs', 'sounds'])).toBeUndefined();
  });
});
