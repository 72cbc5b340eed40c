import { EventEmitter } from 'node:events';
import type { StaffFault } from '../../common/contract.js';
import type { Db } from './database.js';
import { storageFaultOf } from './storage-fault.js';

/** Bytes the recovery probe writes: more than one page, so WAL slack alone does not make it pass. */
const PROBE_BYTES = 256 * 1024;

export interface JournalGuardOptions {
  /** Named in the staff messages. */
  dataDir: string;
  /** While faulted, how often to try writing again. Default 1 s. */
  probeMs?: number;
  now?: () => number;
  /**
   * Runs first in every probe, inside its transaction (the recorder writes the refusals it could not
   * journal while the disk was full). Throws if the journal still cannot be written. What it returns is
   * called once the probe has committed (the recorder forgets what it wrote only then).
   */
  beforeProbe?: () => (() => void) | void;
  /**
   * The journal reported damage: no probe can clear that (the next start sets the file aside), so the
   * caller leaves a note for that start (see openJournal's damage marker).
   */
  onDamage?: () => void;
}

interface GuardEvents {
  change: [StaffFault | undefined];
}

/**
 * Watches the journal's writes. When one fails for a storage reason (disk full, read-only, I/O error,
 * damage), the kiosk goes out of service with a code at once — no scan is sent to the provider that could
 * not be journaled, no patron waits on a frozen screen — and a probe writes to the journal every `probeMs`
 * until it works again, then the kiosk resumes by itself.
 */
export class JournalGuard extends EventEmitter<GuardEvents> {
  private current: StaffFault | undefined;
  private timer: NodeJS.Timeout | undefined;
  private stopped = false;
  private readonly now: () => number;
  private readonly probeMs: number;

  constructor(
    private readonly db: Db,
    private readonly opts: JournalGuardOptions,
  ) {
    super();
    this.now = opts.now ?? Date.now;
    this.probeMs = opts.probeMs ?? 1000;
  }

  /** The storage fault in force, if any. */
  get fault(): StaffFault | undefined {
    return this.current;
  }

  /**
   * Tells the guard a journal write failed. Returns the fault when `err` is a storage error (the kiosk is
   * now out of service); undefined for anything else, which stays the caller's problem.
   */
  failed(err: unknown): StaffFault | undefined {
    const info = storageFaultOf(err, this.opts.dataDir);
    if (!info) return undefined;
    // Damage outranks the rest: only a restart clears it.
    if (this.current?.code === 'JOURNAL-DAMAGED') return this.current;
    if (this.current?.code !== info.code) {
      this.current = { ...info, since: this.current?.since ?? this.now() };
      this.emit('change', this.current);
    }
    if (info.code === 'JOURNAL-DAMAGED') {
      clearTimeout(this.timer);
      this.timer = undefined;
      this.opts.onDamage?.();
      return this.current;
    }
    this.schedule();
    return this.current;
  }

  stop(): void {
    this.stopped = true;
    clearTimeout(this.timer);
  }

  /** One recovery attempt now (the timer calls it; tests may too). True when the journal writes again. */
  probe(): boolean {
    if (!this.current) return true;
    if (this.current.code === 'JOURNAL-DAMAGED') return false;
    // What beforeProbe wrote counts only once the whole probe has committed: the probe's own write may
    // still fail on a disk that is nearly full, and its rollback takes the earlier writes with it.
    let committed: (() => void) | void = undefined;
    try {
      this.db.transaction(() => {
        committed = this.opts.beforeProbe?.();
        this.db.prepare('INSERT INTO wal_prealloc (b) VALUES (zeroblob(?))').run(PROBE_BYTES);
        this.db.prepare('DELETE FROM wal_prealloc').run();
      })();
      (committed as (() => void) | void)?.();
    } catch (err) {
      const info = storageFaultOf(err, this.opts.dataDir);
      if (info && info.code !== this.current.code) {
        this.current = { ...info, since: this.current.since };
        this.emit('change', this.current);
      }
      return false;
    }
    this.current = undefined;
    clearTimeout(this.timer);
    this.timer = undefined;
    this.emit('change', undefined);
    return true;
  }

  private schedule(): void {
    if (this.stopped || this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      if (!this.probe()) this.schedule();
    }, this.probeMs);
    this.timer.unref();
  }
}
