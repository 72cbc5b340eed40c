// @vitest-environment happy-dom
import { act, createElement } from 'react';
import { createRoot, type Root } from 'react-dom/client';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ScanDecided } from '../../electron/common/contract';
import type { DisplayStatus } from '../../electron/common/display';
import { PatronApp } from '../../renderer/src/app/PatronApp';
import { ABANDONED_CHOICE_MS } from '../../renderer/src/app/use-patron-language';
import { translations } from '../../renderer/src/i18n/i18n';
import { FakeKioskApi, kioskStatus } from './fake-kiosk-api';

(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

const display = (overrides: Partial<DisplayStatus> = {}): DisplayStatus => ({
  language: 'en',
  languages: [],
  orientation: 'auto',
  scannerAt: 'below',
  readerAt: 'below',
  ...overrides,
});

const decision = (outcome: ScanDecided['outcome'], scanId = 's1'): ScanDecided => ({
  scanId,
  outcome,
  mode: 'online',
  reasonCode: outcome === 'admit' ? 'OK' : 'ALREADY_ENTERED',
  reasonText: outcome === 'admit' ? 'Welcome' : 'Ticket already entered',
  tokenHint: '…0001',
});

describe('PatronApp', () => {
  let container: HTMLElement;
  let root: Root;
  let api: FakeKioskApi;

  const screen = () => container.querySelector('[data-screen]')!;
  const headline = () => container.querySelector('h1')?.textContent;
  const button = (lang: string) =>
    container.querySelector<HTMLButtonElement>(`button[data-language="${lang}"]`);

  async function mount(status = kioskStatus()): Promise<void> {
    api = new FakeKioskApi(status);
    await act(async () => root.render(createElement(PatronApp, { api, sounds: null })));
  }

  beforeEach(() => {
    vi.useFakeTimers();
    container = document.createElement('div');
    document.body.append(container);
    root = createRoot(container);
  });

  afterEach(async () => {
    await act(async () => root.unmount());
    container.remove();
    vi.useRealTimers();
  });

  describe('language', () => {
    it('shows the configured default language and sets <html lang>', async () => {
      await mount(kioskStatus({ display: display({ language: 'fr' }) }));
      expect(screen().getAttribute('data-language')).toBe('fr');
      expect(document.documentElement.lang).toBe('fr');
      expect(headline()).toBe(translations.fr.idle.title);
      // No list of languages configured: nothing to switch.
      expect(container.querySelector('[data-testid="languages"]')).toBeNull();
    });

    it('switches with one tap and keeps the pick through the result; the hold ending restores the default', async () => {
      await mount(kioskStatus({ resultHoldMs: 2000, display: display({ languages: ['en', 'de'] }) }));
      expect(button('en')?.getAttribute('aria-pressed')).toBe('true');

      await act(async () => button('de')!.click());
      expect(headline()).toBe(translations.de.idle.title);
      expect(button('de')?.getAttribute('aria-pressed')).toBe('true');

      await act(async () => api.emitDecision(decision('stop')));
      expect(screen().getAttribute('data-screen')).toBe('stop');
      expect(headline()).toBe(translations.de.stop.word);
      // The provider's text stays as given under the translated headline.
      expect(container.querySelector('[data-testid="reason"]')?.textContent).toBe('Ticket already entered');

      await act(async () => vi.advanceTimersByTime(2000));
      expect(screen().getAttribute('data-screen')).toBe('idle');
      expect(headline()).toBe(translations.en.idle.title);
      expect(document.documentElement.lang).toBe('en');
    });

    it('drops a pick left without a scan after the abandonment time', async () => {
      await mount(kioskStatus({ display: display({ languages: ['en', 'es'] }) }));
      await act(async () => button('es')!.click());
      expect(headline()).toBe(translations.es.idle.title);
      await act(async () => vi.advanceTimersByTime(ABANDONED_CHOICE_MS - 100));
      expect(headline()).toBe(translations.es.idle.title);
      await act(async () => vi.advanceTimersByTime(100));
      expect(headline()).toBe(translations.en.idle.title);
    });

    it('ignores a pick the configuration stops offering', async () => {
      await mount(kioskStatus({ display: display({ languages: ['en', 'de'] }) }));
      await act(async () => button('de')!.click());
      await act(async () => api.emitStatus(kioskStatus({ display: display({ languages: ['en', 'fr'] }) })));
      expect(headline()).toBe(translations.en.idle.title);
    });

    it('a tapped language button does not keep focus', async () => {
      await mount(kioskStatus({ display: display({ languages: ['en', 'de'] }) }));
      button('de')!.focus();
      await act(async () => button('de')!.click());
      expect(document.activeElement).not.toBe(button('de'));
    });
  });

  describe('idle cues', () => {
    it('points to the scanner; shows where to tap only while an NFC reader works', async () => {
      const reader = { id: 'nfc', role: 'nfc' as const, kind: 'pcsc', errors: 0 };
      await mount(
        kioskStatus({
          display: display({ scannerAt: 'right', readerAt: 'left' }),
          devices: [{ ...reader, state: 'connected' }],
        }),
      );
      const scan = container.querySelector('[data-testid="scan-cue"]')!;
      expect(scan.getAttribute('data-at')).toBe('right');
      expect(scan.querySelector('svg[role="img"]')?.getAttribute('aria-label')).toBe(
        translations.en.position.right,
      );
      const tap = container.querySelector('[data-testid="tap-cue"]')!;
      expect(tap.textContent).toContain(translations.en.idle.tap);
      expect(tap.getAttribute('data-at')).toBe('left');

      for (const state of ['connecting', 'disconnected', 'fault', 'disabled'] as const) {
        await act(async () =>
          api.emitStatus(kioskStatus({ display: display(), devices: [{ ...reader, state }] })),
        );
        expect(container.querySelector('[data-testid="tap-cue"]'), state).toBeNull();
      }
    });

    it('shows the artwork only when configured, from the fixed same-origin path', async () => {
      await mount(kioskStatus({ display: display({ artwork: 'Arena North.png' }) }));
      const img = container.querySelector<HTMLImageElement>('[data-testid="artwork"]')!;
      expect(img.getAttribute('src')).toBe('venue-artwork?v=Arena%20North.png');
      expect(img.getAttribute('alt')).toBe('');
      await act(async () => img.dispatchEvent(new Event('error')));
      expect(container.querySelector('[data-testid="artwork"]')).toBeNull();
    });
  });

  describe('out of service', () => {
    it('says what kind of trouble in the patron language, with the code and the staff reason as given', async () => {
      await mount(
        kioskStatus({
          ready: false,
          outOfService: 'Gate fault: relay not confirmed off',
          code: 'GATE-NOT-OFF',
          display: display({ language: 'de' }),
        }),
      );
      expect(screen().getAttribute('data-screen')).toBe('out-of-service');
      expect(headline()).toBe(translations.de.outOfService.title);
      expect(container.querySelector('[data-testid="cause"]')?.textContent).toBe(
        translations.de.outOfService.gate,
      );
      expect(container.querySelector('[data-testid="code"]')?.textContent).toBe('Code GATE-NOT-OFF');
      expect(container.querySelector('[data-testid="reason"]')?.textContent).toBe(
        'Gate fault: relay not confirmed off',
      );
    });
  });

  describe('orientation', () => {
    it('uses the configured layout whatever the window shape', async () => {
      await mount(kioskStatus({ display: display({ orientation: 'portrait' }) }));
      expect(screen().getAttribute('data-orientation')).toBe('portrait');
      await act(async () => api.emitStatus(kioskStatus({ display: display({ orientation: 'landscape' }) })));
      expect(screen().getAttribute('data-orientation')).toBe('landscape');
    });
  });

  describe('kiosk chrome', () => {
    it('cancels the context menu, text selection and dragging', async () => {
      await mount();
      for (const type of ['contextmenu', 'selectstart', 'dragstart']) {
        const event = new Event(type, { bubbles: true, cancelable: true });
        screen().dispatchEvent(event);
        expect(event.defaultPrevented, type).toBe(true);
      }
    });
  });
});
