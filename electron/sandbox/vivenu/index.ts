/** vivenu loopback sandbox: a stateful stand-in for the access-user API and Portier (tests, benchmarks, demo). */
export { startVivenuSandbox } from './server.js';
export type { VivenuSandbox, VivenuSandboxOptions, VivenuSandboxState } from './server.js';
export { demoFixture, generateTickets, DEMO_TOKENS, DEMO_EVENT_ID } from './fixtures.js';
export { vivenuDemoKit } from './demo-kit.js';
export { SANDBOX_METHODS, SANDBOX_PATHS, TICKET_STATUSES } from './types.js';
export type { SandboxEvent, SandboxTicket, SandboxScan, SandboxRoute, TicketStatus } from './types.js';
export type { OfflineScan } from './offline-store.js';
export type { AccessAnswer, TicketJson } from './ticket-store.js';
