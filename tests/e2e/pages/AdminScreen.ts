import { expect, type Locator, type Page } from '@playwright/test';

export const TEST_PIN = '2468';

export type ConsoleTab = 'status' | 'settings' | 'devices' | 'diagnostics' | 'journal' | 'data' | 'access';

/**
 * The technician's console (`#view=admin`, the corner press or an admin badge), through its stable test
 * ids: the keypad (`key-0`…`key-9`, `key-ok`), the tabs (`tab-<name>`), settings fields by `data-path`.
 */
export class AdminScreen {
  readonly root: Locator;
  readonly mode: Locator;
  readonly pending: Locator;
  readonly synced: Locator;

  constructor(readonly page: Page) {
    this.root = page.locator('[data-screen="admin"]');
    this.mode = page.getByTestId('admin-mode');
    this.pending = page.getByTestId('pending-uploads');
    this.synced = page.getByTestId('reference-synced');
  }

  /**
   * Opens the console of a kiosk given its launch URL (`…/#token=…`) and logs in, setting the PIN first
   * if this is the kiosk's first start. `watch`: a read-only session that leaves the kiosk in service (for
   * tests that scan while they watch). Resolves with the status tab loaded.
   */
  async open(launchUrl: string, opts: { pin?: string; watch?: boolean } = {}): Promise<void> {
    await this.page.goto(`${launchUrl}&view=admin`);
    await this.logIn(opts.pin ?? TEST_PIN, opts.watch ?? false);
  }

  /** The keypad is up (any way in): set the PIN (first start) or enter it, and wait for the console. */
  async logIn(pin = TEST_PIN, watch = false): Promise<void> {
    const state = await this.keypadState();
    if (state === 'set-pin') {
      await this.enterPin(pin);
      await expect(this.page.getByTestId('keypad')).toContainText(/again|noch einmal/i);
      await this.enterPin(pin);
      if (watch) {
        // Setting the PIN logs in to work; come back in read-only.
        await this.page.locator('[data-admin-ready="true"]').waitFor({ timeout: 15_000 });
        await this.page.getByTestId('logout').click();
        // The console closes once the core confirmed the logout; only then open the keypad again.
        await expect(this.root).toBeHidden();
        await this.page.evaluate(() => (location.hash = 'view=admin'));
        await this.keypadState();
        await this.enterPin(pin, true);
      }
    } else await this.enterPin(pin, watch);
    await this.page.locator('[data-admin-ready="true"]').waitFor({ timeout: 15_000 });
  }

  /** `set-pin` or `login`, once the keypad has asked the core. */
  async keypadState(): Promise<string> {
    await this.page
      .locator('[data-admin-state="set-pin"], [data-admin-state="login"]')
      .waitFor({ timeout: 15_000 });
    return (await this.root.getAttribute('data-admin-state')) ?? '';
  }

  async enterPin(pin: string, watch = false): Promise<void> {
    for (const digit of pin) await this.page.getByTestId(`key-${digit}`).click();
    await this.page.getByTestId(watch ? 'key-watch' : 'key-ok').click();
  }

  pinMessage(): Locator {
    return this.page.getByTestId('pin-message');
  }

  async tab(name: ConsoleTab): Promise<void> {
    await this.page.getByTestId(`tab-${name}`).click();
    await expect(this.page.locator(`[data-tab="${name}"]`)).toBeVisible();
  }

  field(path: string): Locator {
    return this.page.locator(`[data-path="${path}"]`);
  }

  /** Fills the settings form: selects by option, checkboxes by boolean, the rest as text. */
  async fill(values: Record<string, string | number | boolean | string[]>): Promise<void> {
    for (const [path, value] of Object.entries(values)) {
      const field = this.field(path);
      const tag = await field.evaluate((el) => el.tagName.toLowerCase());
      if (tag === 'select') await field.selectOption(String(value));
      else if (typeof value === 'boolean') await field.setChecked(value);
      else await field.fill(Array.isArray(value) ? value.join(', ') : String(value));
    }
  }

  async testConnection(): Promise<{ ok: boolean; message: string }> {
    const result = this.page.getByTestId('connection-result');
    await this.page.getByTestId('test-connection').click();
    await expect(result).toHaveAttribute('data-ok', /true|false/, { timeout: 15_000 });
    return { ok: (await result.getAttribute('data-ok')) === 'true', message: await result.innerText() };
  }

  /** Saves; resolves with `live`, `restart`, `none` or `refused`. */
  async save(): Promise<string> {
    const result = this.page.getByTestId('save-result');
    await this.page.getByTestId('save').click();
    await expect(result).toHaveAttribute('data-applied', /live|restart|none|refused/);
    return (await result.getAttribute('data-applied')) ?? '';
  }

  async restart(): Promise<void> {
    await this.page.getByTestId('restart').click();
    await expect(this.page.getByTestId('restart')).toBeHidden({ timeout: 20_000 });
  }

  async logOut(): Promise<void> {
    await this.page.getByTestId('logout').click();
    await expect(this.root).toBeHidden();
  }

  async expectMode(mode: 'Online' | 'Offline', timeoutMs = 10_000): Promise<void> {
    await expect(this.mode).toHaveText(mode, { timeout: timeoutMs });
  }

  async pendingUploads(): Promise<number> {
    return Number(await this.pending.innerText());
  }

  async expectReferenceSynced(timeoutMs = 10_000): Promise<void> {
    await expect(this.synced).not.toContainText('—', { timeout: timeoutMs });
  }
}
