/**
 * Found by the chaos suite (api-down-at-boot with a silent network): on Node 20,
 * `AbortSignal.any([parent, AbortSignal.timeout(ms)])` loses its time-out after a garbage collection, so
 * a call meant to give up after 10 s waited forever. `timeLimit` must fire whatever the GC does; the
 * check runs in a child with `--expose-gc` so it can force a collection.
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { timeLimit, withTimeLimit } from '../../electron/core/timeout-signal.js';

const HELPER = fileURLToPath(new URL('../../electron/core/timeout-signal.ts', import.meta.url));

/** Creates a signal with `expression`, drops every reference to it, forces a GC: does it still fire? */
function firedAfterGc(expression: string): string {
  const script = `
    import { timeLimit } from ${JSON.stringify(HELPER)};
    const parent = new AbortController();
    let signal = ${expression};
    signal.addEventListener('abort', (e) => { console.log('fired ' + e.target.reason.name); process.exit(0); });
    signal = undefined;
    setTimeout(() => globalThis.gc(), 20);
    setTimeout(() => { console.log('never fired'); process.exit(0); }, 1500);
  `;
  const run = spawnSync(
    process.execPath,
    ['--expose-gc', '--import', 'tsx', '--input-type=module', '-e', script],
    { encoding: 'utf8', timeout: 20_000 },
  );
  return run.stdout.trim() || run.stderr.trim();
}

describe('time limits that survive garbage collection', () => {
  it('fires after a GC, with a parent and without', () => {
    expect(firedAfterGc('timeLimit(parent.signal, 200).signal')).toBe('fired TimeoutError');
    expect(firedAfterGc('timeLimit(undefined, 200).signal')).toBe('fired TimeoutError');
  });

  it('follows its parent: aborting the parent aborts it at once, with the same reason', () => {
    const parent = new AbortController();
    const { signal } = timeLimit(parent.signal, 60_000);
    parent.abort(new Error('stopping'));
    expect(signal.aborted).toBe(true);
    expect((signal.reason as Error).message).toBe('stopping');
  });

  it('leaves no listener on the parent once the work is done', async () => {
    const parent = new AbortController();
    const listening: number[] = [];
    const add = parent.signal.addEventListener.bind(parent.signal);
    const remove = parent.signal.removeEventListener.bind(parent.signal);
    parent.signal.addEventListener = ((...args: Parameters<typeof add>) => {
      listening.push(1);
      add(...args);
    }) as typeof add;
    parent.signal.removeEventListener = ((...args: Parameters<typeof remove>) => {
      listening.pop();
      remove(...args);
    }) as typeof remove;
    for (let i = 0; i < 50; i++) await withTimeLimit(parent.signal, 60_000, async () => 'done');
    expect(listening).toEqual([]);
  });
});
