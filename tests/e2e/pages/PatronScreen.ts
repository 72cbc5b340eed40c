import { expect, type Locator, type Page } from '@playwright/test';

export type PatronScreenName = 'starting' | 'out-of-service' | 'idle' | 'admit' | 'stop' | 'see-staff';

/**
 * The patron-facing kiosk screen, through the renderer's stable hooks: `data-screen` / `data-scan-id` on the
 * root, `data-testid` on the reason, seat and offline banner, and `html[data-gatepost-ready]`.
 *
 * Scans are typed as a keyboard wedge would: Playwright's keyboard sends a real keydown per character, but
 * only for characters on a US layout — keep test tokens ASCII.
 */
export class PatronScreen {
  readonly root: Locator;

  constructor(readonly page: Page) {
    this.root = page.locator('[data-screen]');
  }

  /** Waits until the screen takes scans: status ready and subscriptions live. */
  async waitReady(timeoutMs = 15_000): Promise<void> {
    await this.page
      .locator('html[data-gatepost-ready="true"]')
      .waitFor({ state: 'attached', timeout: timeoutMs });
  }

  /** A scanner burst: every key back to back, then Enter. */
  async scan(token: string): Promise<void> {
    await this.page.keyboard.type(token);
    await this.page.keyboard.press('Enter');
  }

  /** A person typing: `delayMs` between keys, then Enter after the same pause. */
  async typeSlowly(token: string, delayMs: number): Promise<void> {
    await this.page.keyboard.type(token, { delay: delayMs });
    await this.page.waitForTimeout(delayMs);
    await this.page.keyboard.press('Enter');
  }

  async screen(): Promise<PatronScreenName | null> {
    return (await this.root.getAttribute('data-screen')) as PatronScreenName | null;
  }

  /** scanId of the decision on screen, or null on idle/starting. */
  async scanId(): Promise<string | null> {
    return this.root.getAttribute('data-scan-id');
  }

  async expectScreen(name: PatronScreenName, timeoutMs?: number): Promise<void> {
    await expect(this.root).toHaveAttribute(
      'data-screen',
      name,
      timeoutMs === undefined ? {} : { timeout: timeoutMs },
    );
  }

  /** Resolves as soon as the screen shows (polled in the page every frame, unlike `expect`'s back-off). */
  async waitForScreen(name: PatronScreenName, timeoutMs = 5000): Promise<void> {
    await this.page.locator(`[data-screen="${name}"]`).waitFor({ state: 'attached', timeout: timeoutMs });
  }

  /**
   * Milliseconds, measured inside the page, from the next Enter keydown to the first animation frame in
   * which the screen shows `name`. Call before scanning; await after.
   */
  async measureScanToScreen(name: PatronScreenName, timeoutMs = 5000): Promise<number> {
    return this.page.evaluate(
      ([screen, limit]) =>
        new Promise<number>((resolve, reject) => {
          let enterAt: number | undefined;
          const onKey = (e: KeyboardEvent) => {
            if (e.key === 'Enter') enterAt = performance.now();
          };
          window.addEventListener('keydown', onKey, { capture: true });
          const started = performance.now();
          const tick = () => {
            const root = document.querySelector('[data-screen]');
            if (enterAt !== undefined && root?.getAttribute('data-screen') === screen) {
              window.removeEventListener('keydown', onKey, { capture: true });
              resolve(performance.now() - enterAt);
            } else if (performance.now() - started > limit) reject(new Error(`screen ${screen} not shown`));
            else requestAnimationFrame(tick);
          };
          requestAnimationFrame(tick);
        }),
      [name, timeoutMs] as const,
    );
  }

  async reason(): Promise<string> {
    return (await this.page.getByTestId('reason').innerText()).trim();
  }

  async seat(): Promise<string> {
    return (await this.page.getByTestId('seat').innerText()).trim();
  }

  async offlineBannerVisible(): Promise<boolean> {
    return this.page.getByTestId('offline-banner').isVisible();
  }

  /** The screen's headline (`h1`): the translated result word, the idle title, "out of service". */
  get headline(): Locator {
    return this.root.locator('h1');
  }

  /** The language on screen (`data-language` on the root; `<html lang>` follows it). */
  async language(): Promise<string | null> {
    return this.root.getAttribute('data-language');
  }

  async expectLanguage(language: string, timeoutMs?: number): Promise<void> {
    const options = timeoutMs === undefined ? {} : { timeout: timeoutMs };
    await expect(this.root).toHaveAttribute('data-language', language, options);
    await expect(this.page.locator('html')).toHaveAttribute('lang', language, options);
  }

  async expectOrientation(orientation: 'portrait' | 'landscape'): Promise<void> {
    await expect(this.root).toHaveAttribute('data-orientation', orientation);
  }

  /** The idle screen's one-tap language buttons, each labelled in its own language. */
  get languageButtons(): Locator {
    return this.page.getByTestId('languages').getByRole('button');
  }

  /** Taps a language on the idle screen, as a patron would. */
  async chooseLanguage(language: string): Promise<void> {
    await this.page.getByTestId('languages').locator(`button[data-language="${language}"]`).click();
  }
}
