/**
 * The fault cases every ticketing provider's client must pass against its sandbox (not a test file itself).
 *
 * Called inside a provider's describe block, `describeCommonProviderFaults` starts the sandbox and configures a
 * provider that logs into a list before each case; after each case it closes the sandbox and checks no log
 * line holds a secret. It registers the common cases (hang, 5xx, malformed / wrong types / huge body, drip,
 * drip + abort, 401 storm, refused connection) and returns the rig for the provider's own cases.
 */
import { afterEach, beforeEach, expect, it } from 'vitest';
import {
  ProviderProtocolError,
  ProviderUnavailableError,
  type ProviderDecision,
} from '../../../electron/core/providers/provider.js';
import type { ProviderLogger } from '../../../electron/core/providers/provider-deps.js';
import type { SandboxFaults } from '../../../electron/sandbox/common/faults.js';
import type { SandboxHandle } from '../../../electron/sandbox/common/sandbox-handle.js';

/** Every sandbox offers the common cases the same handle. */
type FaultSandbox = SandboxHandle;

export interface FaultProvider {
  configure(signal: AbortSignal): Promise<unknown>;
}

export interface FaultFailure {
  error: Error;
  ms: number;
}

/** The sandbox and configured provider of the running case, and helpers to assert failures. */
export interface FaultRig<S extends FaultSandbox, P extends FaultProvider> {
  readonly sandbox: S;
  readonly provider: P;
  /** Log lines of the running case. */
  readonly logged: string[];
  /** Awaits a call that must fail; its error message must hold no secret. */
  fails(call: Promise<unknown>): Promise<FaultFailure>;
  /** Validates the setup's valid token, which must fail (5 s budget unless a signal is given). */
  validateFails(signal?: AbortSignal): Promise<FaultFailure>;
}

export interface ProviderFaultSetup<S extends FaultSandbox, P extends FaultProvider> {
  start(): Promise<S>;
  /** An unconfigured provider for the sandbox that logs to `logger`; the helper configures it. */
  provider(sandbox: S, logger: ProviderLogger): P;
  /** Validates a valid demo token (the call the common faults hit). */
  validate(provider: P, signal: AbortSignal): Promise<ProviderDecision>;
  /** Strings no failure's error message may contain (read at each failure). */
  errorSecrets(): readonly string[];
  /** Strings no log line may contain (checked after each case). */
  logSecrets: readonly string[];
  /** 5xx statuses that must be unavailable, each with its own case. */
  statuses: readonly number[];
  /** Provider checks, after a 5xx, that the server's state was left untouched. */
  untouched(sandbox: S, status: number, error: Error): void;
  wrongTypes: {
    /** Routes to fault one at a time (one case each); by default the sandbox's decision routes at once. */
    routes?: readonly string[];
    /** What the protocol error's message must match. */
    messages: readonly RegExp[];
  };
  /** A dripped answer that completes in time must still parse. */
  drip: {
    /** What the decision must match. */
    expected: Record<string, unknown>;
    /** The validate to drip; `validate` with a 5 s budget by default. */
    validate?(provider: P): Promise<ProviderDecision>;
  };
  /** A storm of 401s: each scan costs exactly one request and fails unavailable, with no retry loop. */
  unauthorizedStorm?: {
    /** 401s queued on the sandbox. */
    count: number;
    /** Scans made during the storm. */
    scans: number;
    /** Provider checks after the scans. */
    after?(rig: FaultRig<S, P>): void | Promise<void>;
  };
  /** Closes the sandbox and returns a call that must then fail to connect. */
  refused(sandbox: S, provider: P): Promise<unknown>;
}

function abortAfter(ms: number): AbortSignal {
  const controller = new AbortController();
  setTimeout(() => controller.abort(new Error('decision budget exhausted')), ms);
  return controller.signal;
}

async function timed(promise: Promise<unknown>): Promise<{ ms: number; error?: unknown; ok: boolean }> {
  const start = performance.now();
  try {
    await promise;
    return { ms: performance.now() - start, ok: true };
  } catch (error) {
    return { ms: performance.now() - start, ok: false, error };
  }
}

/**
 * Registers, in the calling describe block, the per-case sandbox and provider and the common fault cases;
 * returns the rig the provider's own cases use.
 */
