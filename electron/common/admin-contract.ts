/**
 * The technician's part of the contract. Every channel here except the session channels carries the
 * admin session token in its arguments; the core refuses a call without a valid one (the patron screen
 * has no token, so it cannot reach any of this). Imported by the renderer: zod only.
 */
import { z } from 'zod';
import { AdminStatus, DeviceHealth } from './contract.js';

/** The on-screen keypad's PIN: digits only (the pedestal has no keyboard). */
export const Pin = z.string().regex(/^[0-9]{4,12}$/, '4 to 12 digits');

/** An admin session token as the core hands it out; opaque to the renderer. */
export const SessionToken = z.string().min(16).max(128);

export const AdminSession = z.object({
  token: SessionToken,
  /** Epoch ms; the session ends when idle past this (each call extends it). */
  expiresAt: z.number(),
});
export type AdminSession = z.infer<typeof AdminSession>;

export const PinState = z.object({
  /** False on first start: the screen asks to set the PIN. */
  pinSet: z.boolean(),
  /** Epoch ms until which every login is refused (growing delay after wrong PINs; survives restarts). */
  lockedUntil: z.number().optional(),
  failedAttempts: z.number().int().nonnegative(),
});
export type PinState = z.infer<typeof PinState>;

export const LoginResult = z.discriminatedUnion('granted', [
  z.object({ granted: z.literal(true), session: AdminSession }),
  z.object({
    granted: z.literal(false),
    lockedUntil: z.number().optional(),
    failedAttempts: z.number().int(),
  }),
]);
export type LoginResult = z.infer<typeof LoginResult>;

/** One problem with a setting or a configuration file: which field, and what is wrong, for a person. */
export const FieldError = z.object({
  /** Dotted path, e.g. `provider.apiKey`, `devices.scanners.0.path`. */
  path: z.string().max(200),
  message: z.string().max(300),
});
export type FieldError = z.infer<typeof FieldError>;

/** A secret as the screen sees it: whether it is set, never its value. */
export const MaskedSecret = z.object({ set: z.boolean() });

/**
 * The settings a tech edits, as the core reports them: the configuration with every secret replaced by
 * `MaskedSecret`. Kept loose here (the kiosk's zod config schema is the authority); the screen renders
 * known fields and the core validates every save.
 */
export const SettingsView = z.object({
  config: z.record(z.string(), z.unknown()),
  /** Dotted paths of the fields that are secrets (masked above). */
  secretPaths: z.array(z.string()).max(64),
});
export type SettingsView = z.infer<typeof SettingsView>;

export const SaveResult = z.discriminatedUnion('saved', [
  z.object({
    saved: z.literal(true),
    /** `live`: in effect for the next scan; `restart`: the screen offers a restart. */
    applied: z.enum(['live', 'restart']),
  }),
  z.object({ saved: z.literal(false), errors: z.array(FieldError).max(50) }),
]);
export type SaveResult = z.infer<typeof SaveResult>;

export const ConnectionTest = z.object({
  ok: z.boolean(),
  latencyMs: z.number().optional(),
  /** Staff-readable; never a secret. */
  message: z.string().max(300),
});

export const DiscoveredDevice = z.object({
  bus: z.enum(['serial', 'hid', 'pcsc']),
  /** Port path, hidraw path or reader name. */
  path: z.string().max(256),
  description: z.string().max(200),
  vendorId: z.string().max(8).optional(),
  productId: z.string().max(8).optional(),
  /** The configured device id this one is assigned to, if any. */
  assignedTo: z.string().max(64).optional(),
});

export const DeviceTestAction = z.enum(['pulse-entry', 'pulse-exit', 'beep', 'read-scan', 'read-tap']);
export const DeviceTestResult = z.object({
  ok: z.boolean(),
  message: z.string().max(300),
  /** read-scan / read-tap: the masked token read. */
  tokenHint: z.string().max(64).optional(),
});

