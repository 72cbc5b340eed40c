import { z } from 'zod';

/**
 * Fault knobs, the same for every sandbox. They apply to the routes named in `faultPaths` (route names such
 * as `scan`, or literal path templates such as `/v1/scan`); by default to the sandbox's decision routes. Checked in this order:
 * latencyMs, hang, unauthorized, status, malformed, wrongTypes, hugeBody; `dripMs` then shapes how
 * whatever answer was chosen is written.
 */
export const SandboxFaultsSchema = z.strictObject({
  /** Delay before answering. */
  latencyMs: z.number().int().nonnegative().max(600_000).optional(),
  /** Answer this HTTP status with the API's error body. */
  status: z.number().int().min(100).max(599).optional(),
  /** Answer 200 with a body that is not valid JSON. */
  malformed: z.boolean().optional(),
  /** Answer 200 with JSON whose fields have the wrong types. */
  wrongTypes: z.boolean().optional(),
  /** Never answer; the request stays open until the client gives up (or the sandbox closes). */
  hang: z.boolean().optional(),
  /** Shorthand for `unauthorizedCount: 1`. */
  unauthorizedOnce: z.boolean().optional(),
  /** Answer 401 this many times (counts down), e.g. to force a session renewal. */
  unauthorizedCount: z.number().int().nonnegative().optional(),
  /** Answer 200 with a valid JSON body of this many bytes (`true`: 4 MiB). */
  hugeBody: z
    .union([
      z.boolean(),
      z
        .number()
        .int()
        .positive()
        .max(64 * 1024 * 1024),
    ])
    .optional(),
  /** Write the answer a few bytes at a time, waiting this long between writes. */
  dripMs: z.number().int().positive().max(60_000).optional(),
  faultPaths: z.array(z.string()).optional(),
});
export type SandboxFaults = z.infer<typeof SandboxFaultsSchema>;

export const DEFAULT_HUGE_BODY_BYTES = 4 * 1024 * 1024;

/** Mutable fault state: the knobs as set, plus the countdown of 401s still to send. */
export class FaultState {
  private knobs: SandboxFaults = {};
  private unauthorizedLeft = 0;

  /** @param defaultRoutes routes the knobs apply to when `faultPaths` is not set. */
  constructor(private readonly defaultRoutes: readonly string[]) {}

  get current(): SandboxFaults {
    return { ...this.knobs, unauthorizedCount: this.unauthorizedLeft };
  }

  /** Replaces all knobs (not a merge), so a test always knows the whole fault state. */
  set(input: unknown): SandboxFaults {
    const knobs = SandboxFaultsSchema.parse(input);
    this.knobs = knobs;
    this.unauthorizedLeft = knobs.unauthorizedCount ?? (knobs.unauthorizedOnce ? 1 : 0);
    return this.current;
  }

  reset(): void {
    this.knobs = {};
    this.unauthorizedLeft = 0;
  }

  appliesTo(route: string, template: string): boolean {
    const targets = this.knobs.faultPaths ?? this.defaultRoutes;
    return targets.includes(route) || targets.includes(template);
  }

  /** Takes one 401 from the countdown; true when this request must be answered 401. */
  takeUnauthorized(): boolean {
    if (this.unauthorizedLeft <= 0) return false;
    this.unauthorizedLeft -= 1;
    return true;
  }
}
