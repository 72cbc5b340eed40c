import { execFileSync, spawn, spawnSync, type ChildProcess, type SpawnOptions } from 'node:child_process';
import { chmodSync, copyFileSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/**
 * A throwaway Debian 12 root for tests that install things: a debootstrap'ed minbase system (made once,
 * cached as a tarball), unpacked into a fresh directory per test and removed after. Commands run chrooted in
 * a private mount namespace (unshare), so /proc, /dev and /sys are mounted for them alone and vanish with
 * them; nothing a test does inside touches this machine's own packages or users.
 */
export const ROOT_TARBALL =
  process.env.GATEPOST_TEST_ROOT_TARBALL ?? '/var/cache/gatepost-tests/bookworm-minbase.tar';
const MIRROR = process.env.GATEPOST_TEST_MIRROR ?? 'http://deb.debian.org/debian';

/** Says what is missing, instead of failing obscurely later. */
export function requireTools(): void {
  const missing = ['debootstrap', 'unshare', 'chroot', 'tar', 'flock'].filter(
    (tool) => spawnSync('sh', ['-c', `command -v ${tool}`]).status !== 0,
  );
  if (missing.length)
    throw new Error(
      `missing tools: ${missing.join(', ')} (apt-get install debootstrap util-linux, or scripts/setup.sh)`,
    );
  if (process.getuid?.() !== 0) throw new Error('the throwaway-root tests need root (chroot, mounts)');
}

/** Makes the cached minbase tarball if it is missing (about 1.5 min; serialised across test files). */
export function ensureRootTarball(): string {
  requireTools();
  if (existsSync(ROOT_TARBALL)) return ROOT_TARBALL;
  mkdirSync(dirname(ROOT_TARBALL), { recursive: true });
  const script = [
    'set -e',
    `[ -f "${ROOT_TARBALL}" ] && exit 0`,
    `dir=$(mktemp -d /var/tmp/gatepost-debootstrap-XXXXXX)`,
    // mktemp makes it 0700, and tar records "." with that mode: the root's / must be 0755 for its users.
    `chmod 0755 "$dir"`,
    `trap 'rm -rf "$dir"' EXIT`,
    `debootstrap --variant=minbase bookworm "$dir" ${MIRROR} >/dev/null`,
    `tar -C "$dir" -cf "${ROOT_TARBALL}.tmp" .`,
    `mv "${ROOT_TARBALL}.tmp" "${ROOT_TARBALL}"`,
  ].join('\n');
  execFileSync('flock', [`${ROOT_TARBALL}.lock`, 'sh', '-c', script], {
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  return ROOT_TARBALL;
}

export class ThrowawayRoot {
  private readonly children = new Set<ChildProcess>();

  private constructor(readonly dir: string) {}

  static create(): ThrowawayRoot {
    const tarball = ensureRootTarball();
    const dir = mkdtempSync('/var/tmp/gatepost-root-');
    execFileSync('tar', ['-C', dir, '-xf', tarball]);
    chmodSync(dir, 0o755); // the root's "/", entered by its non-root users (gatepost, nobody)
    copyFileSync('/etc/resolv.conf', join(dir, 'etc/resolv.conf'));
    // debootstrap leaves no /etc/hosts; an installed system has one (localhost).
    writeFileSync(
      join(dir, 'etc/hosts'),
      '127.0.0.1\tlocalhost\n::1\tlocalhost ip6-localhost ip6-loopback\n',
    );
    return new ThrowawayRoot(dir);
  }

  /** A path inside the root, as seen from this machine. */
  path(inside: string): string {
    return join(this.dir, inside);
  }

  private argv(command: string[]): string[] {
    const mounts = [
      'set -e',
      'mount --rbind /dev "$R/dev"',
      'mount -t proc proc "$R/proc"',
      'mount -t sysfs sys "$R/sys"',
      'exec chroot "$R" "$@"',
    ].join('; ');
    return ['--mount', '--propagation', 'private', '--', 'sh', '-c', mounts, 'sh', ...command];
  }

  /** Runs a command inside; throws with its output when it fails. */
  run(command: string[], opts: { env?: NodeJS.ProcessEnv; timeoutMs?: number } = {}): string {
    const result = spawnSync('unshare', this.argv(command), {
      env: { PATH: '/usr/sbin:/usr/bin:/sbin:/bin', LANG: 'C.UTF-8', ...opts.env, R: this.dir },
      encoding: 'utf8',
      timeout: opts.timeoutMs ?? 600_000,
      killSignal: 'SIGKILL',
    });
    if (result.status !== 0)
      throw new Error(
        `${command.join(' ')} failed (${result.status ?? result.signal}):\n${result.stdout}\n${result.stderr}`,
      );
    return result.stdout;
  }

  /** Same, but returns the exit status and output instead of throwing. */
  try(command: string[], env: NodeJS.ProcessEnv = {}): { status: number | null; output: string } {
    const result = spawnSync('unshare', this.argv(command), {
      env: { PATH: '/usr/sbin:/usr/bin:/sbin:/bin', LANG: 'C.UTF-8', ...env, R: this.dir },
      encoding: 'utf8',
      timeout: 120_000,
      killSignal: 'SIGKILL',
    });
    return { status: result.status, output: `${result.stdout}${result.stderr}` };
  }

  /** Starts a long-running command inside; killed by destroy() at the latest. */
  spawn(command: string[], env: NodeJS.ProcessEnv, options: SpawnOptions = {}): ChildProcess {
    const child = spawn('unshare', this.argv(command), {
      stdio: ['ignore', 'pipe', 'pipe'],
      ...options,
      env: { PATH: '/usr/sbin:/usr/bin:/sbin:/bin', LANG: 'C.UTF-8', ...env, R: this.dir },
    });
    this.children.add(child);
    child.once('exit', () => this.children.delete(child));
    return child;
  }

  async destroy(): Promise<void> {
    for (const child of this.children) {
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGKILL');
      await exited;
    }
    rmSync(this.dir, { recursive: true, force: true });
  }
}
