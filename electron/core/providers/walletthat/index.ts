export { WalletThatProvider } from './walletthat-provider.js';
export {
  WalletThatSettings,
  WalletThatSeatFields,
  WALLETTHAT_DEFAULT_ENDPOINT,
  type WalletThatSettingsInput,
} from './settings.js';
export {
  WALLETTHAT_STATUS_MAP,
  WALLETTHAT_LOCAL_RULES,
  mapWalletThatStatus,
  failureRule,
  passStatusRule,
  type WalletThatRule,
} from './status-map.js';
export { readExpiration } from './expiration.js';
export { passIdMapper } from './pass-id.js';
