import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { probePcscd, pcscdSocketPath } from '../../native/nfc/pcscd-socket.js';

const VPCD_DRIVER = '/usr/lib/pcsc/drivers/serial/libifdvpcd.so';
const PCSCD_CANDIDATES = ['/usr/sbin/pcscd', '/sbin/pcscd', '/usr/local/sbin/pcscd'];
/**
 * The vpcd driver gives one pair of readers (slots 0 and 1) on 35963 and 35964. Only one vpcd entry per
 * pcscd works: the driver keeps its state per slot, so a second entry would share the first one's cards.
 */
export const vpcdPort = (slot: 0 | 1 = 0) => 35963 + slot;

/** Why the pcscd tests cannot run here, or undefined when they can. */
export function pcscdUnavailable(): string | undefined {
  const missing: string[] = [];
  if (!PCSCD_CANDIDATES.some((p) => existsSync(p))) missing.push('pcscd (apt-get install pcscd)');
  if (!existsSync(VPCD_DRIVER)) missing.push('the vpcd driver (apt-get install vsmartcard-vpcd)');
  return missing.length > 0 ? `missing: ${missing.join(', ')}; .ci/run installs them` : undefined;
}

function listening(port: number): boolean {
  // /proc/net/tcp, not a connect: connecting to vpcd would put a (blank) card on the reader.
  const hex = port.toString(16).toUpperCase().padStart(4, '0');
  for (const file of ['/proc/net/tcp', '/proc/net/tcp6']) {
    if (!existsSync(file)) continue;
    for (const line of readFileSync(file, 'utf8').split('\n').slice(1)) {
      const cols = line.trim().split(/\s+/);
      if (cols[1]?.endsWith(`:${hex}`) && cols[3] === '0A') return true;
    }
  }
  return false;
}

let running: PcscdHarness | undefined;

/**
 * A pcscd of the tests' own, with the vpcd reader pair (named `name` 00 00 / 00 01) in a private reader.conf.d, started in
 * the foreground and always killed: on `stop()`, on test failure (afterAll), and when the test process
 * exits. Refuses to run beside a pcscd it did not start (it would not be able to stop or restart it).
 */
export class PcscdHarness {
  private child: ChildProcess | undefined;
  private readonly confDir = mkdtempSync(join(tmpdir(), 'gatepost-pcscd-'));
  private output = '';
  private readonly exitHook = () => this.child?.kill('SIGKILL');

  private constructor(private name: string) {
    this.writeConf();
  }

  static async start(name = 'Virtual PCD'): Promise<PcscdHarness> {
    const why = pcscdUnavailable();
    if (why) throw new Error(`pcscd tests cannot run: ${why}`);
    if (running) throw new Error('a PcscdHarness is already running in this process');
    if (await probePcscd()) {
      const pidFile = '/run/pcscd/pcscd.pid';
      const pid = existsSync(pidFile) ? readFileSync(pidFile, 'utf8').trim() : '?';
      throw new Error(`a pcscd not started by these tests is running (pid ${pid}); stop it first`);
    }
    const h = new PcscdHarness(name);
    running = h;
    try {
      await h.up();
    } catch (err) {
      await h.stop();
      throw err;
    }
    return h;
  }

  get socketPath(): string {
    return pcscdSocketPath();
  }

  /** Reader names as pcscd gives them to the vpcd slots. */
  readerNames(): string[] {
    return [`${this.name} 00 00`, `${this.name} 00 01`];
  }

  private writeConf(): void {
    const channel = `0x${vpcdPort(0).toString(16).toUpperCase()}`;
    writeFileSync(
      join(this.confDir, 'vpcd'),
      `FRIENDLYNAME "${this.name}"\nDEVICENAME   /dev/null:${channel}\nLIBPATH      ${VPCD_DRIVER}\nCHANNELID    ${channel}\n`,
    );
  }

  /** Starts pcscd and waits for its socket and every vpcd port. */
  async up(): Promise<void> {
    if (this.child) return;
    process.once('exit', this.exitHook);
    const bin = PCSCD_CANDIDATES.find((p) => existsSync(p))!;
    const child = spawn(bin, ['-f', '-c', this.confDir], { stdio: ['ignore', 'pipe', 'pipe'] });
    this.child = child;
    const keep = (chunk: Buffer) => {
      this.output = (this.output + chunk.toString()).slice(-4000);
    };
    child.stdout?.on('data', keep);
    child.stderr?.on('data', keep);
    const deadline = Date.now() + 5000;
    for (;;) {
      if (child.exitCode !== null)
        throw new Error(`pcscd exited at start (${child.exitCode}): ${this.output.trim().slice(-500)}`);
      if ((await probePcscd()) && listening(vpcdPort(0)) && listening(vpcdPort(1))) return;
      if (Date.now() > deadline)
        throw new Error(`pcscd did not come up within 5 s: ${this.output.trim().slice(-500)}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  /** Stops pcscd (SIGTERM, SIGKILL after 2 s) and waits for it to be gone. */
  async down(signal: NodeJS.Signals = 'SIGTERM'): Promise<void> {
    const child = this.child;
    if (!child) return;
    this.child = undefined;
    if (child.exitCode === null && child.signalCode === null) {
      const gone = new Promise<void>((resolve) => child.once('exit', () => resolve()));
      child.kill(signal);
      const timer = setTimeout(() => child.kill('SIGKILL'), 2000);
      await gone;
      clearTimeout(timer);
    }
    process.removeListener('exit', this.exitHook);
  }

  /**
   * Restarts pcscd, optionally with the readers under another name: to the kiosk the old readers are
   * unplugged and new ones plugged in (pcscd 1.9 cannot add serial/vpcd readers while it runs).
   */
  async restart(name = this.name): Promise<void> {
    await this.down();
    this.name = name;
    this.writeConf();
    await this.up();
  }

  async stop(): Promise<void> {
    await this.down();
    rmSync(this.confDir, { recursive: true, force: true });
    if (running === this) running = undefined;
  }
}
