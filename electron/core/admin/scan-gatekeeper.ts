import type { ScanInput } from '../scan/scan-input.js';
import { isProvisioningCode } from '../provisioning/provisioning-code.js';
import type { AdminSessions } from './admin-sessions.js';
import type { BadgeBook } from './badge-book.js';

/** What happens to one read before the pipeline. */
export type GateVerdict = 'decide' | 'taken' | 'maintenance';

/** Sees every read before the scan pipeline (see Kiosk `gatekeeper`). */
export interface ScanGatekeeper {
  screen(read: ScanInput): GateVerdict;
  /** Set while the patron side must show out-of-service (a technician is logged in). */
  outOfService(): { reason: string; code: string } | undefined;
}

interface Capture {
  accepts: (read: ScanInput) => boolean;
  resolve: (read: ScanInput | undefined) => void;
  timer: NodeJS.Timeout;
}

/**
 * The technician console's gatekeeper. Order matters:
 *  1. a pending capture ("read one scan", "add badge", "scan provisioning code") takes the next read;
 *  2. a provisioning code is never a ticket (it holds credentials): it never reaches the journal;
 *  3. an admin badge opens the keypad (only while nobody is logged in);
 *  4. while a technician is logged in, everything else is refused, not decided.
 */
export class ConsoleGatekeeper implements ScanGatekeeper {
  private capture: Capture | undefined;

  constructor(
    private readonly deps: {
      sessions: AdminSessions;
      badges: BadgeBook;
      onBadge: () => void;
      onProvisioningCode: (code: string) => void;
    },
  ) {}

  screen(read: ScanInput): GateVerdict {
    const capture = this.capture;
    if (capture?.accepts(read)) {
      this.capture = undefined;
      clearTimeout(capture.timer);
      capture.resolve(read);
      return 'taken';
    }
    const token = read.token.trim();
    if (isProvisioningCode(token)) {
      this.deps.onProvisioningCode(token);
      return 'taken';
    }
    const active = this.deps.sessions.active;
    if (!active && this.deps.badges.matches(token)) {
      this.deps.onBadge();
      return 'taken';
    }
    return active ? 'maintenance' : 'decide';
  }

  outOfService(): { reason: string; code: string } | undefined {
    return this.deps.sessions.active
      ? { reason: 'A technician is working on this kiosk', code: 'ADMIN-OPEN' }
      : undefined;
  }

  /**
   * The next read `accepts` takes (from any source), or undefined after `timeoutMs`. One capture at a
   * time: a new one ends the previous one with undefined.
   */
  captureNext(accepts: (read: ScanInput) => boolean, timeoutMs: number): Promise<ScanInput | undefined> {
    this.cancelCapture();
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        if (this.capture?.timer === timer) this.capture = undefined;
        resolve(undefined);
      }, timeoutMs);
      this.capture = { accepts, resolve, timer };
    });
  }

  cancelCapture(): void {
    const capture = this.capture;
    this.capture = undefined;
    if (capture) {
      clearTimeout(capture.timer);
      capture.resolve(undefined);
    }
  }
}
