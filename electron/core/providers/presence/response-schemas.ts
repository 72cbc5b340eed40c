import { z } from 'zod';

/**
 * Presence response bodies. Every answer is an envelope `{result:{status,message}, message:{…}}`. Lenient
 * where the doc is loose (ids are documented as ints but its own samples send `"1"`), strict where a
 * decision depends on the field.
 */

/** A documented int that samples also send as a digit string. */
const intId = z.union([
  z.number().int().nonnegative(),
  z
    .string()
    .regex(/^\d{1,15}$/)
    .transform(Number),
]);

const optionalText = z
  .union([z.string(), z.number()])
  .nullish()
  .transform((v) => (v === null || v === undefined ? undefined : String(v)));

export const PresenceResult = z.object({
  status: z.string().min(1),
  message: z.string().nullish(),
});

export const PresenceTicket = z.object({
  /** `Section:Row:Seat`. */
  place: optionalText,
  eventId: optionalText,
});

export const PresenceScanResponse = z.object({
  result: PresenceResult,
  message: z.object({ tickets: z.array(PresenceTicket).nullish() }).nullish(),
});
export type PresenceScanResponse = z.infer<typeof PresenceScanResponse>;

export const PresenceDevice = z.object({
  id: intId,
  venueId: optionalText,
  name: optionalText,
  mac: optionalText,
  ip: optionalText,
  gateId: intId,
  gateName: optionalText,
  serial: optionalText,
  model: optionalText,
  localId: optionalText,
});
export type PresenceDevice = z.infer<typeof PresenceDevice>;

/** Device Configure and Device Information share this shape; `message` is absent on a refusal. */
export const PresenceDeviceResponse = z.object({
  result: PresenceResult,
  message: z.unknown().optional(),
});

/** Any envelope, for reading the status of an error answer. */
export const PresenceEnvelope = z.object({ result: PresenceResult });

/**
 * Offline upload answer. The upload API is not public: the sandbox answers the common envelope with an
 * optional count, and the client relies only on `result.status`.
 */
export const PresenceUploadResponse = z.object({
  result: PresenceResult,
  message: z.object({ received: z.number().int().nonnegative().nullish() }).nullish(),
});
