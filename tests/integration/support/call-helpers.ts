/** Helpers every provider's integration harness uses (re-exported from each `*-harness.ts`). */

/** Settles a promise and reports how long it took, so tests can bound promptness loosely. */
export async function timed<T>(
  promise: Promise<T>,
): Promise<{ ms: number; result: { ok: true; value: T } | { ok: false; error: unknown } }> {
  const start = performance.now();
  try {
    const value = await promise;
    return { ms: performance.now() - start, result: { ok: true, value } };
  } catch (error) {
    return { ms: performance.now() - start, result: { ok: false, error } };
  }
}

/** A signal that aborts after `ms`, as the kiosk's decision budget does. */
export function abortAfter(ms: number): AbortSignal {
  const controller = new AbortController();
  setTimeout(() => controller.abort(new Error('decision budget exhausted')), ms);
  return controller.signal;
}
