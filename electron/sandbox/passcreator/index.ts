/** Passcreator loopback sandbox: a stateful stand-in for the Validate Passes API (tests, benchmarks, demo). */
export { startPasscreatorSandbox } from './server.js';
export type { PasscreatorSandbox, PasscreatorSandboxOptions, PasscreatorSandboxState } from './server.js';
export {
  demoFixture,
  generatePasses,
  generatedToken,
  DEMO_TOKENS,
  SEED_ATTENDANCE_CONFIGURATION_ID,
  SEED_VOID_CONFIGURATION_ID,
  LOUNGE_CONFIGURATION_ID,
  EVENT_TICKET_TEMPLATE,
  VIP_TEMPLATE,
} from './fixtures.js';
export { finalScanStatus, passcreatorErrorBody } from './api-handlers.js';
export { passcreatorDemoKit, PASSCREATOR_DEMO_API_KEY } from './demo-kit.js';
export { DEFAULT_SANDBOX_PATHS } from './types.js';
export type { SandboxPass, SandboxAppConfiguration, StoredAppScan, SandboxRoute } from './types.js';
