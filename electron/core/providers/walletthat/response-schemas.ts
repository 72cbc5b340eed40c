import { z } from 'zod';

/**
 * Response bodies. Loose objects: the API sends many display fields the kiosk does not need, and strict
 * types only where the decision depends on them (`status`, `pass-status`, `expiration-timestamp`).
 */

/**
 * The seed's GetPassData sample has keys with a trailing space (`"ticket-holder "`, `"ticket-type "`),
 * most likely typos in the help page, possibly the real wire format: keys are trimmed so both read the
 * same. An exact key wins over a trimmed duplicate.
 */
function trimKeys(value: unknown): unknown {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return value;
  const out: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(value)) {
    const trimmed = key.trim();
    if (trimmed === key || !Object.hasOwn(out, trimmed)) out[trimmed] = v;
  }
  return out;
}

export const WalletThatPassData = z.preprocess(
  trimKeys,
  z.looseObject({
    'pass-status': z.string().nullish(),
    'expiration-timestamp': z.string().nullish(),
    'event-name': z.string().nullish(),
    'barcode-value': z.string().nullish(),
  }),
);
export type WalletThatPassData = z.infer<typeof WalletThatPassData>;

/** Every answer carries `status`: "Success" or "Failure" (the seed also writes "FAILURE"). */
export const WalletThatEnvelope = z.looseObject({ status: z.string() });

export const WalletThatFailure = z.looseObject({
  status: z.string(),
  'error-code': z
    .union([z.string(), z.number()])
    .nullish()
    .transform((v) => (v === null || v === undefined ? undefined : String(v))),
  'error-message': z.string().nullish(),
  'pass-id': z.string().nullish(),
});
export type WalletThatFailure = z.infer<typeof WalletThatFailure>;

/**
 * GetPassData. `pass-status` is accepted at the top level and inside `pass-data`: research/api-contracts.md
 * marks its place as unconfirmed (the seed's UpdatePassData sample puts it inside `pass-data`).
 */
export const WalletThatGetPassDataSuccess = z.looseObject({
  status: z.string(),
  'pass-id': z.string().nullish(),
  'pass-template-id': z.string().nullish(),
  'pass-status': z.string().nullish(),
  'expiration-timestamp': z.string().nullish(),
  'pass-data': WalletThatPassData.nullish(),
});
export type WalletThatGetPassDataSuccess = z.infer<typeof WalletThatGetPassDataSuccess>;

export const WalletThatUpdatePassDataSuccess = z.looseObject({
  status: z.string(),
  'pass-id': z.string().nullish(),
  'tracking-id': z.string().nullish(),
});

export const WalletThatGetPassTemplateSuccess = z.looseObject({
  status: z.string(),
  'pass-template-id': z.string().nullish(),
  'pass-template': z
    .looseObject({ 'pass-name': z.string().nullish(), 'event-name': z.string().nullish() })
    .nullish(),
});
