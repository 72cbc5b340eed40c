import { z } from 'zod';

/**
 * Response bodies. The Portier scan shapes are the seed document's; the access-user answers are documented
 * only by name (`access: GRANTED|DENIED` plus `ticket`, ticket `status`), so those schemas are strict on the
 * fields a decision needs and lenient (nullish, passthrough) on the rest.
 */

const optionalText = z
  .string()
  .nullish()
  .transform((v) => v ?? undefined);

// Seat parts are strings in vivenu's ticket object; a number is harmless to show.
const seatPart = z
  .union([z.string(), z.number()])
  .nullish()
  .transform((v) => (v === null || v === undefined ? undefined : String(v)));

export const VivenuSeatingInfo = z.object({
  sectionName: seatPart,
  rowName: seatPart,
  seatName: seatPart,
  entranceName: seatPart,
});

/** A ticket as the access-user endpoints return it. */
export const VivenuTicket = z.object({
  _id: z.string().min(1),
  barcode: z.string().min(1),
  eventId: z.string().min(1),
  status: z.string().min(1),
  ticketTypeId: optionalText,
  ticketName: optionalText,
  /** Holder name. */
  name: optionalText,
  seatingInfo: VivenuSeatingInfo.nullish(),
  updatedAt: optionalText,
});
export type VivenuTicket = z.infer<typeof VivenuTicket>;

export const VivenuAccessScanResponse = z.object({
  access: z.string().min(1),
  /** Why access was denied (machine code); shown to staff, kept in the journal. */
  reason: optionalText,
  message: optionalText,
  ticket: VivenuTicket.nullish(),
});
export type VivenuAccessScanResponse = z.infer<typeof VivenuAccessScanResponse>;

/**
 * A page of the ticket download. The docs' own example reads only `total`; the list is `rows` on vivenu's
 * `/api/tickets`, so `rows` is expected and `docs` (the Portier list name) accepted.
 */
export const VivenuTicketPage = z
  .object({
    rows: z.array(VivenuTicket).optional(),
    docs: z.array(VivenuTicket).optional(),
    total: z.number().int().nonnegative(),
  })
  .refine((page) => page.rows !== undefined || page.docs !== undefined, { message: 'rows missing' })
  .transform((page) => ({ tickets: page.rows ?? page.docs ?? [], total: page.total }));

/** The Portier scan object (seed document). */
export const VivenuScan = z.object({
  ticketId: z.string(),
  eventId: z.string(),
  barcode: z.string(),
  ticketTypeId: z.string(),
  type: z.enum(['checkin', 'checkout']),
  scanResult: z.enum(['approved', 'declined']),
  time: optionalText,
  parentEventId: optionalText,
  name: optionalText,
  ticketName: optionalText,
  deviceId: optionalText,
  sellerId: optionalText,
});
export type VivenuScan = z.infer<typeof VivenuScan>;

export const VivenuScanList = z.object({ docs: z.array(VivenuScan), total: z.number().int().nonnegative() });

/** vivenu's error body. */
export const VivenuErrorResponse = z.object({
  statusCode: z.number(),
  error: z.string(),
  message: z.union([z.string(), z.array(z.string())]),
});
