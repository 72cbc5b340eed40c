/** A signal that aborts when its parent does or its time is up; `clear()` once the work is done. */
export interface TimeLimit {
  readonly signal: AbortSignal;
  /** The work finished: drop the timer and the listener on the parent (the signal stays unaborted). */
  clear(): void;
}

/**
 * `parent` or `ms` elapsed, whichever comes first.
 *
 * Not `AbortSignal.any([parent, AbortSignal.timeout(ms)])`: on Node 20 the composite holds its sources
 * weakly, so after a garbage collection the time-out signal is gone and never fires (the chaos suite saw
 * a kiosk booting with the API silent stay "starting" for good, its 10 s configure time-out lost). Here
 * the timer holds the controller until it fires or is cleared. The timer is unref'd: a pending time-out
 * never keeps a stopping process alive.
 */
export function timeLimit(parent: AbortSignal | undefined, ms: number): TimeLimit {
  const controller = new AbortController();
  const onParentAbort = () => controller.abort(parent!.reason);
  const timer = setTimeout(
    () => controller.abort(new DOMException(`timed out after ${ms} ms`, 'TimeoutError')),
    ms,
  );
  timer.unref();
  const clear = () => {
    clearTimeout(timer);
    parent?.removeEventListener('abort', onParentAbort);
  };
  controller.signal.addEventListener('abort', clear, { once: true });
  if (parent?.aborted) onParentAbort();
  else parent?.addEventListener('abort', onParentAbort, { once: true });
  return { signal: controller.signal, clear };
}

/** Runs `work` under a time limit (see `timeLimit`) and clears it when the work settles. */
export async function withTimeLimit<T>(
  parent: AbortSignal | undefined,
  ms: number,
  work: (signal: AbortSignal) => Promise<T>,
): Promise<T> {
  const limit = timeLimit(parent, ms);
  try {
    return await work(limit.signal);
  } finally {
    limit.clear();
  }
}
