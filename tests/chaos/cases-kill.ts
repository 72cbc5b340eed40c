import { awaitReference, pickDown, sleep, withRun, type ChaosCase } from './chaos-case.js';

/**
 * kill -9 at the moments that matter: while scanning online, during an outage, in the middle of an upload
 * batch, during a reference sync, during start-up, and right after the API came back. After each kill the
 * kiosk restarts on the same data dir, the API comes back, and the queue drains.
 */
export const killCases: ChaosCase[] = [
  {
    name: 'kill-online',
    what: 'kill -9 while scanning online, restart, drain',
    run: (ctx) =>
      withRun(ctx, {}, async (run, result) => {
        await run.boot();
        await awaitReference(run, result);
        const killAfter = run.rng.int(3, 30);
        let killing: Promise<void> | undefined;
        await run.scan(60, {
          inFlight: run.rng.int(1, 8),
          stopWhen: () => killing !== undefined,
          onShown: (n) => {
            if (n >= killAfter && !killing) killing = run.crash();
          },
        });
        await killing;
        await run.boot();
        await run.scan(10);
        await run.drain();
      }),
  },
  {
    name: 'kill-outage',
    what: 'API down, kill -9 while scanning offline, restart still down, API back, drain',
    run: (ctx) =>
      withRun(ctx, {}, async (run, result) => {
        await run.boot();
        await awaitReference(run, result);
        await run.scan(5);
        await run.proxy.set(pickDown(run.rng));
        const killAfter = run.rng.int(5, 60);
        let killing: Promise<void> | undefined;
        await run.scan(80, {
          inFlight: run.rng.int(1, 8),
          stopWhen: () => killing !== undefined,
          onShown: (n) => {
            if (n >= killAfter && !killing) killing = run.crash();
          },
        });
        await killing;
        await run.boot({ waitReady: run.provider.syncs });
        await run.scan(run.rng.int(0, 20));
        await run.drain();
      }),
  },
  {
    name: 'kill-upload',
    what: 'scans queued offline; kill -9 while an upload batch is on the wire (server has it, kiosk not)',
    run: (ctx) =>
      withRun(ctx, { tickets: 500 }, async (run, result) => {
        if (!run.provider.uploads) result.notes.push('no uploads: killed while online instead');
        await run.boot();
        await awaitReference(run, result);
        await run.proxy.set(pickDown(run.rng));
        // More than one Entry V1 batch (100), so the kill can land between batches too.
        await run.scan(run.rng.int(120, 220), { inFlight: 8 });
        // Answers arrive late: the server has stored the batch while the kiosk still waits for the reply.
        const slowMs = run.rng.int(100, 800);
        const nthUpload = run.rng.int(1, 2);
        let uploads = 0;
        let killing: Promise<void> | undefined;
        run.proxy.onRequest((r) => {
          if (r.phase !== 'start' || killing || !run.provider.isUpload(r.method, r.path)) return;
          uploads += 1;
          if (uploads === nthUpload) killing = sleep(run.rng.int(0, slowMs + 50)).then(() => run.crash());
        });
        await run.proxy.set('slow', { slowMs });
        await run.until(async () => ((await run.admin()).pendingUploads === 0 ? true : undefined), {
          timeoutMs: 30_000,
          stop: () => killing !== undefined,
        });
        await killing;
        if (!killing) result.notes.push('the queue drained before the chosen upload: no kill');
        await run.proxy.set('up');
        await run.boot();
        await run.drain();
      }),
  },
  {
    name: 'kill-sync',
    what: 'kill -9 during a reference sync, restart, scan online and offline, drain',
    run: (ctx) =>
      // Up to 400 scans before the kill and 15 after: more tickets than that.
      withRun(ctx, { tickets: 500 }, async (run, result) => {
        let killing: Promise<void> | undefined;
        // Only the first life is killed: a later sync must not kill the restarted kiosk.
        let armed = true;
        if (run.provider.syncs) {
          const nth = run.rng.int(1, 3);
          let syncs = 0;
          run.proxy.onRequest((r) => {
            if (!armed || r.phase !== 'start' || killing || !run.provider.isSync(r.method, r.path)) return;
            syncs += 1;
            if (syncs === nth) killing = sleep(run.rng.int(0, 30)).then(() => run.crash());
          });
        } else result.notes.push('no reference sync in this provider: killed at a random moment instead');
        await run.boot({ waitReady: false });
        if (!run.provider.syncs) killing = sleep(run.rng.int(0, 1500)).then(() => run.crash());
        // Scans go on meanwhile (syncs run every second while online).
        const scanning = run.scan(400, {
          inFlight: 2,
          stopWhen: () => killing !== undefined,
          timeoutMs: 30_000,
        });
        await run.until(async () => (killing ? true : undefined), { timeoutMs: 15_000 });
        armed = false;
        if (!killing) {
          result.violations.push('no reference sync seen in 15 s');
          killing = run.crash();
        }
        await killing;
        await scanning;
        await run.boot();
        await awaitReference(run, result);
        await run.scan(5);
        await run.proxy.set(pickDown(run.rng));
        await run.scan(10);
        await run.drain();
      }),
  },
  {
    name: 'kill-startup',
    what: 'a queue waiting; kill -9 at a random moment of start-up, restart, drain',
    run: (ctx) =>
      withRun(ctx, {}, async (run, result) => {
        await run.boot();
        await awaitReference(run, result);
        await run.proxy.set(pickDown(run.rng));
        await run.scan(run.rng.int(10, 40), { inFlight: 4 });
        await run.stopKiosk();
        if (run.rng.chance(0.5)) await run.proxy.set('up');
        const at = run.rng.int(0, 1500);
        const reached = await run.killDuringStartup(at);
        result.notes.push(`killed ${at} ms into start-up (${reached})`);
        await run.proxy.set('up');
        await run.boot();
        await run.drain();
      }),
  },
  {
    name: 'kill-after-reconnect',
    what: 'scans queued offline; the API comes back; kill -9 right after the kiosk goes online',
    run: (ctx) =>
      withRun(ctx, {}, async (run, result) => {
        await run.boot();
        await awaitReference(run, result);
        await run.proxy.set(pickDown(run.rng));
        await run.scan(run.rng.int(50, 150), { inFlight: 6 });
        let killing: Promise<void> | undefined;
        const delay = run.rng.int(0, 300);
        const kill = () => (killing ??= sleep(delay).then(() => run.crash()));
        // The pushed status is the earliest sign; polling covers a status pushed before we listened.
        run.onStatus((s) => void (s.connectivity === 'online' && kill()));
        await run.proxy.set('up');
        const online = await run.until(
          async () =>
            (await run.client!.call<{ connectivity: string }>('kiosk.status')).connectivity === 'online'
              ? true
              : undefined,
          { timeoutMs: 15_000, stop: () => killing !== undefined },
        );
        if (online) kill();
        if (!killing) result.violations.push('the kiosk did not come back online within 15 s');
        await killing;
        await run.boot();
        await run.drain();
      }),
  },
];
