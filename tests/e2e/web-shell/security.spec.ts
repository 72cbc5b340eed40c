import WebSocket from 'ws';
import { test, expect } from '../support/fixtures.js';

test.describe('web shell security', () => {
  test('the renderer has no Node: require and process are undefined', async ({ patron }) => {
    const globals = await patron.page.evaluate(() => ({
      require: typeof (globalThis as Record<string, unknown>).require,
      process: typeof (globalThis as Record<string, unknown>).process,
      module: typeof (globalThis as Record<string, unknown>).module,
    }));
    expect(globals).toEqual({ require: 'undefined', process: 'undefined', module: 'undefined' });
  });

  test('pages are served with a strict CSP', async ({ page, kiosk }) => {
    const response = await page.goto(kiosk.launchUrl);
    const csp = response!.headers()['content-security-policy'] ?? '';
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toContain('unsafe-inline');
    expect(csp).not.toContain('unsafe-eval');
  });

  test('the RPC socket refuses connections without the launch token or from another origin', async ({
    kiosk,
  }) => {
    const wsUrl = kiosk.origin.replace('http', 'ws') + '/rpc';
    const token = new URL(kiosk.launchUrl).hash.replace('#token=', '');
    const attempt = (url: string, origin?: string) =>
      new Promise<string>((resolve) => {
        const ws = new WebSocket(url, origin ? { origin } : {});
        ws.on('open', () => {
          ws.close();
          resolve('open');
        });
        ws.on('unexpected-response', (_req, res) => resolve(`http ${res.statusCode}`));
        ws.on('error', () => resolve('error'));
      });
    expect(await attempt(wsUrl)).toBe('http 401');
    expect(await attempt(`${wsUrl}?token=wrong`)).toBe('http 401');
    expect(await attempt(`${wsUrl}?token=${token}`, 'http://evil.example')).toBe('http 401');
    expect(await attempt(`${wsUrl}?token=${token}`, kiosk.origin)).toBe('open');
  });

  test('a schema-violating RPC message is refused and the kiosk keeps scanning', async ({
    kiosk,
    patron,
  }) => {
    const token = new URL(kiosk.launchUrl).hash.replace('#token=', '');
    const ws = new WebSocket(`${kiosk.origin.replace('http', 'ws')}/rpc?token=${token}`, {
      origin: kiosk.origin,
    });
    await new Promise((r) => ws.on('open', r));
    const reply = new Promise<string>((resolve) => ws.on('message', (d) => resolve(d.toString())));
    ws.send(JSON.stringify({ id: 1, channel: 'scan.submit', args: { token: 42, inputType: 'Laser' } }));
    expect(JSON.parse(await reply)).toMatchObject({ kind: 'reply', id: 1, result: { ok: false } });
    const closed = new Promise<number>((resolve) => ws.on('close', (code) => resolve(code)));
    ws.send('not json');
    expect(await closed).toBe(1007);

    await patron.scan('39000000000003');
    await patron.expectScreen('admit');
  });
});
