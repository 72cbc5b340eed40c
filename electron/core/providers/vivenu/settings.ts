import { z } from 'zod';

/**
 * Paths, appended to the base URL named in each comment. The defaults are the paths vivenu documents
 * (docs.vivenu.dev `/accesscontrols`, `/scans`; research/api-contracts.md); they are settings only so a test
 * or a proxy can move them, never guesses hidden in code.
 */
export const VivenuPaths = z.object({
  /** API base. Decision: `POST` with the access-user `token` header. */
  accessScan: z.string().startsWith('/').default('/accessusers/tickets/{barcode}/scan'),
  /** API base. One ticket by barcode (`?eventId=`). */
  accessTicket: z.string().startsWith('/').default('/accessusers/tickets/{barcode}'),
  /** API base. Ticket download for offline use, paged with `top`/`skip`, windowed with `from`/`until`. */
  ticketDownload: z.string().startsWith('/').default('/accessusers/tickets/v2/{eventId}'),
  /** API base. Offline batch upload, one event per request. */
  offlineUpload: z.string().startsWith('/').default('/accessusers/scans/{eventId}'),
  /** Portier base. `GET`: list scans, paged with `top`/`skip` (Bearer API key). */
  listScans: z.string().startsWith('/').default('/scans'),
});
export type VivenuPaths = z.infer<typeof VivenuPaths>;

const httpUrl = z.url({ protocol: /^https?$/ });

export const VivenuSettings = z.object({
  /** vivenu API (access-user endpoints). Staging is `https://vivenu.dev/api`. */
  apiBaseUrl: httpUrl.default('https://vivenu.com/api'),
  /** Portier (scans) API. */
  portierBaseUrl: httpUrl.default('https://portier.vivenu.com/api'),
  /** Secret. The access user's token, sent only as the `token` header on `/accessusers` calls. */
  accessToken: z.string().min(1),
  /**
   * Secret. A seller API key (`key_…`), sent only as `Authorization: Bearer` to Portier, which the kiosk
   * only reads (who is inside, a ticket's history). Without it the kiosk still decides scans, but offline it
   * cannot know who other gates let in.
   */
  apiKey: z.string().min(1).optional(),
  /** Events this kiosk downloads tickets (and scans) for, checks at `configure`, and uploads offline scans to. */
  eventIds: z.array(z.string().min(1)).default([]),
  /** Page size (`top`) for the ticket download and the scans list. */
  pageSize: z.number().int().min(1).max(1000).default(500),
  /** Stop paging after this many pages per list (a server whose `total` never ends must not loop forever). */
  maxPages: z.number().int().min(1).default(200),
  /** Largest offline upload per request. vivenu documents no limit; 100 keeps a request small. */
  maxUploadBatch: z.number().int().min(1).max(1000).default(100),
  /**
   * Incremental ticket downloads ask for `from` this many seconds before the previous sync's `until`, so
   * clock skew between kiosk and server cannot drop a change. Merging is idempotent.
   */
  syncOverlapSeconds: z.number().int().nonnegative().default(60),
  // prefault (not default): the empty object is parsed, so each path gets its own default.
  paths: VivenuPaths.prefault({}),
});
/** Settings after parsing (defaults filled in). */
export type VivenuSettings = z.infer<typeof VivenuSettings>;
/** Settings as written in configuration (defaults optional). */
export type VivenuSettingsInput = z.input<typeof VivenuSettings>;
