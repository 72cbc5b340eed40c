/**
 * Body checks in the style of the real API's 400 answers (a list of messages, one per broken field), kept
 * hand-written so the messages read like the documented `{error:{message:[...]}}` samples.
 */

export type JsonObject = Record<string, unknown>;

export const INPUT_TYPES = ['NFC', 'Barcode', 'Key', 'Swipe'] as const;
export const SCAN_MODES = ['Entry', 'Exit'] as const;
export const NFC_TYPES = ['Apple', 'Google'] as const;
export const BARCODE_TYPES = ['Barcode', 'QRCode'] as const;

export function isJsonObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function requireStrings(body: JsonObject, fields: readonly string[]): string[] {
  const problems: string[] = [];
  for (const field of fields) {
    const value = body[field];
    if (value === undefined || value === null || value === '') problems.push(`${field} should not be empty`);
    else if (typeof value !== 'string') problems.push(`${field} must be a string`);
  }
  return problems;
}

export function checkEnum(
  body: JsonObject,
  field: string,
  allowed: readonly string[],
  required: boolean,
): string[] {
  const value = body[field];
  if (value === undefined || value === null) return required ? [`${field} should not be empty`] : [];
  if (typeof value !== 'string' || !allowed.includes(value)) {
    return [`${field} must be one of the following values: ${allowed.join(', ')}`];
  }
  return [];
}

export function checkScanBody(body: JsonObject): string[] {
  return [
    ...requireStrings(body, ['token']),
    ...checkEnum(body, 'inputType', INPUT_TYPES, true),
    ...checkEnum(body, 'scanMode', SCAN_MODES, true),
    ...checkEnum(body, 'nfcType', NFC_TYPES, false),
    ...checkEnum(body, 'barcodeType', BARCODE_TYPES, false),
    ...(body.testMode !== undefined && typeof body.testMode !== 'boolean'
      ? ['testMode must be a boolean value']
      : []),
  ];
}

/** Parses `YYYY-MM-DDTHH:mm:ss` (local time) or an ISO string with an offset; NaN when unreadable. */
export function parseApiDateTime(value: string): number {
  return Date.parse(value);
}
