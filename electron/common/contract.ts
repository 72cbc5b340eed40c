/**
 * The one typed contract between the core and the renderer.
 *
 * Every channel is a name → {args, result} pair of zod schemas. The Electron preload and the web shell's
 * WebSocket bridge both carry exactly this map, and both validate at the boundary. This file is imported by
 * the renderer, so it must stay free of Node and DOM APIs.
 */
import { z } from 'zod';
import type { AdminApi } from './admin-contract.js';
import { DisplayStatus } from './display.js';

export const MAX_TOKEN_CHARS = 512;
/**
 * Largest read a screen may submit: a provisioning QR code (up to ~2.9 KB in a version-40 code) comes in
 * through the same scanner as tickets; the core refuses tickets over MAX_TOKEN_CHARS with a reason.
 */
export const MAX_SUBMIT_CHARS = 4096;

export const InputType = z.enum(['Barcode', 'NFC', 'Key', 'Swipe']);
export type InputType = z.infer<typeof InputType>;

export const BarcodeType = z.enum(['Barcode', 'QRCode']);
export type BarcodeType = z.infer<typeof BarcodeType>;
export const NfcType = z.enum(['Apple', 'Google']);
export type NfcType = z.infer<typeof NfcType>;

/** The closed set of outcomes a patron can be shown. */
export const Outcome = z.enum(['admit', 'stop', 'see-staff']);
export type Outcome = z.infer<typeof Outcome>;

/** How the decision was reached. `timeout`: the provider did not answer within the budget. */
export const DecisionMode = z.enum(['online', 'offline', 'timeout', 'local']);
export type DecisionMode = z.infer<typeof DecisionMode>;

export const SeatInfo = z.object({
  level: z.string().optional(),
  section: z.string().optional(),
  row: z.string().optional(),
  seat: z.string().optional(),
  text: z.string().optional(),
});
export type SeatInfo = z.infer<typeof SeatInfo>;

/** A scan as the renderer submits it (keyboard wedge, manual entry). Bounded before it reaches the core. */
export const ScanSubmit = z.object({
  // Above MAX_TOKEN_CHARS so over-long input reaches the core and gets a clear STOP reason, and a
  // provisioning code fits.
  token: z.string().max(MAX_SUBMIT_CHARS),
  inputType: InputType,
  barcodeType: BarcodeType.optional(),
  source: z.string().min(1).max(64),
});
export type ScanSubmit = z.infer<typeof ScanSubmit>;

/** A decided scan, pushed to the renderer for display. */
export const ScanDecided = z.object({
  scanId: z.string(),
  outcome: Outcome,
  mode: DecisionMode,
  reasonCode: z.string(),
  reasonText: z.string(),
  seat: SeatInfo.optional(),
  eventName: z.string().optional(),
  /** Masked token, for staff; never the whole token. */
  tokenHint: z.string(),
});
export type ScanDecided = z.infer<typeof ScanDecided>;

/** One device's health, as staff see it (scanner, NFC reader, gate relay). */
export const DeviceHealth = z.object({
  id: z.string().max(64),
  role: z.enum(['scanner', 'nfc', 'gate']),
  kind: z.string().max(32),
  state: z.enum(['connected', 'connecting', 'disconnected', 'fault', 'disabled']),
  lastReadAt: z.number().optional(),
  errors: z.number().int().nonnegative(),
  lastError: z.string().max(200).optional(),
  code: z.string().max(32).optional(),
  detail: z.string().max(200).optional(),
});
export type DeviceHealth = z.infer<typeof DeviceHealth>;

export const KioskStatus = z.object({
  ready: z.boolean(),
  /**
   * Set when the kiosk cannot take scans for a reason staff must fix (e.g. the ticketing system says this
   * device is not configured). The patron sees "out of service"; the kiosk keeps retrying.
   */
  outOfService: z.string().max(200).optional(),
  /**
   * A short, readable code for the out-of-service reason (`DISK-FULL`, `GATE-NOT-OFF`…), shown with it so
   * staff can look it up; the same code and text are in the log.
   */
  code: z.string().max(32).optional(),
  /** Set while the gate is held open (emergency free passage): the screen says so. */
  freePassage: z.string().max(200).optional(),
  connectivity: z.enum(['online', 'offline']),
  provider: z.string(),
  demo: z.boolean(),
  deviceName: z.string(),
  /** How long a result stays on screen before the idle screen returns. */
  resultHoldMs: z.number().int().positive(),
  wedge: z.object({
    maxGapMs: z.number().int().positive(),
    minLength: z.number().int().positive(),
    /** Accept slow, human typing ending in Enter as a "Key" scan (demo and staff use). */
    manualEntry: z.boolean(),
    /** Characters the scanner sends before / after each read (before Enter); the renderer strips them. */
    prefix: z.string().max(16).optional(),
    suffix: z.string().max(16).optional(),
  }),
  sounds: z.boolean(),
  /** Every scan source and the gate; a device in `fault`/`disconnected` shows a staff-visible notice. */
  devices: z.array(DeviceHealth).max(32),
  /** Languages, orientation, artwork and reader positions (`display.*` in the config). */
  display: DisplayStatus.optional(),
});
export type KioskStatus = z.infer<typeof KioskStatus>;

/**
 * Something staff must know about the kiosk itself (not a device): a damaged journal set aside, a full
 * disk, log lines dropped. `code` is short and stable; `message` is the same text the log has.
 */