export const JournalQuery = z.object({
  limit: z.number().int().min(1).max(200).default(200),
  outcome: z.enum(['admit', 'stop', 'see-staff']).optional(),
  mode: z.enum(['online', 'offline', 'timeout', 'local']).optional(),
  reasonCode: z.string().max(64).optional(),
  source: z.string().max(64).optional(),
});
export const JournalEntryView = z.object({
  scanId: z.string(),
  at: z.number(),
  source: z.string(),
  tokenHint: z.string(),
  outcome: z.enum(['admit', 'stop', 'see-staff']),
  mode: z.enum(['online', 'offline', 'timeout', 'local']),
  reasonCode: z.string(),
  rawStatus: z.string().optional(),
  gateResult: z.string().optional(),
});

export const Diagnostics = z.object({
  /** Per stage (`decision`, `provider`, `journal`, `shown`), in ms, over the recent scans. */
  latency: z.array(
    z.object({ stage: z.string(), p50: z.number(), p95: z.number(), p99: z.number(), n: z.number() }),
  ),
  /** Today (venue day): admitted / stopped by reason / see-staff. */
  today: z.object({
    admitted: z.number().int(),
    stopped: z.array(z.object({ reasonCode: z.string(), count: z.number().int() })).max(50),
    seeStaff: z.number().int(),
  }),
  providerReachable: z.boolean(),
  lastProviderLatencyMs: z.number().optional(),
});

const session = { session: SessionToken };
const withSession = <T extends z.ZodRawShape>(shape: T) => z.object({ ...session, ...shape });

/**
 * Channels of the technician's API. The first three need no session (the keypad uses them); every other
 * one takes `session` and is refused without a valid, unexpired one.
 */
export const adminChannels = {
  'admin.pin.state': { args: z.object({}), result: PinState },
  /** First start only: refused once a PIN is set. */
  'admin.pin.set': { args: z.object({ pin: Pin }), result: AdminSession },
  'admin.login': { args: z.object({ pin: Pin }), result: LoginResult },
  'admin.logout': { args: withSession({}), result: z.null() },
  'admin.pin.change': { args: withSession({ pin: Pin }), result: z.null() },
  'admin.status': { args: withSession({}), result: AdminStatus },
  'admin.settings.get': { args: withSession({}), result: SettingsView },
  /** Saves after validating; secrets given here are stored encrypted, never in config.json. */
  'admin.settings.save': {
    args: withSession({ config: z.record(z.string(), z.unknown()) }),
    result: SaveResult,
  },
  'admin.settings.testConnection': {
    args: withSession({ config: z.record(z.string(), z.unknown()) }),
    result: ConnectionTest,
  },
  'admin.restart': { args: withSession({}), result: z.null() },
  'admin.devices.discover': { args: withSession({}), result: z.array(DiscoveredDevice).max(64) },
  'admin.devices.health': { args: withSession({}), result: z.array(DeviceHealth).max(32) },
  'admin.devices.test': {
    args: withSession({ action: DeviceTestAction, deviceId: z.string().max(64).optional() }),
    result: DeviceTestResult,
  },
  'admin.gate.holdOpen': { args: withSession({ reason: z.string().min(1).max(200) }), result: z.null() },
  'admin.gate.release': { args: withSession({}), result: z.null() },
  'admin.uploads.now': { args: withSession({}), result: z.null() },
  'admin.diagnostics': { args: withSession({}), result: Diagnostics },
  'admin.journal.query': {
    args: withSession({ query: JournalQuery }),
    result: z.array(JournalEntryView).max(200),
  },
  'admin.export.config': { args: withSession({}), result: z.object({ json: z.string().max(1_000_000) }) },
  'admin.export.journal': { args: withSession({}), result: z.object({ csv: z.string().max(50_000_000) }) },
  'admin.import.config': { args: withSession({ json: z.string().max(1_000_000) }), result: SaveResult },
} as const;
export type AdminChannel = keyof typeof adminChannels;
export type AdminChannelArgs<C extends AdminChannel> = z.input<(typeof adminChannels)[C]['args']>;
export type AdminChannelResult<C extends AdminChannel> = z.infer<(typeof adminChannels)[C]['result']>;

/** Channels the keypad may call without a session. */
export const OPEN_ADMIN_CHANNELS: readonly AdminChannel[] = [
  'admin.pin.state',
  'admin.pin.set',
  'admin.login',
];
