/** Entry V1 loopback sandbox: a stateful stand-in for the ticketing API, for tests, benchmarks and demo mode. */
export { startEntryV1Sandbox } from './server.js';
export { entryV1DemoKit } from './demo-kit.js';
export type { EntryV1Sandbox, EntryV1SandboxOptions, EntryV1SandboxState } from './server.js';
export {
  SandboxFaultsSchema as EntryV1FaultsSchema,
  type SandboxFaults as EntryV1Faults,
} from '../common/faults.js';
export {
  demoFixture,
  generateTickets,
  formatLocalDateTime,
  DEMO_TOKENS,
  DEMO_NFC_KEYS,
  DEMO_LIVE_EVENT_ID,
  DEMO_PAST_EVENT_ID,
} from './fixtures.js';
export { DEFAULT_SANDBOX_PATHS } from './types.js';
export type { SandboxEvent, SandboxTicket, SandboxSeatInfo, SandboxPaths, SandboxRoute } from './types.js';
export type { OfflineScan } from './offline-store.js';
export type { ScanAnswer, ScanHistoryEntry } from './ticket-store.js';
