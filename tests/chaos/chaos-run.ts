import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AdminStatus, KioskStatus, ScanDecided } from '../../electron/common/contract.js';
import {
  RpcClient,
  WEB_SHELL_ENTRY,
  waitFor,
  type WebShellProcess,
} from '../integration/support/web-shell-process.js';
import { KioskChild } from './kiosk-child.js';
import { reapOnExit, removeOnExit } from '../support/reaper.js';
import { CHAOS_PROVIDERS, neverSold, type ChaosProvider } from './chaos-providers.js';
import { SandboxChild } from './sandbox-child.js';
import { FlakyProxy } from './flaky-proxy.js';
import { prng, type Rng } from './prng.js';

/** FNV-1a of `salt` folded into `seed`. */
function mixSeed(seed: number, salt: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < salt.length; i++) h = Math.imul(h ^ salt.charCodeAt(i), 0x01000193);
  return (seed ^ h) >>> 0;
}

/** The kiosk settings every chaos run uses: short budgets and fast probes, so a case takes seconds. */
export function chaosConfig(provider: Record<string, unknown>, overrides: Record<string, unknown> = {}) {
  const { offline, ...rest } = overrides as { offline?: Record<string, unknown> };
  return {
    deviceName: 'Chaos kiosk',
    decisionBudgetMs: 1000,
    rereadWindowMs: 0,
    resultHoldMs: 500,
    heartbeatIntervalMs: 0,
    offline: {
      faultsInARow: 2,
      probeIntervalMs: 250,
      lateAnswerWindowMs: 500,
      syncIntervalMs: 1000,
      uploadBackoffBaseMs: 50,
      uploadBackoffMaxMs: 1000,
      ...offline,
    },
    ...rest,
    provider,
  };
}

export interface RunOptions {
  kind: string;
  seed: number;
  /** Mixed into the seed, so the same seed gives each case and provider its own schedule. */
  salt?: string;
  /** Sold tickets the sandbox holds (each scanned at most once). */
  tickets?: number;
  /** Where the kiosk keeps its data (a small tmpfs for the full-disk case); default a fresh temp dir. */
  dataDir?: string;
  config?: Record<string, unknown>;
}

/**
 * One chaos run: a provider's sandbox in this process behind a FlakyProxy, the BUILT web shell in a child
 * process on its own data dir (restartable on the same dir), a WebSocket client that scans with unique
 * tokens and records every decision shown, and a clock-offset file for clock jumps. Everything is undone
 * by `close()`, and by the reaper if the runner dies first.
 */
export class ChaosRun {
  readonly rng: Rng;
  readonly provider: ChaosProvider;
  /** Every decision shown, across all lives of the kiosk. */
  readonly shown: ScanDecided[] = [];
  /** Scans sent and never answered (the kiosk was killed with them in flight). */
  unanswered = 0;
  kiosk: KioskChild | undefined;
  client: RpcClient | undefined;
  lastStatus: KioskStatus | undefined;
  /** Lines the kiosk printed (`GATEPOST_CLOCK …`, `GATEPOST_FAULT …`), across lives. */
  readonly notes: string[] = [];
  private nextTicket = 0;
  private nextUnsold = 0;
  private readonly workDir: string;
  private readonly clockFile: string;
  private readonly ownDataDir: boolean;
  private statusListeners: ((s: KioskStatus) => void)[] = [];

  private constructor(
    readonly opts: RunOptions,
    readonly sandbox: SandboxChild,
    readonly proxy: FlakyProxy,
    readonly tickets: string[],
    readonly dataDir: string,
    readonly config: Record<string, unknown>,
    workDir: string,
  ) {
    this.rng = prng(mixSeed(opts.seed, `${opts.salt ?? ''}/${opts.kind}`));
    this.provider = CHAOS_PROVIDERS[opts.kind]!;
    this.workDir = workDir;
    this.clockFile = join(workDir, 'clock-offset');
    this.ownDataDir = opts.dataDir === undefined;
    writeFileSync(this.clockFile, '0');
  }

  static async start(opts: RunOptions): Promise<ChaosRun> {
    const workDir = mkdtempSync(join(tmpdir(), 'gatepost-chaos-'));
    removeOnExit(workDir);
    const sandbox = await SandboxChild.start(opts.kind, opts.tickets ?? 400);
    const proxy = await FlakyProxy.start(sandbox.url);
    // Every URL in the provider's settings that points at the sandbox now goes through the proxy.
    const settings = Object.fromEntries(
      Object.entries(sandbox.settings).map(([k, v]) => [
        k,
        typeof v === 'string' && v.startsWith(sandbox.url) ? proxy.url + v.slice(sandbox.url.length) : v,
      ]),
    );
    const dataDir = opts.dataDir ?? join(workDir, 'data');
    const config = chaosConfig({ kind: opts.kind, ...settings }, opts.config);
    const run = new ChaosRun(opts, sandbox, proxy, sandbox.extraTokens, dataDir, config, workDir);
    run.writeConfig();
    return run;
  }

