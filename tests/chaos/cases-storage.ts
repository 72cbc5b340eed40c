import { openSync, closeSync, statSync, truncateSync, writeSync } from 'node:fs';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ScanDecided } from '../../electron/common/contract.js';
import {
  awaitReference,
  pickDown,
  sleep,
  withRun,
  type CaseContext,
  type CaseResult,
  type ChaosCase,
} from './chaos-case.js';
import type { ChaosRun } from './chaos-run.js';
import { Tmpfs } from './tmpfs.js';

const MiB = 1024 * 1024;

/** A small tmpfs for the case's data dir; unmounted when the case ends (or the runner dies). */
async function onTmpfs(
  ctx: CaseContext,
  sizeBytes: number,
  body: (run: ChaosRun, result: CaseResult, fs: Tmpfs) => Promise<((s: ScanDecided) => boolean) | void>,
): Promise<CaseResult> {
  const fs = Tmpfs.mount(mkdtempSync(join(tmpdir(), 'gatepost-chaos-fs-')), sizeBytes);
  try {
    return await withRun(ctx, { dataDir: join(fs.dir, 'data') }, (run, result) => body(run, result, fs));
  } finally {
    fs.unmount();
  }
}

/** Scans one at a time, timing each decision from submit to shown; stops at `until` or `max`. */
async function timedScans(
  run: ChaosRun,
  max: number,
  until: () => boolean,
  everyMs: number,
): Promise<{ decisions: ScanDecided[]; ms: number[] }> {
  const decisions: ScanDecided[] = [];
  const ms: number[] = [];
  for (let i = 0; i < max && !until(); i++) {
    const t0 = performance.now();
    const [d] = await run.scan(1, { inFlight: 1, timeoutMs: 10_000 });
    if (!d) throw new Error('a scan got no decision (frozen screen)');
    ms.push(performance.now() - t0);
    decisions.push(d);
    await sleep(everyMs);
  }
  return { decisions, ms };
}

