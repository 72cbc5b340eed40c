export { PresenceProvider } from './presence-provider.js';
export { PresenceSettings, PresencePaths, PresenceGateMode, type PresenceSettingsInput } from './settings.js';
export {
  PRESENCE_STATUS_TABLE,
  mapPresenceStatus,
  presenceStatusRule,
  type PresenceStatusRule,
  type PresenceLane,
} from './status-map.js';
export { deviceOsFor, scanBody, type PresenceScanBody, type PresenceDeviceIds } from './scan-request.js';
export { parsePlace } from './scan-decision.js';
