import { z } from 'zod';

/**
 * Messages between the kiosk and the PC/SC reader process, both ways validated with zod: the reader
 * process runs a native library that may misbehave, so nothing it says is trusted unchecked.
 */

const text = (max: number) => z.string().max(max);
const readerName = text(200);

const CardTokenMessage = z.object({
  ok: z.literal(true),
  kind: z.enum(['apple', 'google', 'uid', 'ndef-text', 'ndef-uri']),
  token: z.string().min(1).max(4096),
  detail: text(300),
  passTimestamp: z.string().max(40).optional(),
});

const CardFailureMessage = z.object({
  ok: z.literal(false),
  kind: z.enum(['apple', 'google', 'plain', 'unknown']),
  code: z.enum([
    'NFC-TAP-AGAIN',
    'NFC-KEY-NOT-CONFIGURED',
    'NFC-DECRYPT-FAILED',
    'NFC-STALE-PASS',
    'NFC-NO-PASS',
    'NFC-AUTH-REFUSED',
    'NFC-NO-KEYS',
    'NFC-BAD-REPLY',
    'NFC-NOT-ACCEPTED',
  ]),
  reason: text(600),
  tapAgain: z.boolean(),
});

export const WorkerMessage = z.discriminatedUnion('type', [
  z.object({ type: z.literal('heartbeat') }),
  /** nfc-pcsc loaded and the PC/SC context is established. */
  z.object({ type: z.literal('ready') }),
  /** The reader process cannot go on: the native module is missing, or PC/SC failed (pcscd gone). */
  z.object({
    type: z.literal('fatal'),
    code: z.enum(['NFC-NO-PCSC-LIB', 'NFC-PCSC-ERROR']),
    message: text(600),
  }),
  z.object({
    type: z.literal('reader'),
    name: readerName,
    state: z.enum(['attached', 'detached', 'ignored', 'error']),
    message: text(600).optional(),
  }),
  /** A card entered the field (the read follows). */
  z.object({ type: z.literal('card'), reader: readerName, atr: z.string().regex(/^[0-9a-f]{0,132}$/) }),
  /** The card left the field (as pcscd saw it). */
  z.object({ type: z.literal('card-off'), reader: readerName }),
  z.object({
    type: z.literal('read'),
    reader: readerName,
    /** How long ago (ms, reader process clock) the card was seen; the kiosk stamps the read with its own clock minus this. */
    ageMs: z.number().min(0).max(600_000),
    apdus: z.number().int().min(0).max(10_000),
    apduMs: z.number().min(0).max(600_000),
    read: z.discriminatedUnion('ok', [CardTokenMessage, CardFailureMessage]),
  }),
]);
export type WorkerMessage = z.infer<typeof WorkerMessage>;

/** Key material travels as base64 PKCS#8 DER, only over the IPC channel, and is never logged. */
const keyDer = z.string().min(1).max(4096);

export const ReaderSettings = z.object({
  readers: z.union([z.literal('all'), z.array(z.string().min(1).max(200)).min(1)]),
  uidAsToken: z.boolean(),
  ndefAsToken: z.boolean(),
  freshnessSeconds: z.number().int().min(0),
  apduTimeoutMs: z.number().int().min(10).max(60_000),
  /** Experimental: send Apple's ECP frame from ACR122U readers while idle. */
  acr122Ecp: z.boolean().default(false),
  apple: z.array(z.object({ passTypeId: z.string().min(1).max(256), keys: z.array(keyDer).max(32) })).max(64),
  google: z
    .array(
      z.object({
        collectorId: z.string().regex(/^\d{1,10}$/),
        keyVersion: z.number().int().min(0),
        key: keyDer,
      }),
    )
    .max(16),
});
export type ReaderSettings = z.infer<typeof ReaderSettings>;

export const ParentMessage = z.discriminatedUnion('type', [
  z.object({ type: z.literal('configure'), settings: ReaderSettings }),
  z.object({ type: z.literal('shutdown') }),
]);
export type ParentMessage = z.infer<typeof ParentMessage>;

/** A zod failure as paths and codes only: never echo the offending value (it may be a key). */
export function describeIssues(error: z.ZodError): string {
  return error.issues
    .slice(0, 5)
    .map((i) => `${i.path.join('.') || '(message)'}: ${i.code}`)
    .join('; ');
}
