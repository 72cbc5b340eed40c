/**
 * How the patron screen looks at this venue: languages, orientation, artwork, where the readers are.
 * Shared by the config schema (core) and the renderer, so both agree on the closed sets. zod only.
 */
import { z } from 'zod';

/** The patron screen's languages. Adding one here makes the renderer's typecheck demand its strings. */
export const PATRON_LANGUAGES = ['en', 'de', 'es', 'fr'] as const;
export const PatronLanguage = z.enum(PATRON_LANGUAGES);
export type PatronLanguage = z.infer<typeof PatronLanguage>;

/**
 * Which layout the patron screen uses. `auto` follows the window's shape; `portrait` / `landscape` fix
 * it (for a nearly square panel). It is the layout, not a rotation: rotate the panel itself in the OS.
 */
export const Orientation = z.enum(['auto', 'portrait', 'landscape']);
export type Orientation = z.infer<typeof Orientation>;

/** Where a reader sits, seen from a patron facing the screen; the idle screen points there. */
export const ReaderPosition = z.enum(['below', 'above', 'left', 'right']);
export type ReaderPosition = z.infer<typeof ReaderPosition>;

/**
 * The fixed path (relative to the renderer's page) at which a shell serves the venue artwork named by
 * `display.artwork`. Relative, so the image is same-origin and the strict CSP (`img-src 'self'`) holds.
 */
export const ARTWORK_PATH = 'venue-artwork';

/** Image types a browser shows in an <img>; a shell serves the artwork with the matching type. */
export const ARTWORK_TYPES: Readonly<Record<string, string>> = {
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.webp': 'image/webp',
  '.svg': 'image/svg+xml',
};

/** `.png` for `Stadium North.PNG`; empty without a dot. */
export function artworkExtension(name: string): string {
  const dot = name.lastIndexOf('.');
  return dot < 0 ? '' : name.slice(dot).toLowerCase();
}

/** The `display` part of `KioskStatus`: what the renderer needs to lay out the patron screen. */
export const DisplayStatus = z.object({
  /** The default language, and the one the screen returns to after a patron's result. */
  language: PatronLanguage,
  /** Languages the patron can switch to with one tap; fewer than two means no switcher. */
  languages: z.array(PatronLanguage).max(PATRON_LANGUAGES.length),
  orientation: Orientation,
  /** Set when venue artwork is configured: its file name, used as a cache key for `ARTWORK_PATH`. */
  artwork: z.string().max(128).optional(),
  scannerAt: ReaderPosition,
  /** Where the NFC reader is; the tap hint shows only when the kiosk has one. */
  readerAt: ReaderPosition,
});
export type DisplayStatus = z.infer<typeof DisplayStatus>;
