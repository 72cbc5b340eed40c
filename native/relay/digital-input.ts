import { Listeners } from '../transport/byte-transport.js';

/**
 * A contact the gate reads: a turnstile's "passage done" output, or a fire-alarm loop (free passage).
 * `active` is the contact's meaning, already corrected for normally-closed wiring by the implementation.
 */
export interface DigitalInput {
  readonly active: boolean;
  onChange(listener: (active: boolean) => void): () => void;
  close(): Promise<void>;
}

/** An input driven by code: demo mode's "patron walked through" and the tests. */
export class SimDigitalInput implements DigitalInput {
  private value = false;
  private readonly changes = new Listeners<[boolean]>();

  get active(): boolean {
    return this.value;
  }

  set(active: boolean): void {
    if (active === this.value) return;
    this.value = active;
    this.changes.emit(active);
  }

  /** A momentary contact: active, then inactive. */
  pulse(): void {
    this.set(true);
    this.set(false);
  }

  onChange(listener: (active: boolean) => void): () => void {
    return this.changes.add(listener);
  }

  async close(): Promise<void> {
    this.changes.clear();
  }
}
