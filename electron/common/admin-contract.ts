/**
 * The technician's part of the contract. Every channel here except the keypad's three carries the admin
 * session token in its arguments; the core refuses a call without a valid, unexpired one before any
 * handler runs (RpcRouter checks it for every channel not in OPEN_ADMIN_CHANNELS). The patron screen has
 * no token, so it cannot reach any of this. Imported by the renderer: zod only.
 */
import { z } from 'zod';
import { AdminStatus, DeviceHealth, type Result } from './contract.js';

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
  /** The core's clock when this was read, so the keypad counts the lock down without trusting its own. */
  now: z.number(),
});
export type PinState = z.infer<typeof PinState>;

export const LoginResult = z.discriminatedUnion('granted', [
  z.object({ granted: z.literal(true), session: AdminSession }),
  z.object({
    granted: z.literal(false),
    reason: z.enum(['wrong-pin', 'locked', 'no-pin']),
    lockedUntil: z.number().optional(),
    failedAttempts: z.number().int(),
    now: z.number(),
  }),
]);
export type LoginResult = z.infer<typeof LoginResult>;

/** One problem with a setting or a configuration file: which field, and what is wrong, for a person. */
export const FieldError = z.object({
  /** Dotted path, e.g. `provider.apiKey`, `devices.scanners.0.path`; `(file)` for the whole file. */
  path: z.string().max(200),
  message: z.string().max(300),
});
export type FieldError = z.infer<typeof FieldError>;

/** A secret as the screen sees it: whether it is set, never its value. Sent back unchanged to keep it. */
export const MaskedSecret = z.object({ set: z.boolean() });
export type MaskedSecret = z.infer<typeof MaskedSecret>;

/**
 * The settings a tech edits, as the core reports them: the configuration with every secret replaced by
 * `MaskedSecret`. Kept loose here (the kiosk's zod config schema is the authority); the screen renders
 * known fields and the core validates every save.
 */
export const SettingsView = z.object({
  config: z.record(z.string(), z.unknown()),
  /** Dotted paths of the fields that are secrets (masked above). */
  secretPaths: z.array(z.string().max(200)).max(64),
  /** `configured`: config.json in force; `demo`: the built-in sandbox; `not-configured`; `invalid`. */
  mode: z.enum(['configured', 'demo', 'not-configured', 'invalid']),
  /** The problems of an invalid config.json (the out-of-service screen shows the same lines). */
  problems: z.array(FieldError).max(50),
  /** Events the provider synced (for the event choice), newest sync. */
  events: z.array(z.object({ id: z.string().max(200), name: z.string().max(200) })).max(200),
});
export type SettingsView = z.infer<typeof SettingsView>;

export const SaveResult = z.discriminatedUnion('saved', [
  z.object({
    saved: z.literal(true),
    /** `live`: in effect for the next scan; `restart`: the screen offers a restart; `none`: no change. */
    applied: z.enum(['live', 'restart', 'none']),
    /** The setting paths that changed. */
    changed: z.array(z.string().max(200)).max(200),
  }),
  z.object({ saved: z.literal(false), errors: z.array(FieldError).max(50) }),
]);
export type SaveResult = z.infer<typeof SaveResult>;

export const ConnectionTest = z.object({
  ok: z.boolean(),
  latencyMs: z.number().optional(),
  /** Staff-readable; never a secret. */
  message: z.string().max(300),
  errors: z.array(FieldError).max(50).optional(),
});
export type ConnectionTest = z.infer<typeof ConnectionTest>;

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
export type DiscoveredDevice = z.infer<typeof DiscoveredDevice>;

export const DeviceDiscovery = z.object({
  devices: z.array(DiscoveredDevice).max(64),
  /** A bus that could not be listed (no udev, no libusb, no pcscd), for staff to read. */
  errors: z.array(z.string().max(300)).max(8),
  /** Configured devices and what they point at (path or VID:PID), whether or not they are attached. */
  configured: z
    .array(z.object({ id: z.string().max(64), role: z.string().max(16), target: z.string().max(256) }))
    .max(32),
});
export type DeviceDiscovery = z.infer<typeof DeviceDiscovery>;

export const DeviceTestAction = z.enum(['pulse-entry', 'pulse-exit', 'beep', 'read-scan', 'read-tap']);
export type DeviceTestAction = z.infer<typeof DeviceTestAction>;
export const DeviceTestResult = z.object({
  ok: z.boolean(),
  message: z.string().max(300),
  /** read-scan / read-tap: the masked token read. */
  tokenHint: z.string().max(64).optional(),
  /** read-scan / read-tap: which source read it. */
  source: z.string().max(64).optional(),
});
export type DeviceTestResult = z.infer<typeof DeviceTestResult>;

