import type { SandboxPass } from './types.js';

/**
 * Passes by UID, plus an index from the IDs a barcode can hold (generated ID, user-provided ID) to the
 * UID. Maps, so a 10,000+ pass benchmark fixture costs one lookup per scan.
 */
export class PassStore {
  private readonly byUid = new Map<string, SandboxPass>();
  private readonly byBarcodeId = new Map<string, string>();

  constructor(passes: readonly SandboxPass[]) {
    this.add(passes);
  }

  add(passes: readonly SandboxPass[]): void {
    for (const pass of passes) {
      const copy = { ...pass };
      this.byUid.set(copy.uid, copy);
      this.byBarcodeId.set(copy.generatedId, copy.uid);
      if (copy.userProvidedId) this.byBarcodeId.set(copy.userProvidedId, copy.uid);
    }
  }

  get size(): number {
    return this.byUid.size;
  }

  get(uid: string): SandboxPass | undefined {
    return this.byUid.get(uid);
  }

  /** The pass whose generated or user-provided ID is `id` (what checkbyid searches). */
  findById(id: string): SandboxPass | undefined {
    const uid = this.byBarcodeId.get(id);
    return uid === undefined ? undefined : this.byUid.get(uid);
  }

  setVoided(uid: string, voided: boolean): boolean {
    const pass = this.byUid.get(uid);
    if (!pass) return false;
    pass.voided = voided;
    return true;
  }

  /** Un-voids the passes named and clears all attendance (between tests or demo runs). */
  reset(initiallyVoided: ReadonlySet<string>): void {
    for (const pass of this.byUid.values()) {
      pass.voided = initiallyVoided.has(pass.uid);
      pass.attendance = 0;
    }
  }
}
