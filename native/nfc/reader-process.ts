import { fork, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { probePcscd, pcscdSocketPath } from './pcscd-socket.js';
import { describeIssues, WorkerMessage, type ReaderSettings } from './worker-protocol.js';

/** The reader layer's own state, as the kiosk's health report needs it. */
export type ReaderLayerState =
  | { state: 'starting' }
  | { state: 'running'; readers: string[] }
  | { state: 'pcscd-down'; message: string }
  | { state: 'restarting'; message: string }
  | { state: 'lib-missing'; message: string }
  | { state: 'stopped' };

export type ReadMessage = Extract<WorkerMessage, { type: 'read' }>;

export interface ReaderProcessOptions {
  /** The worker entry; default: `pcsc-worker.js` beside this module (built), else the `.ts` through tsx. */
  workerEntry?: string;
  socketPath?: string;
  /** The worker sends a heartbeat every 200 ms; this much silence means it is stuck and is killed. */
  heartbeatTimeoutMs?: number;
  backoffMinMs?: number;
  backoffMaxMs?: number;
  /** The PC/SC module the worker loads (default `nfc-pcsc`); tests name a missing one to see the fault. */
  pcscModule?: string;
  onRead(read: ReadMessage): void;
  onState(state: ReaderLayerState): void;
  /** Per reader: attached, detached, ignored (filtered out), error. */
  onReader?(name: string, state: 'attached' | 'detached' | 'ignored' | 'error', message?: string): void;
  /** A card entered (`present`) or left the field of a reader. */
  onCard?(reader: string, present: boolean): void;
  /** Diagnostics without secrets (invalid messages, worker exits). */
  onDiagnostic?(message: string): void;
}

/** Where the worker entry is, and how to run it. */
export function resolveWorkerEntry(explicit?: string): { entry: string; execArgv: string[] } {
  // Built: `out/main/pcsc-worker.js`, beside the bundle or one level up when this module landed in a
  // shared chunk (`out/main/chunks/`). From source (tests, tools): the `.ts` beside this file, via tsx.
  const dir = dirname(fileURLToPath(import.meta.url));
  const entry =
    explicit ??
    [join(dir, 'pcsc-worker.js'), join(dir, '..', 'pcsc-worker.js'), join(dir, 'pcsc-worker.ts')].find((f) =>
      existsSync(f),
    );
  if (!entry) throw new Error(`the NFC reader process entry (pcsc-worker.js) is missing from ${dir}`);
  if (!entry.endsWith('.ts')) return { entry, execArgv: [] };
  const tsx = createRequire(import.meta.url).resolve('tsx');
  return { entry, execArgv: ['--import', pathToFileURL(tsx).href] };
}

/**
 * Runs the PC/SC reader process and keeps it running: probes pcscd before each start, restarts the
 * process with exponential back-off after it exits or stalls (heartbeat silence → SIGKILL), and stops
 * retrying only when the native module is missing. Every message from the process is validated.
 * Nothing here blocks: the kiosk's event loop only sees small IPC messages and timers.
 */
export class PcscReaderProcess {
  private child: ChildProcess | undefined;
  private settings: ReaderSettings | undefined;
  private stopped = false;
  private backoffMs: number;
  private readers = new Set<string>();
  private lastState: ReaderLayerState = { state: 'starting' };
  private wake: (() => void) | undefined;
  private loop: Promise<void> | undefined;
  private readonly exitHook = () => this.child?.kill('SIGKILL');

  constructor(private readonly opts: ReaderProcessOptions) {
    this.backoffMs = opts.backoffMinMs ?? 250;
  }

  get state(): ReaderLayerState {
    return this.lastState;
  }

  /** Sets (or replaces) the readers filter, flags and keys; sent to the running process at once. */
  configure(settings: ReaderSettings): void {
    this.settings = settings;
    this.child?.send({ type: 'configure', settings });
  }

  start(): void {
    if (this.loop) return;
    process.once('exit', this.exitHook);
    this.loop = this.run();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.wake?.();
    const child = this.child;
    if (child && child.exitCode === null && child.signalCode === null) {
      const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
      child.send?.({ type: 'shutdown' }, () => undefined);
      const timer = setTimeout(() => child.kill('SIGKILL'), 1000);
      await exited;
      clearTimeout(timer);
    }
    await this.loop;
    process.removeListener('exit', this.exitHook);
    this.setState({ state: 'stopped' });
  }

  private setState(state: ReaderLayerState): void {
    this.lastState = state;
    this.opts.onState(state);
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(resolve, ms);
      this.wake = () => {
        clearTimeout(timer);
        resolve();
      };
    });
  }

  private nextBackoff(): number {
    const ms = this.backoffMs;
    this.backoffMs = Math.min(this.opts.backoffMaxMs ?? 5000, this.backoffMs * 2);
    return ms;
  }

  private async run(): Promise<void> {
    const socket = this.opts.socketPath ?? pcscdSocketPath();
    while (!this.stopped) {
      if (!(await probePcscd(socket))) {
        this.setState({ state: 'pcscd-down', message: `pcscd is not answering on ${socket}` });
        await this.sleep(this.nextBackoff());
        continue;
      }
      const startedAt = Date.now();
      const outcome = await this.runChild();
      if (this.stopped) break;
      if (outcome.libMissing) {
        this.setState({ state: 'lib-missing', message: outcome.message });
        return;
      }
      // A process that ran a good while gets a fresh back-off; one that dies at once backs off further.
      if (Date.now() - startedAt > 10_000) this.backoffMs = this.opts.backoffMinMs ?? 250;
      this.setState({ state: 'restarting', message: outcome.message });
      await this.sleep(this.nextBackoff());
    }
  }

  private runChild(): Promise<{ libMissing: boolean; message: string }> {
    let resolved: { entry: string; execArgv: string[] };
    try {
      resolved = resolveWorkerEntry(this.opts.workerEntry);
    } catch (err) {
      // A broken install, like a missing native module: retrying will not help.
      return Promise.resolve({ libMissing: true, message: err instanceof Error ? err.message : String(err) });
    }
    const { entry, execArgv } = resolved;
    return new Promise((resolve) => {
      const env = { ...process.env, GATEPOST_PCSC_MODULE: this.opts.pcscModule ?? 'nfc-pcsc' };
      const child = fork(entry, [], {
        execArgv,
        env,
        stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
        serialization: 'json',
      });
      this.child = child;
      this.readers = new Set();
      let lastBeat = Date.now();
      let verdict: { libMissing: boolean; message: string } | undefined;
      let stderrTail = '';
      child.stderr?.on('data', (chunk: Buffer) => {
        stderrTail = (stderrTail + chunk.toString('utf8')).slice(-2000);
      });
      const timeoutMs = this.opts.heartbeatTimeoutMs ?? 1500;
      const watchdog = setInterval(
        () => {
          if (Date.now() - lastBeat > timeoutMs) {
            verdict ??= {
              libMissing: false,
              message: `the reader process stalled (no heartbeat for ${timeoutMs} ms) and was killed`,
            };
            child.kill('SIGKILL');
          }
        },
        Math.min(250, timeoutMs),
      );
      child.on('message', (raw: unknown) => {
        const parsed = WorkerMessage.safeParse(raw);
        if (!parsed.success) {
          this.opts.onDiagnostic?.(
            `reader process sent an invalid message (${describeIssues(parsed.error)})`,
          );
          return;
        }
        lastBeat = Date.now();
        const msg = parsed.data;
        switch (msg.type) {
          case 'heartbeat':
            return;
          case 'card':
          case 'card-off':
            this.opts.onCard?.(msg.reader, msg.type === 'card');
            return;
          case 'ready':
            this.setState({ state: 'running', readers: [...this.readers] });
            return;
          case 'fatal':
            verdict = { libMissing: msg.code === 'NFC-NO-PCSC-LIB', message: msg.message };
            return;
          case 'reader':
            if (msg.state === 'attached') this.readers.add(msg.name);
            if (msg.state === 'detached') this.readers.delete(msg.name);
            this.opts.onReader?.(msg.name, msg.state, msg.message);
            if (this.lastState.state === 'running')
              this.setState({ state: 'running', readers: [...this.readers] });
            return;
          case 'read':
            this.opts.onRead(msg);
            return;
        }
      });
      child.on('error', (err) => {
        verdict ??= { libMissing: false, message: `reader process failed: ${err.message}` };
      });
      child.once('exit', (code, signal) => {
        clearInterval(watchdog);
        this.child = undefined;
        for (const name of this.readers) this.opts.onReader?.(name, 'detached');
        this.readers.clear();
        const tail = stderrTail.trim().split('\n').slice(-1)[0];
        resolve(
          verdict ?? {
            libMissing: false,
            message: `reader process exited (${signal ?? code})${tail ? `: ${tail.slice(0, 200)}` : ''}`,
          },
        );
      });
      if (this.settings) child.send({ type: 'configure', settings: this.settings });
    });
  }
}
