import { performance } from 'node:perf_hooks';

export interface LoopLoad {
  /** Milliseconds this thread's event loop spent running code (not waiting for I/O) since the mark. */
  busyMs: number;
  /** That as a share of the time since the mark, 0…1. */
  share: number;
}

/**
 * Marks now; the returned function tells how busy this process's event loop has been since. From
 * libuv's idle time and the process clock: both real even under a test's fake timers, which fake
 * `performance.now()` and with it `performance.eventLoopUtilization()`.
 */
export function markLoopLoad(): () => LoopLoad {
  const t0 = process.uptime();
  const idle0 = performance.nodeTiming.idleTime;
  return () => {
    const elapsed = (process.uptime() - t0) * 1000;
    const busyMs = Math.max(0, elapsed - (performance.nodeTiming.idleTime - idle0));
    return { busyMs, share: elapsed > 0 ? Math.min(1, busyMs / elapsed) : 0 };
  };
}
