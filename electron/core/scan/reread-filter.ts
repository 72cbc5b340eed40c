import { BoundedMap } from '../bounded-map.js';

/**
 * Suppresses re-reads: a scanner held over a ticket reports it again and again, and a patron may tap
 * twice. The same token from the same source inside `windowMs` is a re-read of the first scan, not a new
 * entry attempt. Bounded: at most `maxEntries` remembered, oldest evicted first.
 */
export class RereadFilter {
  private readonly seen: BoundedMap<string, { at: number; scanId: string }>;

  constructor(
    private readonly windowMs: number,
    maxEntries = 1024,
  ) {
    this.seen = new BoundedMap(maxEntries);
  }

  /** Returns the id of the scan this one repeats, or undefined if it is a new scan (and remembers it). */
  check(source: string, token: string, now: number, scanId: string): string | undefined {
    const key = `${source}\u0000${token}`;
    const previous = this.seen.get(key);
    if (previous && now - previous.at < this.windowMs) return previous.scanId;
    this.seen.set(key, { at: now, scanId });
    return undefined;
  }
}
