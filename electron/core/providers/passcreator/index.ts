export { PasscreatorProvider } from './passcreator-provider.js';
export {
  PasscreatorSettings,
  PasscreatorPaths,
  PassLookupMode,
  type PasscreatorSettingsInput,
} from './settings.js';
export { PASSCREATOR_SCAN_STATUS, SCAN_STATUS, mapPasscreatorScanStatus } from './status-map.js';
export type { ConfigurationRules } from './scan-decision.js';
export { formatCreatedOn, formatCreatedSince } from './created-on.js';
