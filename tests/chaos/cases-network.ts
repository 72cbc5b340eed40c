import type { ChaosRun } from './chaos-run.js';
import { awaitReference, pickDown, sleep, withRun, type ChaosCase } from './chaos-case.js';
import type { NetworkMode } from './flaky-proxy.js';

/** Scans one ticket every `everyMs` until `until` resolves (a kiosk at a quiet gate). */
async function trickle(run: ChaosRun, until: Promise<unknown>, everyMs: number): Promise<void> {
  let over = false;
  void until.then(() => (over = true));
  while (!over) {
    await run.scan(1, { timeoutMs: 10_000 });
    await Promise.race([until, sleep(everyMs)]);
  }
}

/** The API is down when the kiosk boots (with reference data from before) and back after `backAfterS`. */
function downAtBoot(backAfterS: number): ChaosCase {
  return {
    name: `api-down-at-boot-${backAfterS}s`,
    what: `reference synced earlier; API down at boot, back ${backAfterS} s after boot; scanning throughout`,
    run: (ctx) =>
      withRun(ctx, {}, async (run, result) => {
        await run.boot();
        await awaitReference(run, result);
        await run.scan(5);
        await run.stopKiosk();
        await run.proxy.set(pickDown(run.rng));
        const bootedAt = Date.now();
        // With reference data it starts offline and decides locally; without, it shows "see staff".
        await run.boot({ waitReady: run.provider.syncs });
        const back = sleep(Math.max(0, bootedAt + backAfterS * 1000 - Date.now())).then(() =>
          run.proxy.set('up'),
        );
        await trickle(run, back, run.rng.int(150, 600));
        await run.scan(10);
        await run.drain(45_000);
      }),
  };
}

export const networkCases: ChaosCase[] = [
  downAtBoot(0),
  downAtBoot(1),
  downAtBoot(5),
  downAtBoot(30),
  {
    name: 'reboot-during-outage',
    what: "issue 7's case: 128 offline scans, kill -9 during the outage, boot offline, API back ~9 s after boot",
    run: (ctx) =>
      withRun(ctx, { tickets: 300 }, async (run, result) => {
        await run.boot();
        await awaitReference(run, result);
        await run.proxy.set(pickDown(run.rng));
        const offline = await run.scan(128, { inFlight: 4 });
        // Kill with more scans in flight, so the kill lands mid-scan too.
        let killing: Promise<void> | undefined;
        const killAfter = run.rng.int(0, 10);
        await run.scan(20, {
          inFlight: 4,
          stopWhen: () => killing !== undefined,
          onShown: (n) => {
            if (n >= killAfter && !killing) killing = run.crash();
          },
        });
        killing ??= run.crash();
        await killing;
        const bootedAt = Date.now();
        await run.boot({ waitReady: run.provider.syncs });
        // Boots offline from its stored data and decides from it.
        if (run.provider.syncs) {
          const s = await run.waitStatus('offline after boot', (x) => x.ready, 10_000);
          if (s.connectivity !== 'offline') result.violations.push('the kiosk did not boot offline');
        }
        const back = sleep(Math.max(0, bootedAt + 9000 - Date.now())).then(() => run.proxy.set('up'));
        await trickle(run, back, 700);
        const drained = await run.drain(45_000);
        result.measured.offlineScans = offline.length;
        if (run.provider.uploads && drained.deadLetters.length > 0)
          result.violations.push(`${drained.deadLetters.length} dead letters after the outage`);
      }),
  },
  {
    name: 'upload-server-errors',
    what: 'scans queued; the API answers, but every upload gets a 503 for a while: visible back-off, no dead letter',
    run: (ctx) =>
      withRun(ctx, {}, async (run, result) => {
        if (!run.provider.uploads) result.notes.push('no uploads: nothing to refuse');
        await run.boot();
        await awaitReference(run, result);
        await run.proxy.set(pickDown(run.rng));
        await run.scan(run.rng.int(20, 120), { inFlight: 6 });
        await run.proxy.set('error', { only: (m, p) => run.provider.isUpload(m, p) });
        const uploadSeen = await run.until(
          async () =>
            run.proxy.requests().some((r) => run.provider.isUpload(r.method, r.path)) ? true : undefined,
          { timeoutMs: 8000 },
        );
        if (run.provider.uploads && !uploadSeen)
          result.notes.push('no upload was attempted: nothing queued that this provider sends');
        if (uploadSeen) {
          // Staff see the uploads failing (issue 7, item 5): attempts, last error, next try.
          const seen = await run.until(
            async () => {
              const s = await run.admin();
              return s.upload.state === 'backing-off' && s.upload.failures >= 2 ? s : undefined;
            },
            { timeoutMs: 20_000 },
          );
          if (!seen) result.violations.push('upload failures not shown as backing-off on the admin screen');
          else {
            if (!seen.upload.lastError || seen.upload.nextAttemptAt === undefined)
              result.violations.push(
                `back-off shown without last error or next try: ${JSON.stringify(seen.upload)}`,
              );
            if (seen.deadLetters.length > 0) result.violations.push('a 5xx made dead letters');
            result.measured.failuresShown = seen.upload.failures;
          }
        }
        await sleep(run.rng.int(0, 3000));
        await run.drain(45_000);
      }),
  },
  {
    name: 'flapping-drain',
    what: 'scans queued offline; the API flaps up/down/slow while the queue drains',
    run: (ctx) =>
      withRun(ctx, { tickets: 400 }, async (run, result) => {
        await run.boot();
        await awaitReference(run, result);
        await run.proxy.set(pickDown(run.rng));
        await run.scan(run.rng.int(100, 250), { inFlight: 8 });
        const modes: NetworkMode[] = ['up', 'refuse', 'reset', 'error', 'blackhole', 'slow'];
        const flapUntil = Date.now() + run.rng.int(3000, 8000);
        let flaps = 0;
        while (Date.now() < flapUntil) {
          await run.proxy.set(run.rng.pick(modes), { slowMs: run.rng.int(50, 1500) });
          flaps += 1;
          await sleep(run.rng.int(80, 700));
        }
        result.notes.push(`${flaps} network changes`);
        await run.drain(60_000);
      }),
  },
];
