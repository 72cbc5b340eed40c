export { EntryV1Provider, type EntryV1ProviderDeps } from './entry-v1-provider.js';
export { EntryV1Settings, EntryV1Paths, type EntryV1SettingsInput } from './settings.js';
export { ENTRY_V1_STATUS_TO_OUTCOME, mapEntryV1Status } from './status-map.js';
export { needsRenewal, readSessionTimes, type SessionTimes } from './jwt-renewal.js';
export {
  ENTRY_V1_MAX_SCANS_PER_UPLOAD,
  planUploadRequests,
  type EventScanRecord,
  type UploadRequestPlan,
} from './offline-upload.js';
export type { EntryV1Event, EntryV1Venue } from './response-schemas.js';
