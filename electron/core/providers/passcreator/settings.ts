import { z } from 'zod';

/**
 * Path map. Every default is the path the public Passcreator documentation gives (developer.passcreator.com:
 * validate-passes, existing-passes); they are settings anyway so a proxy or a future API version can be
 * followed without a code change.
 */
export const PasscreatorPaths = z.object({
  appConfigurations: z.string().startsWith('/').default('/api/appconfiguration'),
  appConfiguration: z.string().startsWith('/').default('/api/appconfiguration/{identifier}'),
  /** Pass by its UID (`identifier`). */
  passByUid: z.string().startsWith('/').default('/api/pass/{uid}'),
  /** Deprecated by Passcreator but still the documented way from a barcode's ID to a pass. */
  passCheckById: z.string().startsWith('/').default('/api/pass/checkbyid/{id}'),
  appScan: z.string().startsWith('/').default('/api/appscan'),
  appScanList: z.string().startsWith('/').default('/api/appscan/list/{appConfigurationId}'),
});
export type PasscreatorPaths = z.infer<typeof PasscreatorPaths>;

/**
 * How a scanned barcode value is turned into a pass:
 * - `checkbyid`: `GET /api/pass/checkbyid/{barcode}`: finds the pass whose generated ID or user-provided ID
 *   is the barcode value (Passcreator's default barcode content is the generated ID).
 * - `uid`: the barcode holds the pass UID itself: `GET /api/pass/{barcode}`.
 * - `uid-then-checkbyid`: try the UID first (only when the value is UUID-shaped), then `checkbyid`.
 */
export const PassLookupMode = z.enum(['checkbyid', 'uid', 'uid-then-checkbyid']);
export type PassLookupMode = z.infer<typeof PassLookupMode>;

function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

export const PasscreatorSettings = z.object({
  /** Scheme and host (plus an optional prefix); the paths above are appended. */
  baseUrl: z.url({ protocol: /^https?$/ }).default('https://app.passcreator.com'),
  /** Secret. Sent only as the bare `Authorization` header (no "Bearer"); never logged. */
  apiKey: z.string().min(1),
  /** The App Configuration (UUID) whose scan mode this kiosk follows and under which scans are recorded. */
  appConfigurationId: z.string().min(1),
  /** Sent as the App Scan's `deviceName`. */
  deviceName: z.string().min(1).max(100).default('Gatepost kiosk'),
  passLookup: PassLookupMode.default('checkbyid'),
  /**
   * IANA zone in which `createdOn` (`Y-m-d H:i:s`, no offset) is written. The docs call list times
   * "customer timezone" without saying how a posted `createdOn` is read; unset means the kiosk's own zone.
   */
  timeZone: z.string().refine(isTimeZone, 'unknown IANA time zone').optional(),
  /** `pageSize` for the scan list; Passcreator allows at most 100. */
  listPageSize: z.number().int().min(1).max(100).default(100),
  /** Upper bound on scan-list pages read by `syncReference` (a runaway `next` cannot loop forever). */
  maxSyncPages: z.number().int().positive().default(200),
  /** Upper bound on scan-list pages read by `lookup` when collecting one pass's history. */
  maxLookupPages: z.number().int().positive().default(10),
  // prefault (not default): the empty object is parsed, so each path gets its own default.
  paths: PasscreatorPaths.prefault({}),
});
/** Settings after parsing (defaults filled in). */
export type PasscreatorSettings = z.infer<typeof PasscreatorSettings>;
/** Settings as written in configuration (defaults optional). */
export type PasscreatorSettingsInput = z.input<typeof PasscreatorSettings>;
