import type { CardFailure, CardFailureCode } from '../../../native/nfc/read-result.js';
import {
  PcscReaderProcess,
  type ReaderLayerState,
  type ReadMessage,
} from '../../../native/nfc/reader-process.js';
import type { ReaderSettings } from '../../../native/nfc/worker-protocol.js';
import type { Logger } from '../logger.js';
import type { ReadFailure, ScanInput } from '../scan/scan-input.js';
import type { DeviceHealth } from './device-health.js';
import type { NfcConfig } from './nfc-config.js';
import {
  loadConfiguredKeys,
  mergeKeys,
  parseProviderKeys,
  type AppleKey,
  type GoogleKey,
} from './nfc-keys.js';
import type { ScanSource } from './scan-source.js';

/**
 * A tap that produced no token: a pass that could not be read (no key for it, decrypt failed, stale) or a
 * tap to repeat (card left the field). The pipeline shows STOP "pass could not be read" (or "please tap
 * again") and journals `reason` for staff; it never goes to the provider.
 */
export interface NfcReadFailure {
  source: string;
  reader: string;
  receivedAt: number;
  inputType: 'NFC';
  nfcType?: 'Apple' | 'Google';
  code: CardFailureCode;
  /** Staff-visible: which key id / pass type id / status word; never key material. */
  reason: string;
  patronMessage: 'pass-unreadable' | 'tap-again';
}

/** What a read cost, for the benchmark: reader APDU round trips apart from the rest. */
export interface NfcReadTiming {
  reader: string;
  ok: boolean;
  apdus: number;
  apduMs: number;
  ageMs: number;
}

export interface NfcScanSourceOptions {
  config: NfcConfig;
  /** The kiosk clock (epoch ms); reads are stamped with it at the moment the card was seen. */
  clock?: () => number;
  logger?: Pick<Logger, 'info' | 'warn' | 'error'>;
  id?: string;
  /** Test/bench seams: worker entry, pcscd socket, back-off. */
  workerEntry?: string;
  socketPath?: string;
  heartbeatTimeoutMs?: number;
  backoffMinMs?: number;
  backoffMaxMs?: number;
  pcscModule?: string;
  readFile?: (path: string) => Promise<string>;
}

const NFC_TYPE = { apple: 'Apple', google: 'Google' } as const;
const SYMBOLOGY = {
  apple: 'apple-vas',
  google: 'google-smart-tap',
  uid: 'nfc-uid',
  'ndef-text': 'nfc-ndef-text',
  'ndef-uri': 'nfc-ndef-uri',
} as const;

/**
 * The NFC reader(s) as one scan source: PC/SC in a supervised child process (native/nfc), wallet passes
 * and plain cards decoded there, reads stamped here with the kiosk clock at the moment the card was seen.
 * Never stalls the kiosk, never throws for absent hardware: that is health.
 */
export class NfcScanSource implements ScanSource {
  readonly id: string;
  private readonly clock: () => number;
  private readonly healthListeners = new Set<(h: DeviceHealth) => void>();
  private readonly failureListeners = new Set<(f: NfcReadFailure) => void>();
  private readonly timingListeners = new Set<(t: NfcReadTiming) => void>();
  private readonly cardListeners = new Set<(reader: string, present: boolean) => void>();
  private readonly readerStates = new Map<string, DeviceHealth>();
  private current: DeviceHealth;
  private layer: ReaderLayerState = { state: 'starting' };
  private process: PcscReaderProcess | undefined;
  private configuredKeys: { apple: AppleKey[]; google: GoogleKey[] } = { apple: [], google: [] };
  private providerKeys: { apple: AppleKey[]; google: GoogleKey[] } = { apple: [], google: [] };
  private keyProblems: string[] = [];
  private errors = 0;
  private lastReadAt: number | undefined;
  private emit: ((read: ScanInput) => void) | undefined;

  constructor(private readonly opts: NfcScanSourceOptions) {
    this.id = opts.id ?? 'nfc';
    this.clock = opts.clock ?? Date.now;
    this.current = {
      id: this.id,
      role: 'nfc',
      kind: 'pcsc',
      state: opts.config.enabled ? 'connecting' : 'disabled',
      errors: 0,
    };
  }

  health(): DeviceHealth {
    return { ...this.current };
  }

  onHealth(listener: (health: DeviceHealth) => void): () => void {
    this.healthListeners.add(listener);
    return () => this.healthListeners.delete(listener);
  }

