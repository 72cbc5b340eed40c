import type { Outcome, SeatInfo } from '../../common/contract.js';
import type { NormalisedScan } from '../scan/scan-input.js';

/** The providers a venue can choose. */
export const PROVIDER_KINDS = ['entry-v1', 'presence', 'vivenu', 'passcreator', 'walletthat'] as const;
export type ProviderKind = (typeof PROVIDER_KINDS)[number];

/** What a provider answered for one scan. `rawStatus`/`reasonCode` are kept verbatim for the journal. */
export interface ProviderDecision {
  outcome: Outcome;
  /** The provider's own status, e.g. Entry V1 `Admit`/`Stop`, Presence `ALREADY_ENTERED`. Shown to staff. */
  rawStatus: string;
  reasonCode: string;
  /** Text the patron (or staff) can read. */
  reasonText: string;
  seat?: SeatInfo;
  eventName?: string;
  eventId?: string;
  /** The provider's id for the ticket, when it has one (vivenu ticket id, Passcreator pass uid, …). */
  ticketId?: string;
  /**
   * The server says this is the same scan sent again (Presence `DUPLICATE`: same ticket within 2 s).
   * The core treats it as a re-read of the earlier scan, not a denial.
   */
  serverReread?: boolean;
  /** The local rule that decided (local checks only, e.g. `state:already-inside`). */
  rule?: string;
}

export interface ValidateContext {
  /** Aborted when the scan's decision budget runs out; every call made for the scan must honour it. */
  signal: AbortSignal;
  /** Called with each request id sent (e.g. Entry V1 `PAC-Request-Id`), so the journal can keep them. */
  onRequestId(id: string): void;
}

/** Reference data for offline decisions, synced while online. */
export interface ReferenceData {
  events: ReferenceEvent[];
  /** Ticket lists, where the provider offers them (vivenu download, Passcreator scans…). */
  tickets?: ReferenceTicket[];
  /**
   * The ticket list as it arrives, chunk by chunk (one page of a paged download each), instead of
   * `tickets`: the kiosk stores each chunk and lets it go, so a list of 1,000,000 tickets never sits in
   * memory at once (ReferenceStore.sync). Iterated once; an error part-way fails the sync and leaves the
   * previous data in place.
   */
  ticketChunks?: AsyncIterable<ReferenceTicket[]>;
  /** NFC wallet keys (Entry V1 Get Events). Kept opaque here; the NFC issue interprets them. */
  nfcKeys?: unknown;
  /** Access rules of this checkpoint that offline decisions must enforce (Entry V1 special areas). */
  rules?: AccessRules;
}

export interface AccessRules {
  /** How many entries one ticket may make (re-entry after exit counts again). */
  maxEntriesPerTicket?: number;
  /** How many people may be inside at once. */
  maxCapacity?: number;
  /** A ticket must exit before it may enter again. */
  requireEntryExit?: boolean;
  /** IANA zone of the venue, for reading offset-less scan windows. */
  venueTimeZone?: string;
}

export interface ReferenceEvent {
  eventId: string;
  name: string;
  /** ISO date-times as the provider gives them; `timeZone` (IANA) says how to read offset-less ones. */
  start?: string;
  end?: string;
  scanStart?: string;
  scanEnd?: string;
  timeZone?: string;
  /** Barcode masks: wildcard (`?` = any one character) or regular-expression forms. */
  barcodeMasks?: string[];
}

export interface ReferenceTicket {
  token: string;
  eventId?: string;
  ticketId?: string;
  /** e.g. VALID, INVALID, voided. */
  status?: string;
  seat?: SeatInfo;
}

/** A scan decided while offline (or recorded for the provider), as uploaded later. */
export interface OfflineScanRecord {
  /** The scan's nonce: uploads are idempotent on it. */
  scanId: string;
  token: string;
  inputType: 'Barcode' | 'NFC' | 'Key' | 'Swipe';
  barcodeType?: 'Barcode' | 'QRCode';
  nfcType?: 'Apple' | 'Google';
  /** Epoch ms when the patron scanned. */
  scannedAt: number;
  outcome: Outcome;
  direction: 'entry' | 'exit';
  /** The event the scan was decided against, or the one whose scan window held it. */
  eventId?: string;
  /**
   * What an upload needs, captured when the scan was decided, so an upload never depends on state the
   * provider fills in later (a kiosk rebooted during an outage uploads before its next sync).
   */
  event?: UploadEvent;
  /** The venue's IANA time zone at decision time (scan times are written in it). */
  timeZone?: string;
}

