export { VivenuProvider } from './vivenu-provider.js';
export { VivenuSettings, VivenuPaths, type VivenuSettingsInput } from './settings.js';
export { VIVENU_STATUS_TO_OUTCOME, mapVivenuStatus } from './status-map.js';
export type { VivenuScan, VivenuTicket } from './response-schemas.js';
