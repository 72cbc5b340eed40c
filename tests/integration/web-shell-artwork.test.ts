import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { RpcRouter } from '../../electron/core/rpc/rpc-router';
import { readArtwork } from '../../electron/web-shell/artwork';
import { startWebShell, type WebShell } from '../../electron/web-shell/web-shell-server';

/** `GET /venue-artwork` on the real web-shell server over loopback, the file read from a real data dir. */
describe('venue artwork in the web shell', () => {
  let root: string;
  let dataDir: string;
  let rendererDir: string;
  let shell: WebShell | undefined;
  let artworkName: string | undefined;
  const warnings: string[] = [];

  const PNG = Buffer.from(
    'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==',
    'base64',
  );

  async function start(maxBytes?: number): Promise<string> {
    const logger = pino({ level: 'warn' }, { write: (line: string) => warnings.push(line) });
    shell = await startWebShell({
      rendererDir,
      router: new RpcRouter(),
      logger,
      port: 0,
      artwork: () => readArtwork(dataDir, artworkName, maxBytes),
    });
    return shell.url;
  }

  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'gatepost-artwork-'));
    dataDir = join(root, 'data');
    rendererDir = join(root, 'renderer');
    mkdirSync(dataDir);
    mkdirSync(rendererDir);
    writeFileSync(join(rendererDir, 'index.html'), '<!doctype html><title>t</title>');
    writeFileSync(join(root, 'secret.png'), 'not for the screen');
    warnings.length = 0;
    artworkName = undefined;
  });

  afterEach(async () => {
    await shell?.close();
    shell = undefined;
    rmSync(root, { recursive: true, force: true });
  });

  it('serves the configured image with its type and the strict headers', async () => {
    writeFileSync(join(dataDir, 'arena.png'), PNG);
    artworkName = 'arena.png';
    const url = await start();
    const res = await fetch(`${url}venue-artwork?v=arena.png`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('image/png');
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('content-security-policy')).toContain("default-src 'self'");
    expect(Buffer.from(await res.arrayBuffer())).toEqual(PNG);
  });

  it('shows a replaced file on the next request (read per request)', async () => {
    writeFileSync(join(dataDir, 'arena.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>');
    artworkName = 'arena.svg';
    const url = await start();
    expect(await (await fetch(`${url}venue-artwork`)).text()).toBe(
      '<svg xmlns="http://www.w3.org/2000/svg"/>',
    );
    writeFileSync(join(dataDir, 'arena.svg'), '<svg xmlns="http://www.w3.org/2000/svg" width="2"/>');
    expect(await (await fetch(`${url}venue-artwork`)).text()).toContain('width="2"');
  });

  it('404 without artwork configured, and nothing logged', async () => {
    const url = await start();
    expect((await fetch(`${url}venue-artwork`)).status).toBe(404);
    expect(warnings).toEqual([]);
  });

  it('404 and a warning for the tech when the configured file is missing', async () => {
    artworkName = 'gone.png';
    const url = await start();
    expect((await fetch(`${url}venue-artwork`)).status).toBe(404);
    expect(warnings.join('')).toMatch(/display\.artwork: cannot open gone\.png \(ENOENT\)/);
  });

  it('refuses a symlink out of the data dir', async () => {
    symlinkSync(join(root, 'secret.png'), join(dataDir, 'link.png'));
    artworkName = 'link.png';
    const url = await start();
    const res = await fetch(`${url}venue-artwork`);
    expect(res.status).toBe(404);
    expect(await res.text()).not.toContain('not for the screen');
  });

  it('refuses names with folders or without an image type, even if the schema were bypassed', async () => {
    for (const name of ['../secret.png', 'sub/x.png', '.png', 'index.html']) {
      expect(await readArtwork(dataDir, name), name).toMatchObject({ ok: false, status: 404 });
    }
  });

  it('refuses a file over the size bound with 413, never reading it whole', async () => {
    writeFileSync(join(dataDir, 'huge.png'), Buffer.alloc(2048));
    artworkName = 'huge.png';
    const url = await start(1024);
    expect((await fetch(`${url}venue-artwork`)).status).toBe(413);
    expect(warnings.join('')).toMatch(/huge\.png is 2048 bytes, more than 1024/);
  });

  it('refuses a directory named like an image', async () => {
    mkdirSync(join(dataDir, 'folder.png'));
    expect(await readArtwork(dataDir, 'folder.png')).toMatchObject({ ok: false, status: 404 });
  });
});
