import { z } from 'zod';
import { PresenceOfflineSettings } from './offline-settings.js';

/**
 * Paths appended to `baseUrl`. Device and ticket paths are the documented ones
 * (developer.ticketmaster.com, Presence API). The offline upload path is NOT public: its default is a
 * placeholder that matches the loopback sandbox and must be confirmed with Ticketmaster before use.
 */
export const PresencePaths = z.object({
  /** Device Configure. */
  deviceInit: z.string().startsWith('/').default('/device/init'),
  /** Device Information (`?venue=…&mac=…`); answers the device's gate id. */
  deviceInfo: z.string().startsWith('/').default('/device'),
  /** External entry scan. */
  enter: z.string().startsWith('/').default('/ticket/enter'),
  /** External or internal exit scan (the server knows which from the gate). */
  exit: z.string().startsWith('/').default('/ticket/exit'),
  /**
   * Internal entry scan. The seed says `ticket/validate` was deprecated in March 2020 in favour of
   * `ticket/enter` on a gate configured for internal scans; set this to `/ticket/enter` where Ticketmaster
   * has set the gate up that way.
   */
  internalEntry: z.string().startsWith('/').default('/ticket/validate'),
  /** Offline scan upload. PLACEHOLDER: the real path is not published. */
  offlineUpload: z.string().startsWith('/').default('/ticket/upload'),
});
export type PresencePaths = z.infer<typeof PresencePaths>;

/** What this kiosk's lane does: external entry, external/internal exit, or internal (VIP, suite) entry. */
export const PresenceGateMode = z.enum(['entry', 'exit', 'internal']);
export type PresenceGateMode = z.infer<typeof PresenceGateMode>;

export const PresenceSettings = z.object({
  /** Production. Pre-production (all testing): `https://livenation-test.apigee.net/presence-api-preprod/presence/v1`. */
  baseUrl: z.url({ protocol: /^https?$/ }).default('https://app.ticketmaster.com/presence/v1'),
  /** Secret. Sent only as the `apikey` query parameter; never logged or put in an error message. */
  apiKey: z.string().min(1),
  /** Presence venue id, e.g. `KovZpZAFF17J`. */
  venueId: z.string().min(1),
  /** Device Configure `name`: the friendly name staff see in TM1 Entry. */
  deviceName: z.string().min(1),
  /** Device Configure `mac`; also the key of the Device Information lookup. */
  mac: z.string().min(1),
  /** Device Configure `ip`. */
  ip: z.string().min(1),
  /** Name of the gate the device belongs to (sent on Device Configure and every scan). */
  gateName: z.string().min(1),
  serial: z.string().min(1),
  model: z.string().min(1).default('Gatepost kiosk'),
  gateMode: PresenceGateMode.default('entry'),
  /** Optional scan-body `channelId` (the sales channel indicator); omitted when unset. */
  channelId: z.string().min(1).optional(),
  // prefault (not default): the empty object is parsed, so each path gets its own default.
  paths: PresencePaths.prefault({}),
  /** Scans per offline upload request. The real limit is not published; 100 is a conservative guess. */
  maxUploadBatch: z.number().int().positive().max(1000).default(100),
  /**
   * How the kiosk validates a barcode while the API cannot be reached (events with scanning periods and
   * barcode masks, a barcode format, a ticket list file). Without it, offline scans see staff.
   */
  offline: PresenceOfflineSettings.optional(),
});
/** Settings after parsing (defaults filled in). */
export type PresenceSettings = z.infer<typeof PresenceSettings>;
/** Settings as written in configuration (defaults optional). */
export type PresenceSettingsInput = z.input<typeof PresenceSettings>;