export const JournalQuery = z.object({
  limit: z.number().int().min(1).max(200).default(200),
  outcome: z.enum(['admit', 'stop', 'see-staff']).optional(),
  mode: z.enum(['online', 'offline', 'timeout', 'local']).optional(),
  reasonCode: z.string().max(64).optional(),
  source: z.string().max(64).optional(),
});
export type JournalQuery = z.input<typeof JournalQuery>;
export const JournalEntryView = z.object({
  scanId: z.string().max(64),
  at: z.number(),
  source: z.string().max(64),
  tokenHint: z.string().max(64),
  outcome: z.enum(['admit', 'stop', 'see-staff']),
  mode: z.enum(['online', 'offline', 'timeout', 'local']),
  reasonCode: z.string().max(64),
  rawStatus: z.string().max(100).optional(),
  gateResult: z.string().max(100).optional(),
});
export type JournalEntryView = z.infer<typeof JournalEntryView>;

export const LatencyStage = z.object({
  stage: z.string().max(32),
  p50: z.number(),
  p95: z.number(),
  p99: z.number(),
  n: z.number().int(),
});
export const Diagnostics = z.object({
  /** Per stage (`decide`, `journal`, `show`, `total`), in ms, over the recent scans. */
  latency: z.array(LatencyStage).max(8),
  /** Today (the kiosk's local day): admitted / stopped by reason / see-staff. */
  today: z.object({
    admitted: z.number().int(),
    stopped: z.array(z.object({ reasonCode: z.string().max(64), count: z.number().int() })).max(50),
    seeStaff: z.number().int(),
  }),
  providerReachable: z.boolean(),
  lastProviderLatencyMs: z.number().optional(),
});
export type Diagnostics = z.infer<typeof Diagnostics>;

export const Badge = z.object({
  /** The stored hash's first characters: how the screen names a badge to remove. */
  id: z.string().max(64),
  label: z.string().max(64),
  hint: z.string().max(64),
  addedAt: z.number(),
});
export type Badge = z.infer<typeof Badge>;

export const AdminAction = z.object({
  at: z.number(),
  action: z.string().max(64),
  subject: z.string().max(200).optional(),
  oldValue: z.string().max(500).optional(),
  newValue: z.string().max(500).optional(),
  outcome: z.enum(['ok', 'refused', 'failed']),
  detail: z.string().max(500).optional(),
});
export type AdminAction = z.infer<typeof AdminAction>;

export const ProvisioningState = z.object({
  /** The trusted provisioning key's id (also printed by `npm run provision`), if one is pinned. */
  keyId: z.string().max(32).optional(),
  source: z.string().max(300).optional(),
  pinnedAt: z.number().optional(),
});
export type ProvisioningState = z.infer<typeof ProvisioningState>;

export const ProvisionResult = z.object({
  ok: z.boolean(),
  message: z.string().max(300),
  errors: z.array(FieldError).max(50).optional(),
});
export type ProvisionResult = z.infer<typeof ProvisionResult>;

const session = { session: SessionToken };
const withSession = <T extends z.ZodRawShape>(shape: T) => z.object({ ...session, ...shape });
/** Settings as the screen sends them: the config with secrets as new strings or MaskedSecret. */
const ConfigDraft = z.record(z.string(), z.unknown());

/**
 * Channels of the technician's API. The first three need no session (the keypad uses them); every other
 * one takes `session` and is refused without a valid, unexpired one.
 */
