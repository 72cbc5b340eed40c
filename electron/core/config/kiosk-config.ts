import { z } from 'zod';
import { MAX_TOKEN_CHARS } from '../../common/contract.js';
import { PROVIDER_KINDS } from '../providers/provider.js';
import type { OfflinePolicy } from '../offline/local-decider.js';
import { DevicesConfig } from '../devices/device-config.js';
import { DisplayConfig } from './display-config.js';

/**
 * The kiosk's configuration file (`config.json` in the data dir). Every field has a documented default so
 * a tech only writes what differs at their venue. Provider settings are validated by the provider's own
 * schema when the provider is built.
 */
export const KioskConfig = z.object({
  deviceName: z.string().min(1).max(64).default('Gatepost kiosk'),
  /** Hard limit from scan received to decision shown; past it the offline policy decides. */
  decisionBudgetMs: z.number().int().min(200).max(30_000).default(3000),
  /** Same token from the same reader inside this window is a re-read, not a new entry attempt. */
  rereadWindowMs: z.number().int().min(0).max(60_000).default(1500),
  /**
   * The same token from two different sources inside this window is one physical read (an engine wired
   * both as a keyboard wedge and a serial port), decided once.
   */
  crossSourceWindowMs: z.number().int().min(0).max(10_000).default(500),
  /**
   * Most scans being decided at once. A real scanner produces a few per second; beyond this the kiosk is
   * being flooded and refuses the excess (journaled, counted) rather than queueing it without bound.
   */
  maxScansInFlight: z.number().int().min(1).max(256).default(16),
  resultHoldMs: z.number().int().min(500).max(60_000).default(3000),
  /** How often to send the provider's heartbeat (Entry V1 Ping), where it has one. 0 = never. */
  heartbeatIntervalMs: z.number().int().min(0).max(3_600_000).default(60_000),
  maxTokenChars: z.number().int().min(8).max(MAX_TOKEN_CHARS).default(MAX_TOKEN_CHARS),
  sounds: z.boolean().default(true),
  wedge: z
    .object({
      maxGapMs: z.number().int().min(5).max(1000).default(60),
      minLength: z.number().int().min(1).max(64).default(4),
      manualEntry: z.boolean().default(false),
      /** Scanner prefix / suffix characters (before Enter), stripped from wedge reads. */
      prefix: z.string().max(16).default(''),
      suffix: z.string().max(16).default(''),
    })
    .prefault({}),
  provider: z.object({ kind: z.enum(PROVIDER_KINDS) }).loose(),
  /** Which way this gate lets people through; must match the provider's own mode setting. */
  direction: z.enum(['entry', 'exit']).default('entry'),
  offline: z
    .object({
      /** What to do when the API cannot be asked (see README "Offline mode"). */
      policy: z
        .enum(['admit-if-locally-valid', 'admit-known-tickets-only', 'stop-all'] satisfies OfflinePolicy[])
        .default('admit-if-locally-valid'),
      /** Provider faults (errors or past the budget) in a row that switch the kiosk to offline. */
      faultsInARow: z.number().int().min(1).max(100).default(3),
      /** …or this moving average of answer times (ms) over `averageWindow` answers. */
      slowAverageMs: z.number().int().min(100).max(30_000).default(2000),
      averageWindow: z.number().int().min(1).max(100).default(10),
      /** While offline, how often to probe the API. */
      probeIntervalMs: z.number().int().min(100).max(300_000).default(5000),
      /** How long past the budget a provider call may run so its late answer can be journaled. */
      lateAnswerWindowMs: z.number().int().min(0).max(60_000).default(5000),
      /** How often to refresh the reference data kept for offline decisions. */
      syncIntervalMs: z.number().int().min(1000).max(86_400_000).default(300_000),
      /** Upload back-off after a failed upload: random × min(max, base × 2^failures). */
      uploadBackoffBaseMs: z.number().int().min(10).max(600_000).default(1000),
      uploadBackoffMaxMs: z.number().int().min(100).max(3_600_000).default(300_000),
    })
    .prefault({}),
  webShell: z
    .object({
      host: z.literal('127.0.0.1').default('127.0.0.1'),
      port: z.number().int().min(0).max(65_535).default(0),
    })
    .prefault({}),
  logLevel: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace']).default('info'),
  devices: DevicesConfig.prefault({}),
  /** The patron screen: languages, orientation, artwork, reader positions (see display-config.ts). */
  display: DisplayConfig.prefault({}),
});
export type KioskConfig = z.infer<typeof KioskConfig>;
export type KioskConfigInput = z.input<typeof KioskConfig>;
