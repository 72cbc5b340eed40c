import { z } from 'zod';
import { MAX_TOKEN_CHARS } from '../../common/contract.js';
import { PROVIDER_KINDS } from '../providers/provider.js';

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
    })
    .prefault({}),
  provider: z.object({ kind: z.enum(PROVIDER_KINDS) }).loose(),
  webShell: z
    .object({
      host: z.literal('127.0.0.1').default('127.0.0.1'),
      port: z.number().int().min(0).max(65_535).default(0),
    })
    .prefault({}),
  logLevel: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace']).default('info'),
});
export type KioskConfig = z.infer<typeof KioskConfig>;
export type KioskConfigInput = z.input<typeof KioskConfig>;
