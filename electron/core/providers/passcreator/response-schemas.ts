import { z } from 'zod';

/**
 * Response bodies (developer.passcreator.com). Strict on the fields decisions depend on (`scanMode`,
 * `voided`, `identifier`, `scanStatus`), lenient (nullish) on display extras the docs mark mandatory but
 * real accounts may leave empty.
 */

const text = z.string().nullish();

export const PasscreatorAppConfiguration = z.object({
  name: z.string(),
  configurationId: z.string().min(1),
  passTemplateId: z.string().nullish(),
  passTemplateIds: z.array(z.string()).nullish(),
  passTemplateName: text,
  createdOn: text,
  createdOnUtc: text,
  /** 0: void after scan; 1: attendance only. Other values are refused by the provider. */
  scanMode: z.number().int(),
  place: text,
  validValidationPlaces: z.array(z.unknown()).nullish(),
  additionalProperties: z
    .array(z.object({ type: z.string(), name: z.string(), id: z.union([z.number(), z.string()]) }))
    .nullish(),
  type: z.number().int().nullish(),
});
export type PasscreatorAppConfiguration = z.infer<typeof PasscreatorAppConfiguration>;

export const PasscreatorAppConfigurationList = z.array(PasscreatorAppConfiguration);

/** `GET /api/pass/{uid}`. */
export const PasscreatorPass = z.object({
  identifier: z.string().min(1),
  uri: text,
  generatedId: text,
  searchString: text,
  passData: text,
  voided: z.boolean(),
  userProvidedId: text,
  passTemplateGuid: text,
  passTemplateName: text,
  linkToPassPage: text,
  thumbnail: text,
  qrCodeImage: text,
  passFieldData: z.unknown().optional(),
});
export type PasscreatorPass = z.infer<typeof PasscreatorPass>;

/**
 * `GET /api/pass/checkbyid/{id}`: documented as one object (the example) with an `error` text that is
 * empty on success; the prose says "an array for every pass", so a JSON array is accepted too.
 */
export const PasscreatorCheckByIdHit = z.object({
  error: z.string().nullish(),
  identifier: z.string().nullish(),
  uri: text,
  generatedId: text,
  searchString: text,
  voided: z.boolean().nullish(),
  passTemplateGuid: text,
});
export type PasscreatorCheckByIdHit = z.infer<typeof PasscreatorCheckByIdHit>;
export const PasscreatorCheckByIdResponse = z.union([
  PasscreatorCheckByIdHit,
  z.array(PasscreatorCheckByIdHit),
]);

/** `POST /api/appscan` answer. The returned `scanStatus` is final and wins over the one sent. */
export const PasscreatorAppScanCreated = z.object({
  appScanId: z.string().min(1),
  scanStatus: z.number().int(),
  location: z.string().nullish(),
  success: z.boolean(),
});
export type PasscreatorAppScanCreated = z.infer<typeof PasscreatorAppScanCreated>;

export const PasscreatorListedScan = z.object({
  scanStatus: z.number().int(),
  createdOn: z.string(),
  createdOnUtc: text,
  passId: text,
  passGeneratedId: text,
  passSearchString: text,
  passData: text,
  passVoided: z.boolean().nullish(),
  passUserProvidedId: text,
  passTemplateGuid: text,
  passTemplateName: text,
  appConfigurationId: text,
  place: text,
  scannedBarcodeValue: z.string(),
  appScanId: z.string(),
  deviceName: text,
  additionalPropertiesScan: z.unknown().optional(),
  additionalProperties: z.unknown().optional(),
  storedValue: z.number().nullish(),
});
export type PasscreatorListedScan = z.infer<typeof PasscreatorListedScan>;

/** `GET /api/appscan/list/{appConfigurationId}?start=&pageSize=`. No `next` means the last page. */
export const PasscreatorScanListPage = z.object({
  query: z.object({
    start: z.number().int().nonnegative(),
    pageSize: z.number().int().nonnegative(),
    self: text,
    next: text,
  }),
  total: z.number().int().nonnegative(),
  results: z.array(PasscreatorListedScan),
});
export type PasscreatorScanListPage = z.infer<typeof PasscreatorScanListPage>;

/** Passcreator's error body is not documented; these two text fields are read when present. */
export const PasscreatorErrorBody = z.object({
  error: z.string().optional(),
  message: z.string().optional(),
});
