import type {
  GatepostApi,
  GateOpened,
  KioskStatus,
  Result,
  ScanDecided,
  ScanSubmit,
} from '../../electron/common/contract';
import type { AdminApi } from '../../electron/common/admin-contract';

/** A ready, online kiosk with nothing configured beyond the defaults; tests override what they need. */
export function kioskStatus(overrides: Partial<KioskStatus> = {}): KioskStatus {
  return {
    ready: true,
    connectivity: 'online',
    provider: 'entry-v1',
    demo: false,
    deviceName: 'Test kiosk',
    resultHoldMs: 3000,
    wedge: { maxGapMs: 60, minLength: 4, manualEntry: false },
    sounds: false,
    devices: [],
    ...overrides,
  };
}

/**
 * The renderer's view of a kiosk, in memory, for component tests that need to drive time (hold and
 * abandonment timers) without a core. Records what the screen sends; `emit*` push what the core would.
 * The e2e suites run the same screens against the real core.
 */
export class FakeKioskApi implements GatepostApi {
  readonly submitted: ScanSubmit[] = [];
  readonly shown: string[] = [];
  private readonly statusListeners = new Set<(s: KioskStatus) => void>();
  private readonly decisionListeners = new Set<(d: ScanDecided) => void>();
  private readonly gateListeners = new Set<(g: GateOpened) => void>();

  constructor(private status: KioskStatus = kioskStatus()) {}

  emitStatus(status: KioskStatus): void {
    this.status = status;
    for (const listener of this.statusListeners) listener(status);
  }

  emitDecision(decision: ScanDecided): void {
    for (const listener of this.decisionListeners) listener(decision);
  }

  submitScan(scan: ScanSubmit): Promise<Result<{ accepted: boolean }>> {
    this.submitted.push(scan);
    return Promise.resolve({ ok: true, value: { accepted: true } });
  }

  markShown(scanId: string): Promise<Result<null>> {
    this.shown.push(scanId);
    return Promise.resolve({ ok: true, value: null });
  }

  getStatus(): Promise<Result<KioskStatus>> {
    return Promise.resolve({ ok: true, value: this.status });
  }

  /** The technician's API is not part of the patron screens' tests: every call is refused. */
  readonly admin = new Proxy(
    {},
    { get: () => () => Promise.resolve({ ok: false, error: 'not in this fake' }) },
  ) as AdminApi;

  private readonly adminRequests = new Set<() => void>();

  /** An admin badge scanned at the patron screen (the core's `admin.requested`). */
  emitAdminRequested(): void {
    for (const listener of this.adminRequests) listener();
  }

  onAdminRequested(listener: () => void): () => void {
    this.adminRequests.add(listener);
    return () => this.adminRequests.delete(listener);
  }

  onScanDecided(listener: (scan: ScanDecided) => void): () => void {
    this.decisionListeners.add(listener);
    return () => this.decisionListeners.delete(listener);
  }

  onStatus(listener: (status: KioskStatus) => void): () => void {
    this.statusListeners.add(listener);
    return () => this.statusListeners.delete(listener);
  }

  onGateOpened(listener: (gate: GateOpened) => void): () => void {
    this.gateListeners.add(listener);
    return () => this.gateListeners.delete(listener);
  }
}