  /** Reads that produced no token (see NfcReadFailure). Returns the unsubscribe function. */
  onReadFailure(listener: (failure: NfcReadFailure) => void): () => void {
    this.failureListeners.add(listener);
    return () => this.failureListeners.delete(listener);
  }

  /** Every read's timing (reader APDU share apart); for the benchmark and diagnostics. */
  onReadTiming(listener: (timing: NfcReadTiming) => void): () => void {
    this.timingListeners.add(listener);
    return () => this.timingListeners.delete(listener);
  }

  /** A card entering (`present`) or leaving a reader's field, as pcscd sees it. */
  onCardPresence(listener: (reader: string, present: boolean) => void): () => void {
    this.cardListeners.add(listener);
    return () => this.cardListeners.delete(listener);
  }

  /** One health entry per reader seen (id `nfc:<reader name>`), for the technician's screen. */
  parts(): DeviceHealth[] {
    return this.readerHealth();
  }

  readerHealth(): DeviceHealth[] {
    return [...this.readerStates.values()].map((h) => ({ ...h }));
  }

  async start(
    emit: (read: ScanInput) => void,
    signal: AbortSignal,
    fail?: (failure: ReadFailure) => void,
  ): Promise<void> {
    if (!this.opts.config.enabled || this.process || signal.aborted) return;
    this.emit = emit;
    if (fail) this.failureListeners.add(fail);
    const loaded = await loadConfiguredKeys(this.opts.config, this.opts.readFile);
    this.configuredKeys = { apple: loaded.apple, google: loaded.google };
    this.noteKeyProblems(loaded.problems);
    this.process = new PcscReaderProcess({
      ...(this.opts.workerEntry && { workerEntry: this.opts.workerEntry }),
      ...(this.opts.socketPath && { socketPath: this.opts.socketPath }),
      ...(this.opts.heartbeatTimeoutMs && { heartbeatTimeoutMs: this.opts.heartbeatTimeoutMs }),
      ...(this.opts.backoffMinMs && { backoffMinMs: this.opts.backoffMinMs }),
      ...(this.opts.backoffMaxMs && { backoffMaxMs: this.opts.backoffMaxMs }),
      ...(this.opts.pcscModule && { pcscModule: this.opts.pcscModule }),
      onRead: (m) => this.onRead(m),
      onState: (s) => this.onLayerState(s),
      onReader: (name, state, message) => this.onReader(name, state, message),
      onCard: (reader, present) => {
        for (const l of this.cardListeners) l(reader, present);
      },
      onDiagnostic: (message) => this.opts.logger?.warn({ device: this.id }, message),
    });
    this.process.configure(this.settings());
    this.process.start();
    signal.addEventListener('abort', () => void this.close(), { once: true });
  }

  /** Stops the reader process (also what aborting `start`'s signal does). */
  async close(): Promise<void> {
    const p = this.process;
    this.process = undefined;
    if (p) await p.stop();
  }

  /**
   * Keys from the provider's reference data (Entry V1 Get Events `nfcKeys`), used alongside the configured
   * ones; replaces the previous provider keys. Returns counts and problems (no key material).
   */
  setProviderKeys(nfcKeys: unknown): { apple: number; google: number; problems: string[] } {
    const parsed = parseProviderKeys(nfcKeys);
    this.providerKeys = { apple: parsed.apple, google: parsed.google };
    this.noteKeyProblems(parsed.problems);
    this.process?.configure(this.settings());
    return { apple: parsed.apple.length, google: parsed.google.length, problems: parsed.problems };
  }

  private settings(): ReaderSettings {
    const c = this.opts.config;
    const merged = mergeKeys(
      [...this.configuredKeys.apple, ...this.providerKeys.apple],
      [...this.configuredKeys.google, ...this.providerKeys.google],
    );
    return {
      readers: c.readers,
      uidAsToken: c.uidAsToken,
      ndefAsToken: c.ndefAsToken,
      freshnessSeconds: c.freshnessSeconds,
      apduTimeoutMs: c.apduTimeoutMs,
      acr122Ecp: c.acr122Ecp,
      apple: merged.apple,
      google: merged.google,
    };
  }

  private noteKeyProblems(problems: string[]): void {
    if (problems.length === 0) return;
    this.keyProblems = problems;
    this.errors += problems.length;
    for (const p of problems) this.opts.logger?.warn({ device: this.id }, `NFC key skipped: ${p}`);
    this.publish();
  }

