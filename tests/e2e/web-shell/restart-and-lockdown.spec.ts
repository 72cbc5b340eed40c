import { createServer } from 'node:net';
import { test, expect, kioskConfig } from '../support/fixtures.js';
import { launchKiosk } from '../support/kiosk-process.js';
import { PatronScreen } from '../pages/PatronScreen.js';

/** A port that was free a moment ago, for a kiosk that must come back on the same address. */
async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const { port } = server.address() as { port: number };
  await new Promise((r) => server.close(r));
  return port;
}

test.describe('web shell restarts and page lockdown', () => {
  test('the page shows "starting" while the core is down and reconnects after a restart on the same port, without reloading', async ({
    page,
    sandbox,
  }) => {
    const port = await freePort();
    const config = kioskConfig(sandbox.url);
    const first = await launchKiosk(config, { port });
    let second: Awaited<ReturnType<typeof launchKiosk>> | undefined;
    try {
      let loads = 0;
      page.on('load', () => loads++);
      await page.goto(first.launchUrl);
      const patron = new PatronScreen(page);
      await patron.waitReady();
      await page.evaluate(() => ((globalThis as Record<string, unknown>).gatepostMarker = 'same page'));
      await patron.scan('39000000000001');
      await patron.expectScreen('admit');

      await first.crash();
      await patron.expectScreen('starting');
      await expect(page.locator('html[data-gatepost-ready="true"]')).toHaveCount(0);

      second = await launchKiosk(undefined, { port, dataDir: first.dataDir });
      await patron.waitReady();
      await patron.scan('39000000000002');
      await patron.expectScreen('admit');
      expect(await page.evaluate(() => (globalThis as Record<string, unknown>).gatepostMarker)).toBe(
        'same page',
      );
      expect(loads).toBe(1);
      expect(second.journal().map((r) => r.token)).toEqual(['39000000000001', '39000000000002']);
    } finally {
      await first.stop();
      await second?.stop();
    }
  });

  test('the page cancels the reload, devtools, print and zoom chords, and scans still work', async ({
    patron,
  }) => {
    const prevented = await patron.page.evaluate(() => {
      const press = (key: string, mods: KeyboardEventInit = {}) => {
        const e = new KeyboardEvent('keydown', { key, cancelable: true, bubbles: true, ...mods });
        document.body.dispatchEvent(e);
        return e.defaultPrevented;
      };
      return {
        f5: press('F5'),
        ctrlR: press('r', { ctrlKey: true }),
        f12: press('F12'),
        devtools: press('I', { ctrlKey: true, shiftKey: true }),
        print: press('p', { ctrlKey: true }),
        zoom: press('+', { ctrlKey: true }),
        contextMenu: (() => {
          const e = new MouseEvent('contextmenu', { cancelable: true, bubbles: true });
          document.body.dispatchEvent(e);
          return e.defaultPrevented;
        })(),
      };
    });
    expect(prevented).toEqual({
      f5: true,
      ctrlR: true,
      f12: true,
      devtools: true,
      print: true,
      zoom: true,
      contextMenu: true,
    });
    // And a real F5 through the browser does not reload the kiosk page.
    await patron.page.evaluate(() => ((globalThis as Record<string, unknown>).gatepostMarker = 'kept'));
    await patron.page.keyboard.press('F5');
    await patron.page.keyboard.press('Control+R');
    await patron.scan('39000000000003');
    await patron.expectScreen('admit');
    expect(await patron.page.evaluate(() => (globalThis as Record<string, unknown>).gatepostMarker)).toBe(
      'kept',
    );
  });
});
