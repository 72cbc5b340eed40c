import type { SandboxHandle } from './common/sandbox-handle.js';

export type { SandboxHandle } from './common/sandbox-handle.js';

/** Demo tokens and what each one does against the kit's sandbox. */
export interface DemoTokens {
  /** Each admits once with seat/ticket info where the provider has it; scanned again, STOPs. */
  valid: string[];
  /** STOPs with the provider's "not found" reason. */
  unknown: string;
  /** More tokens with a fixed answer, for the demo's printed list. */
  others: { token: string; expect: string }[];
}

/**
 * One provider's demo/test kit: starts its sandbox on loopback with demo data and returns provider
 * settings pointing at it. Demo mode, the e2e tests and the benchmarks use kits, so every provider is
 * driven the same way.
 */
export interface DemoKit {
  kind: string;
  start(opts?: { port?: number; extraTickets?: number }): Promise<{
    sandbox: SandboxHandle;
    /** The `provider` block of the kiosk config (without `kind`). */
    settings: Record<string, unknown>;
    tokens: DemoTokens;
    /** Tokens of the generated extra tickets (benchmarks), each valid once. */
    extraTokens: string[];
  }>;
}