export function describeCommonProviderFaults<S extends FaultSandbox, P extends FaultProvider>(
  setup: ProviderFaultSetup<S, P>,
): FaultRig<S, P> {
  let sandbox: S;
  let provider: P;
  const logged: string[] = [];

  const rig: FaultRig<S, P> = {
    get sandbox() {
      return sandbox;
    },
    get provider() {
      return provider;
    },
    logged,
    async fails(call) {
      const outcome = await timed(call);
      expect(outcome.ok, 'call should fail').toBe(false);
      const error = outcome.error as Error;
      for (const secret of setup.errorSecrets()) expect(error.message).not.toContain(secret);
      return { error, ms: outcome.ms };
    },
    validateFails(signal = AbortSignal.timeout(5_000)) {
      return rig.fails(setup.validate(provider, signal));
    },
  };

  beforeEach(async () => {
    sandbox = await setup.start();
    logged.length = 0;
    provider = setup.provider(sandbox, {
      debug: (fields, msg) => logged.push(JSON.stringify(fields) + msg),
      warn: (fields, msg) => logged.push(JSON.stringify(fields) + msg),
    });
    await provider.configure(AbortSignal.timeout(5_000));
  });
  afterEach(async () => {
    await sandbox.close();
    for (const secret of setup.logSecrets) {
      for (const line of logged) expect(line).not.toContain(secret);
    }
  });

  it('hang: the scan signal aborts the call promptly', async () => {
    sandbox.setFaults({ hang: true });
    const { error, ms } = await rig.validateFails(abortAfter(200));
    expect(error).toBeInstanceOf(ProviderUnavailableError);
    expect(error.message).toMatch(/aborted/);
    expect(ms).toBeLessThan(2_000);
  });

  it.each(setup.statuses)('HTTP %i is unavailable and leaves state untouched', async (status) => {
    sandbox.setFaults({ status });
    const { error } = await rig.validateFails();
    expect(error).toBeInstanceOf(ProviderUnavailableError);
    expect((error as ProviderUnavailableError).httpStatus).toBe(status);
    setup.untouched(sandbox, status, error);
  });

  const storm = setup.unauthorizedStorm;
  if (storm) {
    it(`a 401 storm: each of ${storm.scans} scan(s) fails unavailable after exactly one request (no retry loop)`, async () => {
      sandbox.setFaults({ unauthorizedCount: storm.count });
      const before = sandbox.state.requests;
      for (let i = 1; i <= storm.scans; i++) {
        const { error } = await rig.validateFails();
        expect(error).toBeInstanceOf(ProviderUnavailableError);
        expect((error as ProviderUnavailableError).httpStatus).toBe(401);
        expect(sandbox.state.unauthorizedSent).toBe(i);
      }
      expect(sandbox.state.requests - before).toBe(storm.scans);
      expect(sandbox.faults.unauthorizedCount).toBe(storm.count - storm.scans);
      await storm.after?.(rig);
    });
  }

  it('malformed JSON is a protocol error', async () => {
    sandbox.setFaults({ malformed: true });
    const { error } = await rig.validateFails();
    expect(error).toBeInstanceOf(ProviderProtocolError);
    expect(error.message).toMatch(/malformed JSON/);
  });

  async function wrongTypes(faults: SandboxFaults) {
    sandbox.setFaults({ wrongTypes: true, ...faults });
    const { error } = await rig.validateFails();
    expect(error).toBeInstanceOf(ProviderProtocolError);
    for (const message of setup.wrongTypes.messages) expect(error.message).toMatch(message);
  }
  const routes = setup.wrongTypes.routes;
  if (routes) {
    it.each(routes)('wrong field types on %s are a protocol error', (route) =>
      wrongTypes({ faultPaths: [route] }),
    );
  } else {
    it('wrong field types are a protocol error', () => wrongTypes({}));
  }

  it('a multi-MB body is cut off as too large', async () => {
    sandbox.setFaults({ hugeBody: 5 * 1024 * 1024 });
    const { error, ms } = await rig.validateFails();
    expect(error).toBeInstanceOf(ProviderProtocolError);
    expect(error.message).toMatch(/response too large/);
    expect(ms).toBeLessThan(2_000);
  });

  it('a slow (dripped) answer still parses when it completes in time', async () => {
    sandbox.setFaults({ dripMs: 1 });
    const decision = await (setup.drip.validate?.(provider) ??
      setup.validate(provider, AbortSignal.timeout(5_000)));
    expect(decision).toMatchObject(setup.drip.expected);
  });

  it('drip + abort: the signal cuts a half-read answer promptly', async () => {
    sandbox.setFaults({ dripMs: 100 });
    const { error, ms } = await rig.validateFails(abortAfter(300));
    expect(error).toBeInstanceOf(ProviderUnavailableError);
    expect(error.message).toMatch(/aborted/);
    expect(ms).toBeLessThan(2_000);
  });

  it('a refused connection is unavailable', async () => {
    const { error } = await rig.fails(setup.refused(sandbox, provider));
    expect(error).toBeInstanceOf(ProviderUnavailableError);
    expect(error.message).toMatch(/network error/);
  });

  return rig;
}
