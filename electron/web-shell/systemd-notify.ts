import { createRequire } from 'node:module';
import type { Logger } from '../host/index.js';

/** The part of unix-dgram this file uses. */
interface UnixDgramSocket {
  on(event: 'error', listener: (err: Error) => void): void;
  send(buf: Buffer, offset: number, length: number, path: string, callback?: (err?: Error) => void): void;
  close(): void;
}
interface UnixDgramModule {
  createSocket(type: 'unix_dgram'): UnixDgramSocket;
}

export interface SystemdNotifier {
  /** True when started by systemd with Type=notify (NOTIFY_SOCKET set). */
  readonly active: boolean;
  ready(status?: string): void;
  stopping(): void;
  /**
   * Sends WATCHDOG=1 every half of WatchdogSec while `healthy()` holds, so systemd restarts the web shell
   * when its event loop stalls or the core reports itself broken. No-op without WATCHDOG_USEC.
   */
  startWatchdog(healthy: () => boolean): void;
  close(): void;
}

/**
 * sd_notify(3) for the web shell: datagrams to $NOTIFY_SOCKET. Plain Node cannot send datagrams on a unix
 * socket (node:dgram is UDP only), and a helper process (`systemd-notify`, socat) exits before systemd
 * has looked up its cgroup, so systemd 252 drops its messages unless NotifyAccess=all; hence unix-dgram,
 * a small native module, used from this process. It is optional: without NOTIFY_SOCKET nothing is loaded.
 */
export function createSystemdNotifier(logger: Logger, env: NodeJS.ProcessEnv = process.env): SystemdNotifier {
  const path = env.NOTIFY_SOCKET;
  if (!path) return inactiveNotifier;
  if (path.startsWith('@'))
    throw new Error('NOTIFY_SOCKET is an abstract socket; only a socket path (systemd default) is supported');
  let unixDgram: UnixDgramModule;
  try {
    unixDgram = createRequire(import.meta.url)('unix-dgram') as UnixDgramModule;
  } catch (err) {
    throw new Error(
      `NOTIFY_SOCKET is set but the unix-dgram module cannot be loaded (${(err as Error).message}); ` +
        'reinstall with a C++ toolchain so the optional dependency builds',
      { cause: err },
    );
  }
  const socket = unixDgram.createSocket('unix_dgram');
  socket.on('error', (err) => logger.warn({ err: err.message }, 'sd_notify failed'));
  const send = (message: string) => {
    const buf = Buffer.from(message);
    socket.send(buf, 0, buf.length, path, (err) => {
      if (err) logger.warn({ err: err.message, message }, 'sd_notify failed');
    });
  };

  const watchdogUsec = Number(env.WATCHDOG_USEC);
  const watchdogForUs = !env.WATCHDOG_PID || Number(env.WATCHDOG_PID) === process.pid;
  let timer: NodeJS.Timeout | undefined;

  return {
    active: true,
    ready: (status) => send(`READY=1\nMAINPID=${process.pid}${status ? `\nSTATUS=${status}` : ''}`),
    stopping: () => send('STOPPING=1'),
    startWatchdog(healthy) {
      if (!(watchdogUsec > 0) || !watchdogForUs || timer) return;
      const beat = () => {
        if (healthy()) send('WATCHDOG=1');
        else logger.error('core unhealthy: withholding the watchdog ping so systemd restarts the web shell');
      };
      beat();
      timer = setInterval(beat, Math.max(100, Math.floor(watchdogUsec / 2000)));
      timer.unref();
    },
    close() {
      if (timer) clearInterval(timer);
      socket.close();
    },
  };
}

const inactiveNotifier: SystemdNotifier = {
  active: false,
  ready: () => undefined,
  stopping: () => undefined,
  startWatchdog: () => undefined,
  close: () => undefined,
};