export const adminChannels = {
  'admin.pin.state': { args: z.object({}), result: PinState },
  /** First start only: refused once a PIN is set. Opens a session. */
  'admin.pin.set': { args: z.object({ pin: Pin }), result: AdminSession },
  /**
   * `watch: true` opens a read-only session (status, diagnostics, journal, health, admin journal) that
   * leaves the kiosk in service: for watching a running kiosk, not for working on it.
   */
  'admin.login': { args: z.object({ pin: Pin, watch: z.boolean().optional() }), result: LoginResult },
  'admin.logout': { args: withSession({}), result: z.null() },
  'admin.pin.change': { args: withSession({ pin: Pin }), result: z.null() },
  'admin.status': { args: withSession({}), result: AdminStatus },
  'admin.settings.get': { args: withSession({}), result: SettingsView },
  /** Saves after validating; secrets given here are stored encrypted, never in config.json. */
  'admin.settings.save': { args: withSession({ config: ConfigDraft }), result: SaveResult },
  'admin.settings.testConnection': { args: withSession({ config: ConfigDraft }), result: ConnectionTest },
  /** Closes the kiosk core and starts it again from the saved configuration (the shell stays up). */
  'admin.restart': { args: withSession({}), result: z.null() },
  'admin.devices.discover': { args: withSession({}), result: DeviceDiscovery },
  'admin.devices.health': { args: withSession({}), result: z.array(DeviceHealth).max(32) },
  'admin.devices.test': {
    args: withSession({
      action: DeviceTestAction,
      timeoutMs: z.number().int().min(1000).max(60_000).optional(),
    }),
    result: DeviceTestResult,
  },
  'admin.gate.holdOpen': {
    args: withSession({ reason: z.string().min(1).max(200) }),
    result: DeviceTestResult,
  },
  'admin.gate.release': { args: withSession({}), result: DeviceTestResult },
  'admin.uploads.now': { args: withSession({}), result: DeviceTestResult },
  'admin.diagnostics': { args: withSession({}), result: Diagnostics },
  'admin.journal.query': {
    args: withSession({ query: JournalQuery }),
    result: z.array(JournalEntryView).max(200),
  },
  'admin.actions': { args: withSession({}), result: z.array(AdminAction).max(200) },
  'admin.export.config': { args: withSession({}), result: z.object({ json: z.string().max(60_000) }) },
  'admin.export.journal': { args: withSession({}), result: z.object({ csv: z.string().max(50_000_000) }) },
  /** The web shell's socket takes messages up to 64 KiB; a configuration file is a few KiB. */
  'admin.import.config': { args: withSession({ json: z.string().max(60_000) }), result: SaveResult },
  'admin.badges.list': { args: withSession({}), result: z.array(Badge).max(64) },
  /** Takes the next scan as a new admin badge (stored hashed). */
  'admin.badges.add': {
    args: withSession({
      label: z.string().min(1).max(64),
      timeoutMs: z.number().int().min(1000).max(60_000).optional(),
    }),
    result: DeviceTestResult,
  },
  'admin.badges.remove': { args: withSession({ id: z.string().min(1).max(64) }), result: z.null() },
  'admin.provisioning.state': { args: withSession({}), result: ProvisioningState },
  /** Takes the next scan as a provisioning code and applies it (configured kiosks too, with a session). */
  'admin.provisioning.scan': {
    args: withSession({ timeoutMs: z.number().int().min(1000).max(60_000).optional() }),
    result: ProvisionResult,
  },
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

/** What a read-only (watch) session may call. */
export const WATCH_CHANNELS: readonly AdminChannel[] = [
  'admin.logout',
  'admin.status',
  'admin.diagnostics',
  'admin.journal.query',
  'admin.devices.health',
  'admin.actions',
];

/** Every admin channel that needs the session token. */
export function needsSession(channel: string): boolean {
  return channel.startsWith('admin.') && !(OPEN_ADMIN_CHANNELS as readonly string[]).includes(channel);
}

type SessionArgs<C extends AdminChannel> = Omit<AdminChannelArgs<C>, 'session'>;
type Call<C extends AdminChannel> = (
  session: string,
  args: SessionArgs<C>,
) => Promise<Result<AdminChannelResult<C>>>;

/**
 * The renderer's technician API: one method per capability. Session methods take the token the keypad
 * got from `login`/`setPin` first; the renderer keeps it in memory only.
 */
export interface AdminApi {
  pinState(): Promise<Result<PinState>>;
  setPin(pin: string): Promise<Result<AdminSession>>;
  login(pin: string, watch?: boolean): Promise<Result<LoginResult>>;
  logout: Call<'admin.logout'>;
  changePin: Call<'admin.pin.change'>;
  status: Call<'admin.status'>;
  getSettings: Call<'admin.settings.get'>;
  saveSettings: Call<'admin.settings.save'>;
  testConnection: Call<'admin.settings.testConnection'>;
  restart: Call<'admin.restart'>;
  discoverDevices: Call<'admin.devices.discover'>;
  deviceHealth: Call<'admin.devices.health'>;
  testDevice: Call<'admin.devices.test'>;
  holdGateOpen: Call<'admin.gate.holdOpen'>;
  releaseGate: Call<'admin.gate.release'>;
  uploadNow: Call<'admin.uploads.now'>;
  diagnostics: Call<'admin.diagnostics'>;
  queryJournal: Call<'admin.journal.query'>;
  actions: Call<'admin.actions'>;
  exportConfig: Call<'admin.export.config'>;
  exportJournal: Call<'admin.export.journal'>;
  importConfig: Call<'admin.import.config'>;
  listBadges: Call<'admin.badges.list'>;
  addBadge: Call<'admin.badges.add'>;
  removeBadge: Call<'admin.badges.remove'>;
  provisioningState: Call<'admin.provisioning.state'>;
  scanProvisioningCode: Call<'admin.provisioning.scan'>;
}

/** Method name → channel, for the client builder (both shells). */
export const adminMethods = {
  logout: 'admin.logout',
  changePin: 'admin.pin.change',
  status: 'admin.status',
  getSettings: 'admin.settings.get',
  saveSettings: 'admin.settings.save',
  testConnection: 'admin.settings.testConnection',
  restart: 'admin.restart',
  discoverDevices: 'admin.devices.discover',
  deviceHealth: 'admin.devices.health',
  testDevice: 'admin.devices.test',
  holdGateOpen: 'admin.gate.holdOpen',
  releaseGate: 'admin.gate.release',
  uploadNow: 'admin.uploads.now',
  diagnostics: 'admin.diagnostics',
  queryJournal: 'admin.journal.query',
  actions: 'admin.actions',
  exportConfig: 'admin.export.config',
  exportJournal: 'admin.export.journal',
  importConfig: 'admin.import.config',
  listBadges: 'admin.badges.list',
  addBadge: 'admin.badges.add',
  removeBadge: 'admin.badges.remove',
  provisioningState: 'admin.provisioning.state',
  scanProvisioningCode: 'admin.provisioning.scan',
} as const satisfies Record<string, AdminChannel>;