  writeConfig(config = this.config): void {
    rmSync(join(this.dataDir, 'config.json'), { force: true });
    writeFileSync(join(this.mkdata(), 'config.json'), JSON.stringify(config));
  }

  /** The data dir, created if missing (it may be a mount point that exists already). */
  private mkdata(): string {
    mkdirSync(this.dataDir, { recursive: true });
    return this.dataDir;
  }

  /** Starts (or restarts) the kiosk on the run's data dir and connects a client. */
  async boot(opts: { waitReady?: boolean } = {}): Promise<void> {
    const kiosk = new KioskChild(this.dataDir, { GATEPOST_CLOCK_OFFSET_FILE: this.clockFile });
    this.kiosk = kiosk;
    // A case may kill the kiosk at any moment, this start included: a kill is not a failure of boot().
    if (!(await kiosk.ready)) return;
    let client: RpcClient;
    try {
      client = await RpcClient.connect(kiosk as unknown as WebShellProcess);
    } catch (err) {
      if (kiosk.crashed) return;
      throw err;
    }
    this.client = client;
    client.onEvent(({ event, payload }) => {
      if (event === 'scan.decided') this.shown.push(payload as ScanDecided);
      if (event === 'kiosk.status') {
        this.lastStatus = payload as KioskStatus;
        for (const l of this.statusListeners) l(this.lastStatus);
      }
    });
    this.lastStatus = await client.call<KioskStatus>('kiosk.status').catch((err: unknown) => {
      if (client.open) throw err;
      return undefined;
    });
    if ((opts.waitReady ?? true) && client.open) await this.waitStatus('kiosk ready', (s) => s.ready, 20_000);
  }

  /** Resolves with the first status (current or pushed) that satisfies `ok`. */
  async waitStatus(what: string, ok: (s: KioskStatus) => boolean, timeoutMs: number): Promise<KioskStatus> {
    return waitFor(
      what,
      async () => {
        const s = await this.client!.call<KioskStatus>('kiosk.status');
        this.lastStatus = s;
        return ok(s) ? s : undefined;
      },
      timeoutMs,
      50,
    );
  }

  /**
   * Polls `probe` (errors count as "not yet") until it returns a value, `stop()` says to give up, or the
   * time is out; resolves with the value, or undefined. For waits that a kill may interrupt.
   */
  async until<T>(
    probe: () => Promise<T | undefined>,
    opts: { timeoutMs: number; stop?: () => boolean; intervalMs?: number },
  ): Promise<T | undefined> {
    const deadline = Date.now() + opts.timeoutMs;
    while (Date.now() < deadline && !opts.stop?.()) {
      const value = await probe().catch(() => undefined);
      if (value !== undefined) return value;
      await new Promise((r) => setTimeout(r, opts.intervalMs ?? 25));
    }
    return undefined;
  }

  /**
   * Starts the kiosk and kills it with SIGKILL `afterMs` later, wherever its start-up is by then.
   * Returns how far it got (whether it had printed its readiness line).
   */
  async killDuringStartup(afterMs: number): Promise<'before ready' | 'after ready'> {
    const child = reapOnExit(
      spawn(process.execPath, [WEB_SHELL_ENTRY, '--data-dir', this.dataDir, '--port', '0'], {
        stdio: ['ignore', 'pipe', 'ignore'],
        env: { ...process.env, GATEPOST_CLOCK_OFFSET_FILE: this.clockFile },
      }),
    );
    let ready = false;
    child.stdout.on('data', (d: Buffer) => {
      if (d.toString().includes('GATEPOST_READY')) ready = true;
    });
    const exited = new Promise((r) => child.once('exit', r));
    await new Promise((r) => setTimeout(r, afterMs));
    child.kill('SIGKILL');
    await exited;
    return ready ? 'after ready' : 'before ready';
  }

  onStatus(listener: (s: KioskStatus) => void): void {
    this.statusListeners.push(listener);
  }

  admin(): Promise<AdminStatus> {
    return this.client!.adminStatus<AdminStatus>();
  }

  async waitAdmin(what: string, ok: (s: AdminStatus) => boolean, timeoutMs: number): Promise<AdminStatus> {
    return waitFor(
      what,
      async () => {
        const s = await this.admin();
        return ok(s) ? s : undefined;
      },
      timeoutMs,
      100,
    );
  }

  /** Reference data synced at least once (providers that offer it). */
  async waitSynced(timeoutMs = 15_000): Promise<boolean> {
    try {
      await this.waitAdmin('reference data synced', (s) => s.referenceSyncedAt !== undefined, timeoutMs);
      return true;
    } catch {
      return false;
    }
  }

