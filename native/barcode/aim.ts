import type { BarcodeRead } from './barcode-read.js';

/**
 * AIM symbology identifiers (ISO/IEC 15424): `]` + code letter + modifier character. The letter says the
 * symbology (`Q` QR, `L` PDF417, `z` Aztec, `d` Data Matrix, `C` Code 128, `E` EAN/UPC, `I` ITF, `A` Code 39…);
 * the modifier its options. Only QR maps to the contract's 'QRCode'; the exact id is kept for the journal.
 */
const AIM_PATTERN = /^\][A-Za-z][0-9A-Za-z]/;

export interface AimSplit {
  aim?: string;
  data: string;
}

/** Strips a leading AIM id; text without one comes back unchanged. */
export function splitAimId(text: string): AimSplit {
  if (!AIM_PATTERN.test(text)) return { data: text };
  return { aim: text.slice(0, 3), data: text.slice(3) };
}

export function barcodeTypeOfAim(aim: string | undefined): BarcodeRead['barcodeType'] {
  return aim?.[1] === 'Q' ? 'QRCode' : 'Barcode';
}

/** Builds a read from decoded text, stripping the AIM id when the engine is set to send one. */
export function readFromText(text: string, aimIds: boolean): BarcodeRead {
  if (!aimIds) return { text, barcodeType: 'Barcode' };
  const { aim, data } = splitAimId(text);
  return { text: data, barcodeType: barcodeTypeOfAim(aim), ...(aim && { symbology: aim }) };
}
