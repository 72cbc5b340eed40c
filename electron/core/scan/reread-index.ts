import { BoundedMap } from '../bounded-map.js';
import type { Decision } from '../decision/decision.js';

/** A scan the index knows: its id, when it was read, and its decision once there is one. */
export interface IndexedScan {
  scanId: string;
  source: string;
  at: number;
  /** Settles with the decision shown for the scan, or undefined if the pipeline failed on it. */
  decided: Promise<Decision | undefined>;
}

export type Claim =
  | { kind: 'repeat'; of: IndexedScan }
  /** `previous`: the scan of the same token registered before this one (a server may call it a re-read). */
  | { kind: 'new'; previous?: Pick<IndexedScan, 'scanId' | 'decided'> };

export interface RereadWindows {
  /** The same token from the same source inside this window repeats the first read (held scanner). */
  sameSourceMs: number;
  /**
   * The same token from a different source inside this window is the same physical read (one engine
   * wired as both a keyboard wedge and a serial port; two readers on one pedestal).
   */
  crossSourceMs: number;
}

/**
 * The kiosk's one re-read index. A scanner held over a ticket reports it again and again, a patron taps
 * twice, one engine can reach the kiosk by two paths: each such read repeats the first scan and is
 * journaled against it, never decided (or sent to the provider, or the gate) again. Reads register here
 * before they are decided, so a repeat that arrives while the first is still being decided waits for that
 * decision rather than racing it. It also answers "what did we last decide for this token" for a server
 * that reports a re-read (Presence `DUPLICATE`). Bounded: the oldest entries are forgotten first.
 */
export class RereadIndex {
  private readonly bySourceToken: BoundedMap<string, IndexedScan>;
  private readonly byToken: BoundedMap<string, IndexedScan>;

  constructor(
    private readonly windows: RereadWindows,
    maxEntries = 1024,
  ) {
    this.bySourceToken = new BoundedMap(maxEntries);
    this.byToken = new BoundedMap(maxEntries);
  }

  /**
   * The earlier scan this read repeats, if any; otherwise registers the read as a new scan (whose
   * decision `decided` will carry) and says which scan of the same token came before it, if any.
   */
  claim(source: string, token: string, at: number, scan: Pick<IndexedScan, 'scanId' | 'decided'>): Claim {
    const key = `${source}\u0000${token}`;
    const sameSource = this.bySourceToken.get(key);
    if (sameSource && inWindow(sameSource.at, at, this.windows.sameSourceMs))
      return { kind: 'repeat', of: sameSource };
    const latest = this.byToken.get(token);
    if (latest && latest.source !== source && inWindow(latest.at, at, this.windows.crossSourceMs))
      return { kind: 'repeat', of: latest };
    const entry: IndexedScan = { ...scan, source, at };
    this.bySourceToken.set(key, entry);
    this.byToken.set(token, entry);
    // Only the id and decision of the one before, never its own predecessor: no chain to keep alive.
    return latest
      ? { kind: 'new', previous: { scanId: latest.scanId, decided: latest.decided } }
      : { kind: 'new' };
  }

  /** The last scan registered for this token, from any source. */
  last(token: string): IndexedScan | undefined {
    return this.byToken.get(token);
  }
}

/** A clock that stepped back (NTP, a tech) must not make an old read look like a repeat forever. */
function inWindow(first: number, now: number, windowMs: number): boolean {
  return now >= first && now - first < windowMs;
}
