import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../../..', import.meta.url));
const require = createRequire(import.meta.url);

interface BuilderConfig {
  files: string[];
  asar: boolean;
  asarUnpack: string[];
  npmRebuild: boolean;
  afterPack: string;
  linux: { target: string[] };
  win: { target: string[] };
  deb: { packageName: string };
}

/** The file as written (electron-builder normalises `files` into matcher objects). */
function rawConfig(): BuilderConfig {
  const yaml = require('js-yaml') as { load(text: string): unknown };
  return yaml.load(readFileSync(join(ROOT, 'electron-builder.yml'), 'utf8')) as BuilderConfig;
}

/** electron-builder's own loader and schema validation: a misspelt key or a wrong type fails here. */
async function loadConfig(): Promise<BuilderConfig> {
  const { getConfig, validateConfiguration } = require('app-builder-lib/out/util/config/config') as {
    getConfig(dir: string, path: string | null, fromOptions: null): Promise<BuilderConfig>;
    validateConfiguration(config: BuilderConfig, logger: unknown): Promise<void>;
  };
  const { DebugLogger } = require('builder-util/out/DebugLogger') as {
    DebugLogger: new (on: boolean) => unknown;
  };
  const config = await getConfig(ROOT, join(ROOT, 'electron-builder.yml'), null);
  await validateConfiguration(config, new DebugLogger(false));
  return config;
}

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

describe('electron-builder.yml', () => {
  it("passes electron-builder's schema and builds AppImage and deb for Linux, NSIS for Windows", async () => {
    const config = await loadConfig();
    expect(config.linux.target).toEqual(['AppImage', 'deb']);
    expect(config.win.target).toEqual(['nsis']);
    expect(config.deb.packageName).not.toBe('gatepost'); // the web shell's .deb owns that name
  });

  it('packs the Electron entry, preload and renderer into an asar, without the demo sandboxes', () => {
    const config = rawConfig();
    expect(config.asar).toBe(true);
    expect(config.asarUnpack).toContain('**/*.node');
    expect(config.npmRebuild).toBe(true);
    expect(config.files).toEqual(
      expect.arrayContaining([
        'package.json',
        'out/main/electron-main.js',
        'out/main/chunks/**',
        '!out/main/chunks/demo-kits-*.js',
        'out/preload/**',
        'out/renderer/**',
      ]),
    );
    expect(config.files.some((f) => f.includes('web-shell') && !f.startsWith('!'))).toBe(false);
  });

  it('names an afterPack hook that sets every fuse on the packed binary', async () => {
    const config = await loadConfig();
    const hook = require(join(ROOT, config.afterPack)) as ((ctx: unknown) => Promise<void>) & {
      default: unknown;
    };
    expect(typeof hook).toBe('function');
    expect(hook.default).toBe(hook);

    // A stand-in binary with Electron's fuse wire (sentinel, version 1, 8 fuses, all at their defaults).
    const { getCurrentFuseWire, FuseV1Options } = require('@electron/fuses');
    const { SENTINEL, FuseState } = require('@electron/fuses/dist/constants');
    const appOutDir = mkdtempSync(join(tmpdir(), 'gatepost-fuses-'));
    dirs.push(appOutDir);
    const defaults = '10110110'; // RunAsNode on, cookie encryption off, NODE_OPTIONS on, --inspect on, …
    writeFileSync(
      join(appOutDir, 'gatepost'),
      Buffer.concat([
        Buffer.from('ELF…'),
        Buffer.from(SENTINEL),
        Buffer.from([1, 8]),
        Buffer.from(defaults),
        Buffer.from('…'),
      ]),
    );
    await hook({
      appOutDir,
      electronPlatformName: 'linux',
      packager: { executableName: 'gatepost', appInfo: { productFilename: 'Gatepost' } },
    });
    const wire = await getCurrentFuseWire(join(appOutDir, 'gatepost'));
    expect(wire[FuseV1Options.RunAsNode]).toBe(FuseState.DISABLE);
    expect(wire[FuseV1Options.EnableCookieEncryption]).toBe(FuseState.ENABLE);
    expect(wire[FuseV1Options.EnableNodeOptionsEnvironmentVariable]).toBe(FuseState.DISABLE);
    expect(wire[FuseV1Options.EnableNodeCliInspectArguments]).toBe(FuseState.DISABLE);
    expect(wire[FuseV1Options.EnableEmbeddedAsarIntegrityValidation]).toBe(FuseState.ENABLE);
    expect(wire[FuseV1Options.OnlyLoadAppFromAsar]).toBe(FuseState.ENABLE);
  });

  it('npm run dist says in one line that the Electron zip cannot be downloaded, and fails', async () => {
    const cache = mkdtempSync(join(tmpdir(), 'gatepost-electron-cache-'));
    dirs.push(cache);
    // A loopback port nothing listens on stands for "GitHub unreachable", wherever this test runs.
    const server = createServer();
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    const { port } = server.address() as { port: number };
    await new Promise((r) => server.close(r));
    const result = spawnSync(process.execPath, [join(ROOT, 'scripts/dist-electron.mjs')], {
      env: { ...process.env, ELECTRON_CACHE: cache, ELECTRON_MIRROR: `http://127.0.0.1:${port}/` },
      encoding: 'utf8',
      timeout: 30_000,
    });
    expect(result.status).toBe(1);
    const output = (result.stdout + result.stderr).trim();
    expect(output.split('\n')).toHaveLength(1);
    expect(output).toMatch(
      /^dist: cannot download the Electron \d+\.\d+\.\d+ zip \(http:\/\/127\.0\.0\.1:\d+\/v.*: ECONNREFUSED\)/,
    );
  });
});
