import { isAbsolute } from 'node:path';
import { z } from 'zod';
import { compileMask } from '../../offline/barcode-mask.js';
import { isTimeZone, parseVenueDateTime } from '../../offline/scan-window.js';

/**
 * The venue's own offline rules for Presence. The Presence document says that offline "the scanner should
 * internally validate the barcode and then save it", but Presence gives a device nothing to validate with
 * (no event list, no ticket list, no masks: "for more details on how to validate a ticket offline please
 * enter in contact with us"). So the venue writes what Ticketmaster tells it here, and the kiosk's offline
 * policies apply to it as to any provider's synced data.
 */

const zone = z.string().refine(isTimeZone, 'unknown IANA time zone');

/** An ISO date-time; without an offset it is venue wall-clock time (`timeZone`). */
const dateTime = z
  .string()
  .refine((v) => parseVenueDateTime(v, 'UTC') !== undefined, 'not an ISO date-time (2025-10-02T18:00:00)');

/** A mask as the core's barcode-mask module reads it: `?` wildcards, or `re:…` / `/…/` regular expressions. */
const mask = z.string().superRefine((value, ctx) => {
  const compiled = compileMask(value);
  if (!('test' in compiled))
    ctx.addIssue({ code: 'custom', message: `invalid barcode mask: ${compiled.reason}` });
});

export const PresenceOfflineEvent = z.object({
  /** The Presence event id (as scan answers give it), e.g. `3F005062B2B4E313`. */
  eventId: z.string().min(1),
  name: z.string().min(1).optional(),
  /** Scanning period (Presence: barcodes match only inside it). A missing bound is open. */
  scanStart: dateTime.optional(),
  scanEnd: dateTime.optional(),
  start: dateTime.optional(),
  end: dateTime.optional(),
  /** IANA zone for this event's offset-less times; default the block's `timeZone`. */
  timeZone: zone.optional(),
  /** Which barcodes belong to this event; default the block's `barcodeFormat`. */
  barcodeMasks: z.array(mask).max(100).optional(),
});
export type PresenceOfflineEvent = z.infer<typeof PresenceOfflineEvent>;

const CHARACTER_CLASSES = {
  digits: '[0-9]',
  alphanumeric: '[0-9A-Za-z]',
  hex: '[0-9A-Fa-f]',
  any: '[^\\u0000-\\u001f]',
} as const;

/** The shape of every Presence barcode at the venue; becomes the mask of each event that has none. */
export const PresenceBarcodeFormat = z
  .object({
    /** Exact length; or a range with `minLength` / `maxLength`. */
    length: z.number().int().min(1).max(512).optional(),
    minLength: z.number().int().min(1).max(512).optional(),
    maxLength: z.number().int().min(1).max(512).optional(),
    characters: z.enum(['digits', 'alphanumeric', 'hex', 'any']).default('digits'),
    /** The barcode starts with one of these (literal text). */
    prefixes: z.array(z.string().min(1).max(64)).max(50).optional(),
  })
  .refine((f) => f.length === undefined || (f.minLength === undefined && f.maxLength === undefined), {
    message: 'give length, or minLength/maxLength, not both',
  })
  .refine((f) => f.length !== undefined || f.minLength !== undefined || f.maxLength !== undefined, {
    message: 'a barcode format needs length, minLength or maxLength',
  })
  .refine((f) => (f.minLength ?? 1) <= (f.maxLength ?? 512), { message: 'minLength is above maxLength' });
export type PresenceBarcodeFormat = z.infer<typeof PresenceBarcodeFormat>;

/** A ticket list the tech loads onto the kiosk (CSV or JSON, see docs/providers/presence.md). */
export const PresenceTicketListSettings = z.object({
  /** Absolute path of the file; read at every reference sync, so a new file is picked up without a restart. */
  file: z.string().refine(isAbsolute, 'must be an absolute path'),
  /** `auto` (default) goes by the extension (`.csv` / `.json`), else by the first character. */
  format: z.enum(['auto', 'csv', 'json']).default('auto'),
  /** A larger file is refused (it would not fit the kiosk's memory budget). */
  maxBytes: z
    .number()
    .int()
    .positive()
    .max(1024 * 1024 * 1024)
    .default(256 * 1024 * 1024),
  maxTickets: z.number().int().positive().max(5_000_000).default(2_000_000),
});
export type PresenceTicketListSettings = z.infer<typeof PresenceTicketListSettings>;

export const PresenceOfflineSettings = z
  .object({
    /** The venue's IANA zone: offset-less scanning periods are read in it. */
    timeZone: zone.optional(),
    events: z.array(PresenceOfflineEvent).max(500).default([]),
    barcodeFormat: PresenceBarcodeFormat.optional(),
    ticketList: PresenceTicketListSettings.optional(),
  })
  .superRefine((o, ctx) => {
    if (o.events.length === 0 && !o.ticketList) {
      ctx.addIssue({ code: 'custom', message: 'offline rules need events or a ticketList' });
    }
    // Without a list, an event is recognised only by its masks: one without any could match no barcode.
    if (o.ticketList || o.barcodeFormat) return;
    o.events.forEach((e, i) => {
      if (!e.barcodeMasks?.length)
        ctx.addIssue({
          code: 'custom',
          path: ['events', i, 'barcodeMasks'],
          message:
            'this event has no barcodeMasks, and there is no barcodeFormat or ticketList: no barcode could match it',
        });
    });
  });
export type PresenceOfflineSettings = z.infer<typeof PresenceOfflineSettings>;
export type PresenceOfflineSettingsInput = z.input<typeof PresenceOfflineSettings>;

/** The barcode format as one anchored regular-expression mask (`re:…`, as barcode-mask.ts reads it). */
export function formatMask(format: PresenceBarcodeFormat): string {
  const min = format.length ?? format.minLength ?? 1;
  const max = format.length ?? format.maxLength ?? 512;
  const body = `${CHARACTER_CLASSES[format.characters]}{${min},${max}}`;
  if (!format.prefixes?.length) return `re:${body}`;
  // The prefix counts toward the length (a 12-digit code starting 7217 is 7217 and 8 more): the whole
  // code must fit the format, and also start with one of the prefixes.
  return `re:(?=${body}$)(?:${format.prefixes.map(escapeRegExp).join('|')}).*`;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
