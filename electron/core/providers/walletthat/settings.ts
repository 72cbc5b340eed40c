import { z } from 'zod';

/**
 * The endpoint is not published in WalletThat's help pages (research/api-contracts.md): this default was
 * seen in third-party code only, so it is configurable and must be confirmed with WalletThat/Skycore.
 */
export const WALLETTHAT_DEFAULT_ENDPOINT = 'https://api.walletthat.com/v3/passes';

/** A pass-data key name (e.g. `event-custom-value-2`), or null to leave that seat part out. */
const passDataKey = z.string().min(1).nullable();

/**
 * Which pass-data fields hold the seat. The defaults follow the seed's GeneratePass sample (custom value 1
 * = gate, 2 = section, 3 = row, 4 = seat); venues that relabelled them in the Pass Template Builder
 * change these. The gate is shown as the seat's extra text.
 */
export const WalletThatSeatFields = z.object({
  level: passDataKey.default(null),
  section: passDataKey.default('event-custom-value-2'),
  row: passDataKey.default('event-custom-value-3'),
  seat: passDataKey.default('event-custom-value-4'),
  text: passDataKey.default('event-custom-value-1'),
});

function compiles(source: string): boolean {
  try {
    new RegExp(source);
    return true;
  } catch {
    return false;
  }
}

export const WalletThatSettings = z.object({
  /** The one POST endpoint; the JSON body's `action` picks the function. */
  endpointUrl: z.url({ protocol: /^https?$/ }).default(WALLETTHAT_DEFAULT_ENDPOINT),
  /** Secret. Sent only as the `X-Api-Key` header; never logged or put in an error message. */
  apiKey: z.string().min(1),
  /**
   * Sent as `pass-template-id` with every call when set, and checked by `configure` (GetPassTemplate). The
   * seed marks it mandatory; leave it out only if the account answers by `pass-id` alone.
   */
  passTemplateId: z.string().min(1).optional(),
  /**
   * Optional regular expression the whole barcode must match (it is anchored for you). Its first capture
   * group, if it has one, is the pass-id part; without a group the whole barcode is. A barcode that does
   * not match STOPs without a network call (a foreign code).
   */
  barcodePattern: z.string().min(1).refine(compiles, 'not a valid regular expression').optional(),
  /** Put in front of the (matched) barcode to form the pass-id, e.g. `EVT2025-`. */
  passIdPrefix: z.string().default(''),
  // prefault (not default): the empty object is parsed, so each field gets its own default.
  seatFields: WalletThatSeatFields.prefault({}),
});
/** Settings after parsing (defaults filled in). */
export type WalletThatSettings = z.infer<typeof WalletThatSettings>;
/** Settings as written in configuration (defaults optional). */
export type WalletThatSettingsInput = z.input<typeof WalletThatSettings>;
