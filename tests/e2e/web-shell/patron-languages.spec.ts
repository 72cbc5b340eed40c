import { test, expect } from '../support/fixtures.js';
import { keepScreenshot } from '../support/screenshots.js';
import { expectReadableKioskScreen } from '../support/screen-audit.js';
import { DEMO_TOKENS } from '../../../electron/sandbox/entry-v1/index.js';
import { PATRON_LANGUAGES } from '../../../electron/common/display.js';
import { translations } from '../../../renderer/src/i18n/i18n.js';

/**
 * The patron screen in every language, on the built app against the Entry V1 sandbox: headlines and
 * instructions come from the language's own strings, and the provider's reason stays exactly as the
 * provider wrote it, under the translated STOP.
 */
const [VALID, SECOND] = DEMO_TOKENS.valid;
/** What the Entry V1 sandbox answers for a ticket scanned twice: shown as given, in every language. */
const PROVIDER_ALREADY_ENTERED = 'Ticket already entered';

for (const language of PATRON_LANGUAGES) {
  test.describe(`in ${language}`, () => {
    test.use({
      viewport: { width: 1080, height: 1920 },
      kioskOverrides: { display: { language } },
    });

    test('idle, ADMIT, STOP and see staff in the language; the provider reason as given', async ({
      patron,
      sandbox,
    }, info) => {
      const strings = translations[language];
      await patron.expectLanguage(language);
      await expect(patron.headline).toHaveText(strings.idle.title);
      await expect(patron.page.getByTestId('scan-cue')).toContainText(strings.idle.hint);
      // No languages configured to switch between: no switcher.
      await expect(patron.page.getByTestId('languages')).toHaveCount(0);
      await expectReadableKioskScreen(patron.page, `${language} idle`);
      await keepScreenshot(patron.page, info, `idle-${language}`);

      await patron.scan(VALID!);
      await patron.expectScreen('admit');
      await expect(patron.headline).toHaveText(strings.admit.word);
      await expect(patron.page.locator('.result__sub')).toHaveText(strings.admit.sub);
      await expect(patron.page.getByTestId('seat')).toContainText(strings.seat.section);
      // Every language's words fit, unclipped and at full size.
      await expectReadableKioskScreen(patron.page, `${language} admit`);

      await patron.scan(VALID!);
      await patron.expectScreen('stop');
      await expect(patron.headline).toHaveText(strings.stop.word);
      await expect(patron.page.getByTestId('reason')).toHaveText(PROVIDER_ALREADY_ENTERED);
      await expectReadableKioskScreen(patron.page, `${language} stop`);

      // The longest headline ("Adressez-vous au personnel") wraps between words and still fits.
      sandbox.setFaults({ hang: true });
      await patron.scan(SECOND!);
      await patron.expectScreen('see-staff', 5000);
      await expect(patron.headline).toHaveText(strings.seeStaff.word);
      await expectReadableKioskScreen(patron.page, `${language} see staff`);
      // English is in docs/images as patron-stop-portrait.
      await keepScreenshot(
        patron.page,
        info,
        `stop-${language}`,
        language === 'en' ? undefined : `patron-stop-${language}`,
      );
    });
  });
}

test.describe('one-tap language switch', () => {
  test.use({
    viewport: { width: 1080, height: 1920 },
    kioskOverrides: { resultHoldMs: 1500, display: { language: 'de', languages: ['de', 'en', 'es', 'fr'] } },
  });

  test('a patron taps their language, scans, sees the result in it; the screen returns to the default', async ({
    patron,
    kiosk,
  }, info) => {
    const page = patron.page;
    await patron.expectLanguage('de');
    await expect(patron.headline).toHaveText(translations.de.idle.title);
    // Each language is offered by its own name and marked with its language.
    await expect(patron.languageButtons).toHaveText(['Deutsch', 'English', 'Español', 'Français']);
    for (const lang of ['de', 'en', 'es', 'fr']) {
      await expect(page.locator(`button[data-language="${lang}"]`)).toHaveAttribute('lang', lang);
    }
    await expect(page.locator('button[data-language="de"]')).toHaveAttribute('aria-pressed', 'true');

    await patron.chooseLanguage('es');
    await patron.expectLanguage('es');
    await expect(patron.headline).toHaveText(translations.es.idle.title);
    await expect(page.locator('button[data-language="es"]')).toHaveAttribute('aria-pressed', 'true');
    // The tapped button keeps no focus: a scanner's Enter cannot press it.
    expect(await page.evaluate(() => document.activeElement?.tagName)).toBe('BODY');
    await keepScreenshot(page, info, 'idle-switched-to-es', 'patron-idle-language-switch');

    await patron.scan(VALID!);
    await patron.expectScreen('admit');
    await expect(patron.headline).toHaveText(translations.es.admit.word);
    await patron.expectLanguage('es');
    expect(kiosk.journal()).toHaveLength(1);

    // The result hold ends: the next patron finds the default language.
    await patron.expectScreen('idle', 5000);
    await patron.expectLanguage('de');
    await expect(patron.headline).toHaveText(translations.de.idle.title);
    await expect(page.locator('button[data-language="de"]')).toHaveAttribute('aria-pressed', 'true');
  });
});
