import { z } from 'zod';

/** Response bodies, lenient where the seed is vague (nullable extras) and strict where decisions depend. */

// Seat parts are strings in the seed; some deployments send numbers, which are harmless to show.
const seatPart = z
  .union([z.string(), z.number()])
  .nullish()
  .transform((v) => (v === null || v === undefined ? undefined : String(v)));

export const EntryV1SeatInfo = z.object({
  level: seatPart,
  section: seatPart,
  row: seatPart,
  seat: seatPart,
  altSeatLocationText: seatPart,
});

export const EntryV1SessionResponse = z.object({ jwt: z.string().min(1) });

export const EntryV1ScanResponse = z.object({
  status: z.string(),
  reasonCode: z.string(),
  reasonMessage: z.string().nullish(),
  eventId: z.string().nullish(),
  eventName: z.string().nullish(),
  token: z.string().nullish(),
  ticket: z.string().nullish(),
  patronId: z.string().nullish(),
  firstName: z.string().nullish(),
  lastName: z.string().nullish(),
  testMode: z.boolean().nullish(),
  seatInfo: EntryV1SeatInfo.nullish(),
});
export type EntryV1ScanResponse = z.infer<typeof EntryV1ScanResponse>;

export const EntryV1Event = z.object({
  eventId: z.string(),
  eventName: z.string(),
  startDateTime: z.string().nullish(),
  endDateTime: z.string().nullish(),
  scanStartDateTime: z.string().nullish(),
  scanEndDateTime: z.string().nullish(),
  barcodeMasks: z.array(z.string()).nullish(),
});
export type EntryV1Event = z.infer<typeof EntryV1Event>;

/**
 * NFC keys are wallet private keys: checked loosely (two arrays), passed on opaquely to the offline NFC
 * code, and never logged.
 */
export const EntryV1NfcKeys = z
  .object({ apple: z.array(z.unknown()), google: z.array(z.unknown()) })
  .partial()
  .loose();

export const EntryV1EventsResponse = z.object({
  nfcKeys: EntryV1NfcKeys.nullish(),
  events: z.array(EntryV1Event),
});

export const EntryV1ErrorResponse = z.object({
  error: z.object({
    message: z.union([z.array(z.string()), z.string()]),
    error: z.string(),
    statusCode: z.number(),
  }),
});

export const EntryV1Venue = z.object({
  facilityCode: z.string(),
  title: z.string(),
  venueTimezone: z.string().nullish(),
});
export type EntryV1Venue = z.infer<typeof EntryV1Venue>;

export const EntryV1VenuesResponse = z.object({ venues: z.array(EntryV1Venue) });

export const EntryV1OfflineUploadResponse = z.object({ message: z.string() });

const optionalText = z.string().nullish();

export const EntryV1ScanHistoryEntry = z.object({
  status: z.string(),
  reasonCode: optionalText,
  reasonMessage: optionalText,
  scanMode: optionalText,
  scanTimestamp: z.string(),
  deviceStatus: optionalText,
  checkpointName: optionalText,
  deviceName: optionalText,
  serialNumber: optionalText,
});

export const EntryV1TicketLookupResponse = z.object({
  eventId: z.string(),
  eventName: optionalText,
  token: z.string(),
  ticket: optionalText,
  patronId: optionalText,
  firstName: optionalText,
  lastName: optionalText,
  timeZone: optionalText,
  seatInfo: EntryV1SeatInfo.nullish(),
  scanHistory: z.array(EntryV1ScanHistoryEntry),
});
export type EntryV1TicketLookupResponse = z.infer<typeof EntryV1TicketLookupResponse>;
