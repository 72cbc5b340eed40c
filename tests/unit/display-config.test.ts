import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { KioskConfig } from '../../electron/core/config/kiosk-config';
import { ConfigError, loadConfig } from '../../electron/core/config/load-config';

const provider = { kind: 'entry-v1' };

/** The field paths and messages zod reports, as `loadConfig` prints them. */
function problems(display: unknown): string[] {
  const parsed = KioskConfig.safeParse({ provider, display });
  return parsed.success ? [] : parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
}

describe('display config', () => {
  it('defaults: English, no switcher, layout by window shape, no artwork, readers below', () => {
    expect(KioskConfig.parse({ provider }).display).toEqual({
      language: 'en',
      languages: [],
      orientation: 'auto',
      scannerAt: 'below',
      readerAt: 'below',
    });
  });

  it('accepts a full venue setting', () => {
    const display = {
      language: 'de',
      languages: ['de', 'en', 'es', 'fr'],
      orientation: 'portrait',
      artwork: 'Arena North-2.webp',
      scannerAt: 'right',
      readerAt: 'left',
    };
    expect(KioskConfig.parse({ provider, display }).display).toEqual(display);
  });

  it.each([
    [{ language: 'it' }, 'display.language: one of en, de, es, fr'],
    [{ languages: ['en', 'pt'] }, 'display.languages.1: one of en, de, es, fr'],
    [{ languages: ['en', 'de', 'en'] }, 'display.languages: each language at most once'],
    [
      { language: 'fr', languages: ['en', 'de'] },
      'display.language: must be one of display.languages (en, de)',
    ],
    [{ orientation: 'upside-down' }, 'display.orientation: one of auto, portrait, landscape'],
    [{ scannerAt: 'behind' }, 'display.scannerAt: one of below, above, left, right'],
    [{ artwork: '../../etc/passwd.png' }, 'display.artwork: a file name in the data dir, without folders'],
    [{ artwork: '/srv/venue.png' }, 'display.artwork: a file name in the data dir, without folders'],
    [{ artwork: 'venue.gif' }, 'display.artwork: an image file ending .png, .jpg, .jpeg, .webp, .svg'],
    [{ artwork: '.hidden.png' }, 'display.artwork: a file name in the data dir, without folders'],
    [{ artwork: 'x'.repeat(130) + '.png' }, 'display.artwork: at most 128 characters'],
  ])('refuses %j with a message naming the field', (display, message) => {
    expect(problems(display)).toContain(message);
  });
});

describe('display config through config.json', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'gatepost-display-config-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('names the file and the field', () => {
    writeFileSync(
      join(dir, 'config.json'),
      JSON.stringify({ provider, display: { orientation: 'sideways' } }),
    );
    expect(() => loadConfig(dir)).toThrow(ConfigError);
    expect(() => loadConfig(dir)).toThrow(
      /config\.json: display\.orientation: one of auto, portrait, landscape/,
    );
  });
});
