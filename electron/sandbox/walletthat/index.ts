/** WalletThat loopback sandbox: a stateful stand-in for the event-ticket pass API, for tests and demo mode. */
export { startWalletThatSandbox, DEFAULT_SANDBOX_ENDPOINT_PATH } from './server.js';
export type { WalletThatSandbox, WalletThatSandboxOptions, WalletThatSandboxState } from './server.js';
export {
  DEMO_PASS_IDS,
  DEMO_TEMPLATE_ID,
  demoPasses,
  demoTemplate,
  generatePasses,
  benchPassId,
  utcTimestamp,
} from './fixtures.js';
export { PassStore, type PassCounters } from './pass-store.js';
export { walletthatDemoKit } from './demo-kit.js';
export { PASS_STATUSES } from './types.js';
export type { PassStatus, SandboxPass, SandboxTemplate, StatusPlacement } from './types.js';