  private onRead(m: ReadMessage): void {
    // Whole ms: the journal stores epoch ms as integers.
    const receivedAt = Math.round(this.clock() - m.ageMs);
    for (const l of this.timingListeners)
      l({ reader: m.reader, ok: m.read.ok, apdus: m.apdus, apduMs: m.apduMs, ageMs: m.ageMs });
    const read = m.read;
    if (read.ok) {
      this.lastReadAt = receivedAt;
      const reader = this.readerStates.get(m.reader);
      if (reader) reader.lastReadAt = receivedAt;
      const input: ScanInput = {
        token: read.token,
        inputType: 'NFC',
        symbology: SYMBOLOGY[read.kind],
        source: this.id,
        receivedAt,
      };
      if (read.kind === 'apple' || read.kind === 'google') input.nfcType = NFC_TYPE[read.kind];
      this.opts.logger?.info(
        { device: this.id, reader: m.reader, kind: read.kind, detail: read.detail, apdus: m.apdus },
        'NFC read',
      );
      this.emit?.(input);
      this.publish();
      return;
    }
    this.onFailure(m.reader, receivedAt, read);
  }

  private onFailure(reader: string, receivedAt: number, read: CardFailure): void {
    if (read.code === 'NFC-BAD-REPLY') {
      this.errors++;
      this.current.lastError = read.reason;
    }
    const failure: NfcReadFailure = {
      source: this.id,
      reader,
      receivedAt,
      inputType: 'NFC',
      code: read.code,
      reason: read.reason,
      patronMessage: read.tapAgain ? 'tap-again' : 'pass-unreadable',
    };
    if (read.kind === 'apple' || read.kind === 'google') failure.nfcType = NFC_TYPE[read.kind];
    this.opts.logger?.info(
      { device: this.id, reader, code: read.code, reason: read.reason },
      'NFC read failed',
    );
    for (const l of this.failureListeners) l(failure);
    this.publish();
  }

  private onReader(
    name: string,
    state: 'attached' | 'detached' | 'ignored' | 'error',
    message?: string,
  ): void {
    if (state === 'ignored') return;
    const h = this.readerStates.get(name) ?? {
      id: `${this.id}:${name}`,
      role: 'nfc' as const,
      kind: 'pcsc',
      state: 'connecting' as const,
      errors: 0,
      detail: name,
    };
    if (state === 'attached') h.state = 'connected';
    if (state === 'detached') h.state = 'disconnected';
    if (state === 'error') {
      h.errors++;
      this.errors++;
      if (message) h.lastError = message;
    }
    this.readerStates.set(name, h);
    this.publish();
  }

  private onLayerState(s: ReaderLayerState): void {
    if (s.state === 'restarting') {
      this.errors++;
      this.opts.logger?.warn({ device: this.id }, `NFC reader process restarting: ${s.message}`);
    }
    if (s.state === 'lib-missing') this.opts.logger?.error({ device: this.id }, s.message);
    this.layer = s;
    this.publish();
  }

  private publish(): void {
    const next: DeviceHealth = {
      id: this.id,
      role: 'nfc',
      kind: 'pcsc',
      state: 'connecting',
      errors: this.errors,
    };
    if (this.lastReadAt !== undefined) next.lastReadAt = this.lastReadAt;
    const s = this.layer;
    switch (s.state) {
      case 'starting':
        break;
      case 'running': {
        const readers = [...this.readerStates.values()]
          .filter((r) => r.state === 'connected')
          .map((r) => r.detail ?? r.id);
        next.state = readers.length > 0 ? 'connected' : 'disconnected';
        if (readers.length > 0) next.detail = readers.join(', ');
        else next.code = 'NFC-NO-READER';
        break;
      }
      case 'pcscd-down':
        next.state = 'disconnected';
        next.code = 'NFC-PCSCD-DOWN';
        next.lastError = s.message;
        break;
      case 'restarting':
        next.state = 'connecting';
        next.lastError = s.message;
        break;
      case 'lib-missing':
        next.state = 'fault';
        next.code = 'NFC-NO-PCSC-LIB';
        next.lastError = s.message;
        break;
      case 'stopped':
        next.state = 'disconnected';
        break;
    }
    if (!next.lastError && this.current.lastError) next.lastError = this.current.lastError;
    if (!next.lastError && this.keyProblems.length > 0) next.lastError = this.keyProblems.join('; ');
    const changed = JSON.stringify(next) !== JSON.stringify(this.current);
    this.current = next;
    if (changed) for (const l of this.healthListeners) l({ ...next });
  }
}
