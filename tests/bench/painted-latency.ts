import { chromium } from '@playwright/test';
import { startSandboxChild } from './sandbox-child.js';
import { launchKiosk } from '../e2e/support/kiosk-process.js';
import { summarise, type BenchEntry } from './bench-report.js';

const WARMUP = 20;
const MEASURED = 200;

declare global {
  interface Window {
    __benchEnterAt?: number[];
    __benchPaintedAt?: number[];
  }
}

/**
 * Keystrokes → result painted, in Debian's Chromium against the built web shell. The instrumentation is
 * injected by this benchmark (not shipped in the app): Enter keydown time, then the task right after the first
 * frame painted once the screen's `data-scan-id` changes.
 */
export async function benchPaintedLatency(): Promise<BenchEntry[]> {
  const sandbox = await startSandboxChild('entry-v1', WARMUP + MEASURED);
  const tickets = sandbox.extraTokens;
  const kiosk = await launchKiosk({
    decisionBudgetMs: 3000,
    resultHoldMs: 60_000,
    sounds: false,
    wedge: { maxGapMs: 250 },
    provider: { kind: 'entry-v1', ...sandbox.settings },
  });
  const browser = await chromium.launch({
    executablePath: process.env.GATEPOST_CHROMIUM ?? '/usr/bin/chromium',
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  try {
    const page = await browser.newPage({ viewport: { width: 720, height: 1280 } });
    await page.addInitScript(() => {
      window.__benchEnterAt = [];
      window.__benchPaintedAt = [];
      window.addEventListener(
        'keydown',
        (e) => {
          if (e.key === 'Enter') window.__benchEnterAt!.push(performance.now());
        },
        { capture: true },
      );
      new MutationObserver((records) => {
        if (
          records.some(
            (r) => r.attributeName === 'data-scan-id' && (r.target as Element).getAttribute('data-scan-id'),
          )
        )
          requestAnimationFrame(() => {
            // rAF runs just before the frame that carries the change is painted; a message posted from it
            // is handled right after that paint.
            const channel = new MessageChannel();
            channel.port1.onmessage = () => window.__benchPaintedAt!.push(performance.now());
            channel.port2.postMessage(null);
          });
      }).observe(document, { subtree: true, attributes: true, attributeFilter: ['data-scan-id'] });
    });
    await page.goto(kiosk.launchUrl);
    await page.locator('html[data-gatepost-ready="true"]').waitFor({ state: 'attached', timeout: 15_000 });

    for (let i = 0; i < tickets.length; i++) {
      await page.keyboard.type(tickets[i]!);
      await page.keyboard.press('Enter');
      await page.waitForFunction((n) => (window.__benchPaintedAt?.length ?? 0) >= n, i + 1, {
        polling: 'raf',
      });
    }
    const { enter, painted } = await page.evaluate(() => ({
      enter: window.__benchEnterAt!,
      painted: window.__benchPaintedAt!,
    }));
    if (enter.length !== tickets.length || painted.length !== tickets.length)
      throw new Error(
        `expected ${tickets.length} scans, saw ${enter.length} Enter and ${painted.length} paints`,
      );
    const samples = painted.slice(WARMUP).map((p, i) => p - enter[WARMUP + i]!);
    const admits = kiosk.journal().filter((r) => r.outcome === 'admit').length;
    if (admits !== tickets.length)
      throw new Error(`expected ${tickets.length} admits, journal has ${admits}`);
    return [
      summarise(
        'ui.enter-to-result-painted.web-shell',
        samples,
        50,
        'Enter keydown (end of the wedge burst) → result painted in Chromium; web shell + Entry V1 sandbox on loopback',
      ),
    ];
  } finally {
    await browser.close();
    await kiosk.stop();
    await sandbox.stop();
  }
}
