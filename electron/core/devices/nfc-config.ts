import { z } from 'zod';

/**
 * `devices.nfc` in config.json. The key names are fixed (external test rigs write them): add keys, never
 * rename. Keys from the provider's reference data (Entry V1 `nfcKeys`) are used alongside these.
 */
export const NfcConfig = z.object({
  enabled: z.boolean().default(false),
  /** `"all"` or a list of reader-name substrings (case-insensitive), e.g. `["ACR122", "Virtual PCD 00 01"]`. */
  readers: z
    .union([
      z.literal('all'),
      z.array(z.string().min(1, 'must not be empty').max(200)).min(1, 'list at least one name or use "all"'),
    ])
    .default('all'),
  /** A plain card's ISO 14443 UID (upper-case hex) is the token (season cards). */
  uidAsToken: z.boolean().default(false),
  /** The first NDEF text or URI record of an NTAG-type tag is the token. */
  ndefAsToken: z.boolean().default(false),
  apple: z
    .array(
      z.object({
        passTypeId: z.string().min(1).max(256),
        /** PEM (PKCS#8 or SEC1) of the P-256 private key for this pass type id. */
        keyFile: z.string().min(1),
      }),
    )
    .default([]),
  google: z
    .array(
      z.object({
        collectorId: z.string().regex(/^\d{1,10}$/, 'must be the decimal collector id, e.g. "12345678"'),
        keyVersion: z.number().int().min(0).max(0xffffffff),
        keyFile: z.string().min(1),
      }),
    )
    .default([]),
  /** How far (s) a VAS pass's own timestamp may be from the kiosk clock; 0 turns the check off. */
  freshnessSeconds: z
    .number()
    .int()
    .min(0)
    .max(86_400 * 365)
    .default(300),
  /** Added key: per-APDU timeout; past it the patron is asked to tap again. */
  apduTimeoutMs: z.number().int().min(100).max(10_000).default(1500),
  /**
   * Added key, EXPERIMENTAL (untested on hardware): ACR122U readers send Apple's ECP polling frame while
   * idle, so an iPhone offers its pass without the patron opening it.
   */
  acr122Ecp: z.boolean().default(false),
});
export type NfcConfig = z.infer<typeof NfcConfig>;

export class NfcConfigError extends Error {
  override readonly name = 'NfcConfigError';
}

/** Parses `devices.nfc`; every error names its field (`devices.nfc.google[0].collectorId: …`). */
export function parseNfcConfig(raw: unknown): NfcConfig {
  const parsed = NfcConfig.safeParse(raw ?? {});
  if (parsed.success) return parsed.data;
  const issues = parsed.error.issues.map((i) => `${fieldPath(i.path)}: ${i.message}`);
  throw new NfcConfigError(issues.join('; '));
}

function fieldPath(path: readonly PropertyKey[]): string {
  let out = 'devices.nfc';
  for (const p of path) out += typeof p === 'number' ? `[${p}]` : `.${String(p)}`;
  return out;
}
