/** Sandbox data model: passes (voided flag, attendance count), App Configurations and stored App Scans. */

export interface SandboxPass {
  /** Passcreator's pass UID (`identifier`). */
  uid: string;
  /** The ID Passcreator generates for every pass; what its barcodes hold by default. */
  generatedId: string;
  userProvidedId?: string;
  voided: boolean;
  /** Attendance saved by scans in attendance mode (scanMode 1). */
  attendance: number;
  passTemplateGuid: string;
  passTemplateName: string;
  /** All data on the pass separated by `|`. */
  searchString: string;
  passData?: string;
}

/** An App Configuration in the documented response shape. */
export interface SandboxAppConfiguration {
  name: string;
  configurationId: string;
  passTemplateId: string | null;
  passTemplateIds: string[] | null;
  passTemplateName: string | null;
  createdOn: string;
  createdOnUtc: string;
  scanMode: 0 | 1;
  place: string;
  validValidationPlaces: unknown[] | null;
  additionalProperties: { type: string; name: string; id: number }[];
  backgroundColor: string | null;
  textColor: string | null;
  timeToShowAutoSaveConfirmation: number;
  type: number;
  preventNegativeNumericValues: boolean;
  preventNegativeStoredValueBalance: boolean;
  appConfigurationLinks: {
    identifier: string;
    branchLink: string;
    canChangeConfig: boolean;
    createdOn: string;
    expired: boolean;
    unlockPin: string;
    usedOn: string | null;
    expirationDate: string;
    isValid: boolean;
    validTo: string;
  }[];
}

/** An App Scan as stored; the listed shape adds the pass's fields at listing time. */
export interface StoredAppScan {
  appScanId: string;
  appConfigurationId: string;
  passUid: string | null;
  scanStatus: number;
  createdOn: string;
  scannedBarcodeValue: string;
  deviceName: string;
  setVoided?: boolean;
  additionalProperties: Record<string, unknown>;
}

export interface SandboxFixture {
  configurations: SandboxAppConfiguration[];
  passes: SandboxPass[];
}

export const DEFAULT_SANDBOX_PATHS = {
  appConfigurations: '/api/appconfiguration',
  appConfiguration: '/api/appconfiguration/{identifier}',
  passByUid: '/api/pass/{uid}',
  passCheckById: '/api/pass/checkbyid/{id}',
  appScan: '/api/appscan',
  appScanList: '/api/appscan/list/{appConfigurationId}',
  appScanListAll: '/api/appscan/list',
} as const;
export type SandboxRoute = keyof typeof DEFAULT_SANDBOX_PATHS;
