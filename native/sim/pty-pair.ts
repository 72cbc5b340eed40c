import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * A socat pty pair: two linked pseudo-terminals, `hostPath` for the driver under test (real serialport)
 * and `devicePath` for the simulator. The socat child is killed on `close()`, on process exit and on
 * SIGINT/SIGTERM, so a failed test or bench never leaves one behind.
 */
export class PtyPair {
  readonly hostPath: string;
  readonly devicePath: string;
  private child: ChildProcess | null = null;

  private constructor(
    readonly dir: string,
    private readonly ownsDir: boolean,
  ) {
    this.hostPath = join(dir, 'host');
    this.devicePath = join(dir, 'device');
  }

  /** Starts socat; rejects with a clear message when socat is missing or the ptys do not appear. */
  static async open(dir?: string): Promise<PtyPair> {
    assertSocat();
    const pair = new PtyPair(dir ?? mkdtempSync(join(tmpdir(), 'gatepost-pty-')), dir === undefined);
    await pair.startSocat();
    return pair;
  }

  get running(): boolean {
    return this.child !== null;
  }

  /** Kills socat: both ends see the line drop, as when a USB scanner is unplugged. */
  async unplug(): Promise<void> {
    const child = this.child;
    if (!child) return;
    this.child = null;
    untrack(child);
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    child.kill('SIGKILL');
    await exited;
    // SIGKILL leaves the links behind; a replug must not find stale ones.
    rmSync(this.hostPath, { force: true });
    rmSync(this.devicePath, { force: true });
  }

  /** Starts socat again with the same link names (the device is back). */
  async replug(): Promise<void> {
    if (this.child) return;
    await this.startSocat();
  }

  async close(): Promise<void> {
    await this.unplug();
    if (this.ownsDir) rmSync(this.dir, { recursive: true, force: true });
  }

  private async startSocat(): Promise<void> {
    const child = spawn(
      'socat',
      [`pty,raw,echo=0,link=${this.hostPath}`, `pty,raw,echo=0,link=${this.devicePath}`],
      {
        stdio: 'ignore',
      },
    );
    this.child = child;
    track(child);
    child.once('exit', () => {
      untrack(child);
      if (this.child === child) this.child = null;
    });
    const deadline = Date.now() + 5000;
    while (!(existsSync(this.hostPath) && existsSync(this.devicePath))) {
      if (this.child !== child) throw new Error('socat exited before creating the pty pair');
      if (Date.now() > deadline) {
        await this.unplug();
        throw new Error('socat did not create the pty pair within 5 s');
      }
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  }
}

let socatChecked = false;

export function socatAvailable(): boolean {
  return spawnSync('socat', ['-V'], { stdio: 'ignore' }).status === 0;
}

function assertSocat(): void {
  if (socatChecked) return;
  if (!socatAvailable()) {
    throw new Error('socat is not installed: the serial simulators need it (apt-get install -y socat)');
  }
  socatChecked = true;
}

// Every socat child of this process, killed on exit and on the usual signals.
const children = new Set<ChildProcess>();
let hooked = false;

function track(child: ChildProcess): void {
  children.add(child);
  if (hooked) return;
  hooked = true;
  process.once('exit', killAll);
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      killAll();
      process.kill(process.pid, signal);
    });
  }
}

function untrack(child: ChildProcess): void {
  children.delete(child);
}

function killAll(): void {
  for (const child of children) child.kill('SIGKILL');
  children.clear();
}
