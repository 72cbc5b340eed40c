import type { WalletThatSettings } from './settings.js';

/**
 * Turns a scanned barcode into the pass-id GetPassData needs. WalletThat has no "look up by barcode"
 * action, so the barcode either is the pass-id or contains it (settings `barcodePattern`/`passIdPrefix`).
 * Undefined: the barcode cannot be one of this venue's passes.
 */
export type PassIdMapper = (barcode: string) => string | undefined;

export function passIdMapper(
  settings: Pick<WalletThatSettings, 'barcodePattern' | 'passIdPrefix'>,
): PassIdMapper {
  const pattern = settings.barcodePattern ? new RegExp(`^(?:${settings.barcodePattern})$`) : undefined;
  return (barcode) => {
    if (barcode.length === 0) return undefined;
    let part = barcode;
    if (pattern) {
      const m = pattern.exec(barcode);
      if (!m) return undefined;
      part = m[1] ?? m[0];
      if (part.length === 0) return undefined;
    }
    return settings.passIdPrefix + part;
  };
}