/** The synced event a scan belongs to, as it was when the scan was decided. */
export interface UploadEvent {
  eventId: string;
  name?: string;
  start?: string;
  end?: string;
}

export interface UploadResult {
  /** Scan ids the server acknowledged (including ones it already had). */
  accepted: string[];
  /** Scan ids the server refused for their content; they go to a dead-letter list, never silently dropped. */
  rejected: { scanId: string; reason: string }[];
  /**
   * Scans the provider could not send yet for its own reasons (no event list, no session): they stay
   * pending and are retried with back-off, the reason shown to staff. Never a dead letter: only the server
   * refuses a scan.
   */
  deferred?: { scanId: string; reason: string }[];
}

export interface HeartbeatStatus {
  /** Epoch ms, device clock. */
  deviceTime: number;
  pendingUploads: number;
  mode: 'online' | 'offline';
}

export interface TicketLookup {
  token: string;
  found: boolean;
  eventName?: string;
  eventId?: string;
  status?: string;
  seat?: SeatInfo;
  holderName?: string;
  history?: { at: string; outcome: string; where?: string }[];
}

/**
 * One check interface for every ticketing API (pretix's TicketCheckProvider shape). `configure` and
 * `validate` are required; the rest are capabilities the core asks about (`capabilitiesOf`).
 */
export interface TicketCheckProvider {
  readonly name: ProviderKind | string;
  /**
   * Session / device registration, and whatever the provider needs before the first scan. The kiosk does
   * not scan until it succeeds; it retries with back-off. Throw `ProviderNotConfiguredError` when the
   * server says this device is not set up (the kiosk then shows "out of service").
   */
  configure(signal: AbortSignal): Promise<void>;
  validate(scan: NormalisedScan, ctx: ValidateContext): Promise<ProviderDecision>;
  /** Post-admission action (e.g. mark a wallet pass redeemed, record the scan). Runs after the gate acts. */
  afterAdmit?(scan: NormalisedScan, decision: ProviderDecision, signal: AbortSignal): Promise<void>;
  syncReference?(signal: AbortSignal): Promise<ReferenceData>;
  /**
   * The reference data comes from the kiosk's own configuration (Presence's local rules), not the API:
   * the kiosk syncs it before the first `configure`, so a kiosk that boots while the API is down can
   * still decide offline.
   */
  readonly referenceIsLocal?: boolean;
  /** Idempotent on `scanId`: re-sending a batch after a lost reply creates no duplicates. */
  uploadOffline?(batch: OfflineScanRecord[], signal: AbortSignal): Promise<UploadResult>;
  /** Largest batch `uploadOffline` accepts (Entry V1: 100). */
  readonly maxUploadBatch?: number;
  heartbeat?(status: HeartbeatStatus, signal: AbortSignal): Promise<void>;
  lookup?(token: string, signal: AbortSignal): Promise<TicketLookup>;
  close(): Promise<void>;
}

export type ProviderCapability = 'afterAdmit' | 'syncReference' | 'uploadOffline' | 'heartbeat' | 'lookup';

export function capabilitiesOf(provider: TicketCheckProvider): ProviderCapability[] {
  const all: ProviderCapability[] = ['afterAdmit', 'syncReference', 'uploadOffline', 'heartbeat', 'lookup'];
  return all.filter((c) => typeof provider[c] === 'function');
}

/** A provider answer that could not be understood (bad JSON, wrong types, unexpected status). */
export class ProviderProtocolError extends Error {
  constructor(
    message: string,
    readonly httpStatus?: number,
  ) {
    super(message);
    this.name = 'ProviderProtocolError';
  }
}

/** The provider could not be reached or refused service (network error, 5xx, auth failure). */
export class ProviderUnavailableError extends Error {
  constructor(
    message: string,
    readonly httpStatus?: number,
  ) {
    super(message);
    this.name = 'ProviderUnavailableError';
  }
}

/** The server says this device is not configured (e.g. Presence `device/init` refused): out of service. */
export class ProviderNotConfiguredError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ProviderNotConfiguredError';
  }
}
