/** Presence loopback sandbox: a stateful stand-in for the Ticketmaster Presence API, for tests and demo mode. */
export { startPresenceSandbox } from './server.js';
export type { PresenceSandbox, PresenceSandboxOptions, PresenceSandboxState } from './server.js';
export { presenceDemoKit } from './demo-kit.js';
export {
  presenceDemoFixture,
  generatePresenceTickets,
  PRESENCE_DEMO_TOKENS,
  PRESENCE_DEMO_GATES,
  PRESENCE_DEMO_VENUE_ID,
  PRESENCE_DEMO_LIVE_EVENT_ID,
  PRESENCE_DEMO_PAST_EVENT_ID,
  PRESENCE_DEMO_FUTURE_EVENT_ID,
} from './fixtures.js';
export {
  PresenceTicketStore,
  DUPLICATE_WINDOW_MS,
  type ScanKind,
  type PresenceScanAnswer,
} from './gate-rules.js';
export { DeviceRegistry, type SandboxDevice } from './device-registry.js';
export { DEFAULT_PRESENCE_SANDBOX_PATHS } from './types.js';
export type {
  PresenceSandboxEvent,
  PresenceSandboxTicket,
  PresenceSandboxGate,
  PresenceSandboxFixture,
  PresenceSandboxPaths,
  PresenceSandboxRoute,
} from './types.js';
export type { StoredOfflineScan } from './offline-store.js';
