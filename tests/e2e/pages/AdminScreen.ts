import { expect, type Locator, type Page } from '@playwright/test';

/** The technician's admin screen (`#view=admin`), through its stable test ids. */
export class AdminScreen {
  readonly mode: Locator;
  readonly pending: Locator;
  readonly synced: Locator;

  constructor(readonly page: Page) {
    this.mode = page.getByTestId('admin-mode');
    this.pending = page.getByTestId('pending-uploads');
    this.synced = page.getByTestId('reference-synced');
  }

  /** Opens the admin view of a kiosk given its launch URL (`…/#token=…`). */
  async open(launchUrl: string): Promise<void> {
    await this.page.goto(`${launchUrl}&view=admin`);
    await this.page.locator('[data-screen="admin"][data-admin-ready="true"]').waitFor({ timeout: 15_000 });
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