export const storageCases: ChaosCase[] = [
  {
    name: 'disk-full',
    what: 'start with ~3 MiB free (no WAL pre-allocation), fill the disk while scanning, free it again',
    run: (ctx) =>
      onTmpfs(ctx, 24 * MiB, async (run, result, fs) => {
        fs.fill(3 * MiB, 'ballast');
        await run.boot();
        await awaitReference(run, result);
        await run.scan(5);
        fs.fill(0);
        const fullAt = performance.now();
        let outOfServiceAt: number | undefined;
        run.onStatus((s) => {
          if (s.code && outOfServiceAt === undefined) outOfServiceAt = performance.now();
        });
        const during = await timedScans(run, 800, () => outOfServiceAt !== undefined, 0);
        // A few more while out of service: each answered at once, none sent to the provider.
        const more = await timedScans(run, 5, () => false, 50);
        const decisions = [...during.decisions, ...more.decisions];
        const ms = [...during.ms, ...more.ms];
        if (outOfServiceAt === undefined) result.violations.push('the journal never failed on a full disk');
        const firstFault = decisions.findIndex((d) => d.outcome === 'see-staff');
        const afterFault = firstFault < 0 ? [] : decisions.slice(firstFault);
        if (afterFault.some((d) => d.outcome === 'admit'))
          result.violations.push('an admit was shown while the journal could not be written');
        result.measured.scansUntilFull = firstFault;
        result.measured.msToAnswerMax = Math.round(Math.max(...ms));
        if (outOfServiceAt !== undefined)
          result.measured.msFullToOutOfService = Math.round(outOfServiceAt - fullAt);
        if (Math.max(...ms.slice(Math.max(0, firstFault))) > 2000)
          result.violations.push(
            `a patron waited ${Math.round(Math.max(...ms))} ms for "see staff" on a full disk`,
          );
        const status = await run.client!.call<{ code?: string; ready: boolean }>('kiosk.status');
        result.notes.push(`out of service with ${status.code ?? 'no code'} after ${firstFault} scans`);
        // The log is on the same full disk: its writes fail too, and the kiosk must keep answering.
        await timedScans(run, 30, () => false, 10);
        const logFault = await run.until(
          async () => {
            const faults = (await run.admin()).faults ?? [];
            return faults.find((f) => f.code === 'LOG-WRITE-FAILED');
          },
          { timeoutMs: 5000 },
        );
        if (!logFault)
          result.violations.push('no log write failed on a full disk (the case did not reach it)');
        else result.notes.push(`staff saw while full: ${logFault.code} (${logFault.message.slice(0, 60)}…)`);

        fs.unfill();
        fs.unfill('ballast');
        await run.waitStatus('back in service', (s) => s.ready && !s.code, 15_000);
        const admin = await run.admin();
        result.notes.push(`staff saw: ${(admin.faults ?? []).map((f) => f.code).join(', ') || 'no fault'}`);
        const after = await run.scan(5);
        if (!after.every((d) => d.outcome === 'admit'))
          result.violations.push('sold tickets not admitted after recovery');
        await run.proxy.set(pickDown(run.rng));
        await run.scan(5);
        await run.drain();
      }),
  },
  {
    name: 'disk-full-at-start',
    what: 'boot on a data dir with (almost) no free space, then free some',
    run: (ctx) =>
      onTmpfs(ctx, 24 * MiB, async (run, result, fs) => {
        const leave = run.rng.pick([0, 64 * 1024, 512 * 1024, 2 * MiB]);
        fs.fill(leave, 'ballast');
        await run.boot({ waitReady: false });
        const fault = await run.until(
          async () => {
            const s = await run.client!.call<{ ready: boolean; code?: string }>('kiosk.status');
            return s.ready || s.code ? s : undefined;
          },
          { timeoutMs: 15_000 },
        );
        result.notes.push(
          `${leave >> 10} KiB free at boot: ${fault?.ready ? 'started' : `out of service (${fault?.code ?? 'starting'})`}`,
        );
        if (fault && !fault.ready && fault.code !== 'DISK-FULL')
          result.violations.push(`start-up on a full disk showed ${fault.code ?? 'no code'}, not DISK-FULL`);
        if (fault?.ready) await run.scan(3);
        fs.unfill('ballast');
        await run.waitStatus('in service once space is free', (s) => s.ready && !s.code, 20_000);
        await awaitReference(run, result);
        await run.scan(5);
        await run.drain();
      }),
  },
  {
    name: 'journal-damaged',
    what: 'queue scans, stop or kill -9, damage journal.sqlite3 (truncate / garbage / header / empty), boot',
    run: (ctx) =>
      withRun(ctx, {}, async (run, result) => {
        await run.boot();
        await awaitReference(run, result);
        await run.scan(10);
        await run.proxy.set(pickDown(run.rng));
        await run.scan(run.rng.int(10, 40));
        if (run.rng.chance(0.5)) await run.crash();
        else await run.stopKiosk();
        const before = run.shown.length;
        const file = join(run.dataDir, 'journal.sqlite3');
        const size = statSync(file).size;
        const kind = run.rng.pick(['truncate', 'garbage', 'header', 'empty'] as const);
        const at = run.rng.int(0, Math.max(0, size - 1));
        if (kind === 'truncate') truncateSync(file, at);
        if (kind === 'empty') truncateSync(file, 0);
        if (kind === 'garbage' || kind === 'header') {
          const fd = openSync(file, 'r+');
          const junk = Buffer.from(Array.from({ length: 4096 }, () => run.rng.int(0, 255)));
          writeSync(fd, junk, 0, kind === 'header' ? 100 : junk.length, kind === 'header' ? 0 : at);
          closeSync(fd);
        }
        result.notes.push(
          `damage: ${kind}${kind === 'truncate' || kind === 'garbage' ? ` at ${at} of ${size} bytes` : ''}`,
        );
        await run.proxy.set('up');
        await run.boot({ waitReady: false });
        const status = await run.waitStatus('up after the damage', (s) => s.ready || !!s.code, 20_000);
        if (status.code && status.code !== 'JOURNAL-DAMAGED')
          result.violations.push(`damaged journal shown as ${status.code}`);
        // Damage in a table start-up does not check shows when it is read: out of service, and a
        // restart (what staff are told to do) sets the file aside.
        let restarts = 0;
        for (let i = 0; i < 20; i++) {
          const s = await run.client!.call<{ ready: boolean; code?: string }>('kiosk.status');
          if (s.code === 'JOURNAL-DAMAGED' && restarts < 2) {
            restarts += 1;
            await run.stopKiosk();
            await run.boot({ waitReady: false });
            await run.waitStatus('up after restart', (x) => x.ready || !!x.code, 20_000);
            continue;
          }
          if (!s.ready) await sleep(200);
          else await run.scan(1);
        }
        const admin = await run.admin();
        const notice = admin.faults?.find((f) => f.code === 'JOURNAL-DAMAGED');
        result.notes.push(
          notice
            ? notice.message.replace(/^The scan journal was damaged. /, '')
            : 'no damage found (it hit unused space)',
        );
        if (restarts > 0) result.notes.push(`restarted ${restarts}× after damage found while running`);
        await run.drain();
        // Decisions shown after the damage are checked in full; the ones before live on in the file set aside.
        const after = new Set(run.shown.slice(before).map((s) => s.scanId));
        return (s) => after.has(s.scanId);
      }),
  },
  {
    name: 'read-only-data-dir',
    what: 'data dir read-only at start (mounted ro): out of service with a code, starts once writable',
    // (Remounting read-only under a running kiosk is refused by Linux while files are open for writing;
    // a journal that stops taking writes while running is the disk-full case.)
    run: (ctx) =>
      onTmpfs(ctx, 48 * MiB, async (run, result, fs) => {
        await run.boot();
        await awaitReference(run, result);
        await run.scan(5);
        await run.proxy.set(pickDown(run.rng));
        await run.scan(10);
        await run.stopKiosk();
        fs.remount('ro');
        await run.boot({ waitReady: false });
        const s = await run.waitStatus('out of service at start', (x) => !!x.code, 15_000);
        if (s.code !== 'DATA-DIR-READ-ONLY') result.violations.push(`read-only at start shown as ${s.code}`);
        if (!s.outOfService) result.violations.push('no out-of-service text for staff');
        const reply = await run.client!.call<{ accepted: boolean }>('scan.submit', {
          token: run.ticket(),
          inputType: 'Barcode',
          source: 'wedge',
        });
        if (reply.accepted) result.violations.push('a scan was accepted while the data dir was read-only');
        result.notes.push(`at start: ${s.code ?? 'no code'}`);
        await sleep(run.rng.int(0, 3000));
        await run.proxy.set('up');
        fs.remount('rw');
        const t0 = performance.now();
        await run.waitStatus('started once writable', (x) => x.ready && !x.code, 20_000);
        result.measured.msWritableToReady = Math.round(performance.now() - t0);
        await run.scan(5);
        await run.drain();
      }),
  },
];
