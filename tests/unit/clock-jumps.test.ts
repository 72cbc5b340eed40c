/**
 * A wall clock that jumps (NTP stepping, a tech setting the date, a dead RTC battery booting in 1970) must
 * not stall the kiosk's time-based work: upload back-off, late-answer holds, WAL checkpoints. The chaos
 * suite jumps the built web shell's clock through the same file-driven clock tested here.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase, type Db } from '../../electron/core/journal/database.js';
import { JournalCheckpointer } from '../../electron/core/journal/journal-checkpointer.js';
import { UploadQueue } from '../../electron/core/offline/upload-queue.js';
import { Uploader } from '../../electron/core/offline/uploader.js';
import type { OfflineScanRecord, UploadResult } from '../../electron/core/providers/provider.js';
import { clockFromEnv } from '../../electron/host/test-clock.js';
import { ScriptedProvider, admit } from '../support/scripted-provider.js';

const dirs: string[] = [];
const dbs: Db[] = [];
afterEach(() => {
  dbs.splice(0).forEach((db) => db.open && db.close());
  dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true }));
});
const tmp = () => {
  const dir = mkdtempSync(join(tmpdir(), 'gatepost-clock-'));
  dirs.push(dir);
  return dir;
};
const openDb = () => {
  const db = openDatabase(join(tmp(), 'journal.sqlite3'));
  dbs.push(db);
  return db;
};
const record = (scanId: string): OfflineScanRecord => ({
  scanId,
  token: `T-${scanId}`,
  inputType: 'Barcode',
  scannedAt: 1_000,
  outcome: 'admit',
  direction: 'entry',
});

const YEAR_2026 = Date.parse('2026-06-01T18:00:00Z');

describe('upload waits when the clock goes back', () => {
  it('a back-off or hold stamped before the jump is pulled back to at most maxAhead from the new now', () => {
    const queue = new UploadQueue(openDb());
    queue.enqueue('p', record('a'), YEAR_2026, YEAR_2026 + 6_000); // held (late-answer window)
    queue.enqueue('p', record('b'), YEAR_2026);
    queue.markRetry(['b'], 'HTTP 503', YEAR_2026 + 30_000);
    const in1970 = 5_000;
    expect(queue.nextBatch('p', 10, in1970)).toEqual([]);
    expect(queue.clampWaits('p', in1970, { maxBackoffMs: 60_000, maxHoldMs: 6_000 })).toBe(2);
    expect(queue.nextDueAt('p')).toBe(in1970 + 6_000);
    expect(queue.nextBatch('p', 10, in1970 + 6_000).map((r) => r.scanId)).toEqual(['a']);
    expect(queue.nextBatch('p', 10, in1970 + 60_000).map((r) => r.scanId)).toEqual(['a', 'b']);
    // Waits within the bounds are left as they are.
    expect(queue.clampWaits('p', in1970, { maxBackoffMs: 60_000, maxHoldMs: 6_000 })).toBe(0);
  });

  it('the uploader drains a queue whose back-off was set before the clock jumped back to 1970', async () => {
    const db = openDb();
    const queue = new UploadQueue(db);
    for (const id of ['a', 'b', 'c']) queue.enqueue('scripted', record(id), YEAR_2026);
    queue.markRetry(['a', 'b', 'c'], 'HTTP 503', YEAR_2026 + 200_000);
    const sent: string[] = [];
    const provider = Object.assign(new ScriptedProvider(async () => admit()), {
      uploadOffline: async (batch: OfflineScanRecord[]): Promise<UploadResult> => {
        sent.push(...batch.map((r) => r.scanId));
        return { accepted: batch.map((r) => r.scanId), rejected: [] };
      },
    });
    let now = 5_000; // 1970
    const uploader = new Uploader({
      queue,
      provider,
      now: () => now,
      backoff: { baseMs: 10, maxMs: 100 },
      maxHoldMs: 1500,
    });
    // The clamp allows at most the longest back-off (100 ms) ahead; let that much (kiosk) time pass.
    const first = await uploader.drainOnce();
    expect(first.uploads).toBe(0);
    now += 100;
    const second = await uploader.drainOnce();
    expect(second.acked).toBe(3);
    expect(sent).toEqual(['a', 'b', 'c']);
    await uploader.stop();
  });
});

describe('WAL checkpoints when the clock goes back', () => {
  it('keeps checkpointing after a jump back instead of waiting for the old time to come round', () => {
    const db = openDb();
    let now = YEAR_2026;
    const cp = new JournalCheckpointer(db, { now: () => now, intervalMs: 3_600_000 });
    cp.touch();
    now = 5_000; // 1970
    cp.touch();
    expect(cp.tick(1000, 60_000)).toBeUndefined();
    now += 61_000;
    cp.touch();
    expect(cp.tick(1000, 60_000)).toBe('forced');
    cp.stop();
  });

  it('a checkpoint that throws (disk full) is reported, never thrown out of the timer', async () => {
    const db = openDb();
    const errors: unknown[] = [];
    const cp = new JournalCheckpointer(db, { intervalMs: 5, idleMs: 0, onError: (e) => errors.push(e) });
    cp.touch();
    db.close(); // every checkpoint now throws
    await expect.poll(() => errors.length).toBeGreaterThan(0);
    cp.stop();
  });
});

describe('the test clock of the web shell (GATEPOST_CLOCK_OFFSET_FILE)', () => {
  it('is off unless the variable is set', () => {
    expect(clockFromEnv({})).toBeUndefined();
  });

  it('adds the offset in the file and follows changes to it', async () => {
    const file = join(tmp(), 'offset');
    writeFileSync(file, '3600000');
    const seen: number[] = [];
    const clock = clockFromEnv({ GATEPOST_CLOCK_OFFSET_FILE: file }, (o) => seen.push(o))!;
    try {
      expect(clock.now() - Date.now()).toBeGreaterThanOrEqual(3_599_000);
      writeFileSync(file, String(-Date.now()));
      await expect.poll(() => seen.length, { timeout: 3000 }).toBe(1);
      expect(clock.now()).toBeLessThan(60_000); // 1970
      writeFileSync(file, 'garbage');
      await new Promise((r) => setTimeout(r, 200));
      expect(clock.now()).toBeLessThan(60_000); // a bad file keeps the last offset
    } finally {
      clock.stop();
    }
  });
});
