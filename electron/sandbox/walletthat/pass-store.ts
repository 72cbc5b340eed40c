import { PASS_STATUSES, type PassStatus, type SandboxPass, type SandboxTemplate } from './types.js';

interface PassRecord {
  pass: SandboxPass;
  /** The status the fixture gave it, for `reset-passes`. */
  initialStatus: PassStatus;
}

export interface PassCounters {
  getPassData: number;
  updatePassData: number;
  /** Status changes to `redeemed` (a redeem of a redeemed pass does not count: it changes nothing). */
  redemptions: number;
  getPassTemplate: number;
}

export function isPassStatus(value: unknown): value is PassStatus {
  return typeof value === 'string' && (PASS_STATUSES as readonly string[]).includes(value);
}

/** Passes by pass-id and templates by id, in Maps so a 10,000+ pass benchmark costs one lookup per call. */
export class PassStore {
  private readonly passes = new Map<string, PassRecord>();
  private readonly templates = new Map<string, SandboxTemplate>();

  constructor(templates: readonly SandboxTemplate[], passes: readonly SandboxPass[]) {
    for (const t of templates) this.templates.set(t.passTemplateId, t);
    this.addPasses(passes);
  }

  addPasses(passes: readonly SandboxPass[]): void {
    for (const pass of passes)
      this.passes.set(pass.passId, { pass: { ...pass }, initialStatus: pass.status });
  }

  get passCount(): number {
    return this.passes.size;
  }

  get(passId: string): SandboxPass | undefined {
    const record = this.passes.get(passId);
    return record && { ...record.pass };
  }

  template(passTemplateId: string): SandboxTemplate | undefined {
    return this.templates.get(passTemplateId);
  }

  /** Applies a status; returns whether it changed anything (false: already so). */
  setStatus(passId: string, status: PassStatus): boolean {
    const record = this.passes.get(passId);
    if (!record) throw new Error(`no pass ${passId}`);
    if (record.pass.status === status) return false;
    record.pass.status = status;
    return true;
  }

  /** Puts every pass back to its fixture status (between tests or demo runs). */
  resetStatuses(): void {
    for (const record of this.passes.values()) record.pass.status = record.initialStatus;
  }
}
