import { z } from 'zod';

/**
 * Path map. The real paths are not published (research/api-contracts.md), so every one is configurable and
 * these defaults are placeholders that match the loopback sandbox.
 */
export const EntryV1Paths = z.object({
  session: z.string().startsWith('/').default('/v1/session'),
  sessionLite: z.string().startsWith('/').default('/v1/session/lite'),
  events: z.string().startsWith('/').default('/v1/events'),
  venues: z.string().startsWith('/').default('/v1/venues'),
  ping: z.string().startsWith('/').default('/v1/ping'),
  scan: z.string().startsWith('/').default('/v1/scan'),
  ticketLookup: z.string().startsWith('/').default('/v1/tickets/{barcode}'),
  offlineUpload: z.string().startsWith('/').default('/v1/offline/{eventId}'),
});
export type EntryV1Paths = z.infer<typeof EntryV1Paths>;

export const EntryV1Settings = z.object({
  /** Scheme, host and optional path prefix; the paths above are appended. */
  baseUrl: z.url({ protocol: /^https?$/ }),
  /** Secret. Sent only as `API-Authorization-Key`; never logged or put in an error message. */
  apiKey: z.string().min(1),
  /** 3-digit client identifier. */
  dataAccountId: z.string().min(1),
  venueCode: z.string().min(1),
  serialNumber: z.string().min(1),
  make: z.string().min(1),
  model: z.string().min(1),
  softwareVersion: z.string().min(1).optional(),
  scanMode: z.enum(['Entry', 'Exit']).default('Entry'),
  // prefault (not default): the empty object is parsed, so each path gets its own default.
  paths: EntryV1Paths.prefault({}),
  /** Renew the session JWT this long before its `exp`. */
  renewMarginSeconds: z.number().int().nonnegative().default(300),
  /**
   * Ticket Lookup through a Create Session (Lite) token instead of the device session. Off by default: the
   * device session can look tickets up too, and a lite session is one more credential to keep.
   */
  liteSessionForLookup: z.boolean().default(false),
  /** Sent as `networkType` in every body; a turnstile kiosk is normally cabled. */
  networkType: z.enum(['Wifi', 'Mobile', 'Wired']).default('Wired'),
});
/** Settings after parsing (defaults filled in). */
export type EntryV1Settings = z.infer<typeof EntryV1Settings>;
/** Settings as written in configuration (defaults optional). */
export type EntryV1SettingsInput = z.input<typeof EntryV1Settings>;
