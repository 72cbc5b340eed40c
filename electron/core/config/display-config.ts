import { z } from 'zod';
import {
  ARTWORK_TYPES,
  artworkExtension,
  Orientation,
  PATRON_LANGUAGES,
  ReaderPosition,
} from '../../common/display.js';

const LANGUAGE_LIST = PATRON_LANGUAGES.join(', ');
const Language = z.enum(PATRON_LANGUAGES, { error: () => `one of ${LANGUAGE_LIST}` });

/**
 * A bare file name in the data dir: no folders, so the setting can never point the web shell at another
 * file on the machine, and a type the screen can show.
 */
const ArtworkFile = z
  .string()
  .max(128, 'at most 128 characters')
  .regex(/^[A-Za-z0-9][A-Za-z0-9._ -]*$/, 'a file name in the data dir, without folders')
  .refine((name) => Object.hasOwn(ARTWORK_TYPES, artworkExtension(name)), {
    error: `an image file ending ${Object.keys(ARTWORK_TYPES).join(', ')}`,
  });

/** `display` in config.json: how the patron screen looks at this venue. */
export const DisplayConfig = z
  .object({
    /** The language the screen shows by default and returns to after each patron's result. */
    language: Language.default('en'),
    /** Languages a patron can pick with one tap on the idle screen; fewer than two: no switcher. */
    languages: z
      .array(Language)
      .max(PATRON_LANGUAGES.length)
      .refine((list) => new Set(list).size === list.length, { error: 'each language at most once' })
      .default([]),
    orientation: z
      .enum(Orientation.options, { error: () => `one of ${Orientation.options.join(', ')}` })
      .default('auto'),
    /** Venue artwork for the idle screen: an image file in the data dir, shown above the instructions. */
    artwork: ArtworkFile.optional(),
    /** Where the barcode scanner is, seen from the patron; the idle screen points there. */
    scannerAt: z
      .enum(ReaderPosition.options, { error: () => `one of ${ReaderPosition.options.join(', ')}` })
      .default('below'),
    /** Where the NFC reader is (the tap hint shows only when the kiosk has one). */
    readerAt: z
      .enum(ReaderPosition.options, { error: () => `one of ${ReaderPosition.options.join(', ')}` })
      .default('below'),
  })
  .superRefine((display, ctx) => {
    if (display.languages.length > 0 && !display.languages.includes(display.language)) {
      ctx.addIssue({
        code: 'custom',
        path: ['language'],
        message: `must be one of display.languages (${display.languages.join(', ')})`,
      });
    }
  });
export type DisplayConfig = z.infer<typeof DisplayConfig>;