export const StaffFault = z.object({
  code: z.string().max(32),
  message: z.string().max(300),
  /** Epoch ms when it was first seen. */
  since: z.number(),
});
export type StaffFault = z.infer<typeof StaffFault>;

/** What the tech's admin screen shows: mode, queue, reference data, recent scans. */
export const AdminStatus = z.object({
  provider: z.string(),
  connectivity: z.enum(['online', 'offline']),
  /** Epoch ms of the last switch between online and offline. */
  since: z.number(),
  reason: z.string().optional(),
  offlinePolicy: z.string(),
  pendingUploads: z.number().int().nonnegative(),
  uploaded: z.number().int().nonnegative(),
  deadLetters: z.array(z.object({ scanId: z.string(), tokenHint: z.string(), reason: z.string() })).max(50),
  referenceSyncedAt: z.number().optional(),
  eventsCached: z.number().int().nonnegative(),
  ticketsCached: z.number().int().nonnegative(),
  /** What the uploader is doing; a batch the server keeps failing stays visible here, never dropped. */
  upload: z.object({
    state: z.enum(['idle', 'uploading', 'backing-off', 'waiting-for-provider', 'offline', 'not-supported']),
    /** Failed uploads in a row. */
    failures: z.number().int().nonnegative(),
    lastError: z.string().max(200).optional(),
    /** Epoch ms of the next attempt while backing off. */
    nextAttemptAt: z.number().optional(),
  }),
  devices: z.array(DeviceHealth).max(32),
  /** Scans refused because too many were already in flight (a flood of input, never a real queue). */
  shedScans: z.number().int().nonnegative(),
  /** The kiosk's own faults and notices (storage, journal, log), newest last. */
  faults: z.array(StaffFault).max(16).optional(),
  recentScans: z
    .array(
      z.object({
        scanId: z.string(),
        at: z.number(),
        outcome: Outcome,
        mode: DecisionMode,
        reasonCode: z.string(),
        rawStatus: z.string().optional(),
        tokenHint: z.string(),
      }),
    )
    .max(50),
});
export type AdminStatus = z.infer<typeof AdminStatus>;

export type Result<T> = { ok: true; value: T } | { ok: false; error: string };

/** Request/response channels: renderer → core. */
export const channels = {
  'scan.submit': { args: ScanSubmit, result: z.object({ accepted: z.boolean() }) },
  'scan.shown': { args: z.object({ scanId: z.string().max(64) }), result: z.null() },
  'kiosk.status': { args: z.object({}), result: KioskStatus },
} as const;
export type Channel = keyof typeof channels;
export type ChannelArgs<C extends Channel> = z.infer<(typeof channels)[C]['args']>;
export type ChannelResult<C extends Channel> = z.infer<(typeof channels)[C]['result']>;

/** The gate pulsed for an admitted scan (the screen shows the turnstile released). */
export const GateOpened = z.object({
  scanId: z.string().max(64),
  channel: z.number().int().nonnegative(),
  ms: z.number().int().nonnegative(),
});
export type GateOpened = z.infer<typeof GateOpened>;

/** Push events: core → renderer. */
export const events = {
  'scan.decided': ScanDecided,
  'kiosk.status': KioskStatus,
  'gate.opened': GateOpened,
  /** An admin badge was scanned: the screen opens the technician's keypad. */
  'admin.requested': z.object({ via: z.enum(['badge']) }),
} as const;
export type EventName = keyof typeof events;
export type EventPayload<E extends EventName> = z.infer<(typeof events)[E]>;

/**
 * What the renderer sees, whichever shell hosts it. The Electron preload exposes it as `window.gatepost`;
 * in the web shell the renderer builds it over the WebSocket bridge. One method per capability; every
 * subscription returns its unsubscribe function.
 */
export interface GatepostApi {
  submitScan(scan: ScanSubmit): Promise<Result<ChannelResult<'scan.submit'>>>;
  markShown(scanId: string): Promise<Result<null>>;
  getStatus(): Promise<Result<KioskStatus>>;
  onAdminRequested(listener: () => void): () => void;
  /** The technician's console; every method but the keypad's needs the session token. */
  admin: AdminApi;
  onScanDecided(listener: (scan: ScanDecided) => void): () => void;
  onStatus(listener: (status: KioskStatus) => void): () => void;
  onGateOpened(listener: (gate: GateOpened) => void): () => void;
}

/** Web-shell wire format (JSON over WebSocket). */
export const WireRequest = z.object({
  id: z.number().int().nonnegative(),
  channel: z.string().max(64),
  args: z.unknown(),
});
export type WireRequest = z.infer<typeof WireRequest>;

export const WireMessage = z.union([
  z.object({
    kind: z.literal('reply'),
    id: z.number().int().nonnegative(),
    result: z.union([
      z.object({ ok: z.literal(true), value: z.unknown() }),
      z.object({ ok: z.literal(false), error: z.string() }),
    ]),
  }),
  z.object({ kind: z.literal('event'), event: z.string(), payload: z.unknown() }),
]);
export type WireMessage = z.infer<typeof WireMessage>;

export function isChannel(name: string): name is Channel {
  return Object.hasOwn(channels, name);
}
export function isEventName(name: string): name is EventName {
  return Object.hasOwn(events, name);
}