  /** A sold ticket never scanned before in this run. */
  ticket(): string {
    const t = this.tickets[this.nextTicket++];
    if (t === undefined) throw new Error('ran out of sold tickets; start the run with more');
    return t;
  }

  /** A barcode of the sold tickets' shape that was never sold. */
  unsold(): string {
    return neverSold(this.tickets[0]!, this.nextUnsold++);
  }

  /**
   * Scans `count` tokens through the current kiosk, at most `inFlight` unanswered, and waits for their
   * decisions. `stopWhen` (checked after each decision) ends it early; a kiosk killed meanwhile ends it too
   * (its scans in flight count as unanswered). Returns the decisions shown in this call.
   */
  async scan(
    count: number,
    opts: {
      inFlight?: number;
      token?: () => string;
      onShown?: (shown: number) => void;
      stopWhen?: () => boolean;
      timeoutMs?: number;
    } = {},
  ): Promise<ScanDecided[]> {
    const client = this.client;
    // Killed before it could take a scan (a kill during start-up): nothing to scan through.
    if (!client?.open) return [];
    const inFlight = opts.inFlight ?? 4;
    const next = opts.token ?? (() => this.ticket());
    const mine: ScanDecided[] = [];
    let sent = 0;
    let done = false;
    return new Promise<ScanDecided[]>((resolve, reject) => {
      const finish = (err?: Error) => {
        if (done) return;
        done = true;
        clearTimeout(timer);
        this.unanswered += sent - mine.length;
        if (err) reject(err);
        else resolve(mine);
      };
      const timer = setTimeout(
        () =>
          finish(new Error(`scan: ${mine.length} of ${sent} answered after ${opts.timeoutMs ?? 60_000} ms`)),
        opts.timeoutMs ?? 60_000,
      );
      const pump = () => {
        if (done) return;
        const stopping = sent >= count || opts.stopWhen?.() === true;
        while (!stopping && client.open && sent < count && sent - mine.length < inFlight) {
          sent += 1;
          client.send('scan.submit', { token: next(), inputType: 'Barcode', source: 'wedge' });
          if (opts.stopWhen?.()) break;
        }
        if (sent === mine.length && (sent >= count || opts.stopWhen?.() === true)) finish();
      };
      client.onEvent(({ event, payload }) => {
        if (done || event !== 'scan.decided') return;
        mine.push(payload as ScanDecided);
        opts.onShown?.(mine.length);
        pump();
      });
      void client.closed.then(() => finish());
      pump();
    });
  }

  /** `kill -9` of the kiosk; decisions already on the wire are collected before it returns. */
  async crash(): Promise<void> {
    const kiosk = this.kiosk;
    if (!kiosk) return;
    await kiosk.crash();
    await Promise.race([this.client?.closed, new Promise((r) => setTimeout(r, 3000))]);
    this.kiosk = undefined;
    this.client = undefined;
  }

  async stopKiosk(): Promise<void> {
    await this.client?.close();
    await this.kiosk?.stop();
    this.kiosk = undefined;
    this.client = undefined;
  }

  /** Sets the kiosk's clock to the system clock + `offsetMs` and waits until the kiosk has taken it. */
  async setClockOffset(offsetMs: number): Promise<void> {
    writeFileSync(this.clockFile, String(Math.round(offsetMs)));
    const kiosk = this.kiosk;
    if (!kiosk) return;
    await waitFor(
      'the kiosk to take the new clock',
      () => (kiosk.output().includes(`GATEPOST_CLOCK ${Math.round(offsetMs)}`) ? true : undefined),
      5000,
      20,
    );
  }

  /**
   * With the network up, waits until the kiosk is online and its upload queue is empty (or, for a
   * provider without uploads, just online).
   */
  async drain(timeoutMs = 30_000): Promise<AdminStatus> {
    await this.proxy.set('up');
    let last: AdminStatus | undefined;
    try {
      return await this.waitAdmin(
        'online with nothing left to upload',
        (s) => {
          last = s;
          return s.connectivity === 'online' && s.pendingUploads === 0;
        },
        timeoutMs,
      );
    } catch (err) {
      const state = last && {
        connectivity: last.connectivity,
        reason: last.reason,
        pending: last.pendingUploads,
        upload: last.upload,
        dead: last.deadLetters.length,
      };
      throw new Error(`${(err as Error).message}; last admin status ${JSON.stringify(state)}`, {
        cause: err,
      });
    }
  }

  async close(): Promise<void> {
    await this.client?.close().catch(() => undefined);
    await this.kiosk?.crash().catch(() => undefined);
    await this.proxy.close();
    await this.sandbox.close();
    if (this.ownDataDir) rmSync(this.dataDir, { recursive: true, force: true });
    rmSync(this.workDir, { recursive: true, force: true });
  }
}
