import { readFileSync } from 'node:fs';
import type { ScanDecided } from '../../electron/common/contract.js';
import { awaitReference, pickDown, sleep, withRun, type ChaosCase } from './chaos-case.js';
import type { ChaosRun } from './chaos-run.js';
import { falseAdmits } from './invariant.js';

const HOUR = 3_600_000;

/** VmRSS and VmHWM (peak) of a process, in MiB, from /proc. */
function memoryOf(pid: number): { rss: number; peak: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kib = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN);
  return { rss: Math.round(kib('VmRSS') / 1024), peak: Math.round(kib('VmHWM') / 1024) };
}

/** One step of the clock case: something the kiosk does while its clock is off. */
const activities: Record<string, (run: ChaosRun) => Promise<void>> = {
  'scan online': async (run) => {
    await run.proxy.set('up');
    await run.scan(run.rng.int(3, 10));
  },
  'scan offline': async (run) => {
    await run.proxy.set(pickDown(run.rng));
    await run.scan(run.rng.int(5, 30), { inFlight: 4 });
  },
  upload: async (run) => {
    await run.proxy.set('up');
    await run.until(async () => ((await run.admin()).pendingUploads === 0 ? true : undefined), {
      timeoutMs: run.rng.int(200, 3000),
    });
  },
};

export const clockAndBurstCases: ChaosCase[] = [
  {
    name: 'clock-jumps',
    what: 'the kiosk clock jumps +1 h, -1 h and to 1970 while scanning online, offline and uploading',
    run: (ctx) =>
      withRun(ctx, {}, async (run, result) => {
        await run.boot();
        await awaitReference(run, result);
        await run.scan(5);
        const jumps = [HOUR, -HOUR, -Date.now() + run.rng.int(0, 30 * 86_400_000), 0];
        // Shuffle the first three (seeded); always end back on the right time.
        for (let i = 2; i > 0; i--) {
          const j = run.rng.int(0, i);
          [jumps[i], jumps[j]] = [jumps[j]!, jumps[i]!];
        }
        const steps: string[] = [];
        for (const offset of jumps) {
          await run.setClockOffset(offset);
          for (let k = 0; k < 2; k++) {
            const name = run.rng.pick(Object.keys(activities));
            steps.push(
              `${offset === 0 ? '0' : offset === HOUR ? '+1h' : offset === -HOUR ? '-1h' : '1970'}: ${name}`,
            );
            await activities[name]!(run);
          }
        }
        result.notes.push(steps.join('; '));
        await run.drain(45_000);
      }),
  },
  {
    name: 'burst-10000',
    exclusive: true,
    what: '10,000 scan.submit of never-sold barcodes in about 1 s; no false admit, bounded memory, answers after',
    run: (ctx) =>
      withRun(ctx, { tickets: 50 }, async (run, result) => {
        await run.boot();
        await awaitReference(run, result);
        await run.scan(3);
        await sleep(500);
        const pid = run.kiosk!.child.pid!;
        const before = memoryOf(pid);
        const client = run.client!;
        const unsold = new Set<string>();
        const total = 10_000;
        let answered = 0;
        client.onEvent(({ event }) => {
          if (event === 'scan.decided') answered += 1;
        });
        const t0 = performance.now();
        for (let sent = 0; sent < total;) {
          // ~1 s for all: 500 per 50 ms.
          for (let i = 0; i < 500 && sent < total; i++, sent++) {
            const token = run.unsold();
            unsold.add(token);
            client.send('scan.submit', { token, inputType: 'Barcode', source: 'wedge' });
          }
          await sleep(50);
        }
        result.measured.burstSendSeconds = Math.round((performance.now() - t0) / 10) / 100;
        const done = await run.until(async () => (answered >= total ? true : undefined), {
          timeoutMs: 180_000,
          intervalMs: 100,
        });
        if (!done) result.violations.push(`only ${answered} of ${total} burst scans answered in 180 s`);
        result.measured.burstAnswerSeconds = Math.round((performance.now() - t0) / 10) / 100;
        const after = memoryOf(pid);
        result.measured.rssBeforeMiB = before.rss;
        result.measured.rssAfterMiB = after.rss;
        result.measured.rssPeakMiB = after.peak;
        const admin = await run.admin();
        result.measured.shed = admin.shedScans;
        result.notes.push(
          `RSS ${before.rss} → ${after.rss} MiB (peak ${after.peak}); ${admin.shedScans} shed; ` +
            `connectivity after: ${admin.connectivity}`,
        );
        const wrong = falseAdmits(run, unsold);
        result.measured.falseAdmits = wrong.length;
        if (wrong.length > 0) result.violations.push(`${wrong.length} never-sold barcodes admitted`);
        if (after.peak - before.rss > 150)
          result.violations.push(`RSS grew by ${after.peak - before.rss} MiB during the burst`);
        // The kiosk still answers, and right: a sold ticket is admitted (online, or offline where it
        // decides locally), an unsold one is not.
        await run.waitStatus('ready after the burst', (s) => s.ready, 10_000);
        const [sold] = await run.scan(1, { timeoutMs: 10_000 });
        if (sold?.outcome === 'see-staff' || !sold)
          result.violations.push('no normal answer after the burst');
        const [notSold] = await run.scan(1, { token: () => run.unsold(), timeoutMs: 10_000 });
        if (notSold?.outcome === 'admit')
          result.violations.push('a never-sold barcode admitted after the burst');
        await run.drain();
        return (s: ScanDecided) => s !== undefined;
      }),
  },
];
