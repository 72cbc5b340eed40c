import { afterEach, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, rmSync, symlinkSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LogFile } from '../../electron/core/log-file.js';
import { createLogger } from '../../electron/core/logger.js';

/** Polls a condition on the event loop (LogFile writes are asynchronous). */
async function until(what: string, check: () => boolean, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

describe('LogFile: a log write failure never takes the kiosk down', () => {
  const dirs: string[] = [];
  const files: LogFile[] = [];
  afterEach(() => {
    for (const f of files.splice(0)) f.end();
    for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
  });
  const tmp = () => {
    const dir = mkdtempSync(join(tmpdir(), 'gatepost-logfile-'));
    dirs.push(dir);
    return dir;
  };

  it('writes lines in order to the file', async () => {
    const path = join(tmp(), 'gatepost.log');
    const file = new LogFile(path);
    files.push(file);
    for (let i = 0; i < 100; i++) file.write(`line ${i}\n`);
    await until('all lines written', () => readFileSync(path, 'utf8').split('\n').length === 101);
    expect(readFileSync(path, 'utf8').split('\n').slice(0, 3)).toEqual(['line 0', 'line 1', 'line 2']);
    expect(file.health()).toEqual({ dropped: 0 });
  });

  it('on ENOSPC drops and counts lines, keeps answering, and recovers with a note of what was lost', async () => {
    // /dev/full answers every write with ENOSPC: a real full disk, behind a link the test can swap.
    const dir = tmp();
    const path = join(dir, 'gatepost.log');
    symlinkSync('/dev/full', path);
    const file = new LogFile(path, { retryMs: 30 });
    files.push(file);
    file.write('first\n');
    await until('the failure noticed', () => file.health().failing !== undefined);
    expect(file.health().failing?.code).toBe('ENOSPC');
    for (let i = 0; i < 50; i++) expect(file.write(`while full ${i}\n`)).toBe(true);
    expect(file.health().dropped).toBeGreaterThanOrEqual(51);

    // Space comes back (here: the link now points at a writable file).
    unlinkSync(path);
    writeFileSync(path, '');
    await until('recovered', () => file.health().failing === undefined);
    file.write('after\n');
    await until('the next line written', () => readFileSync(path, 'utf8').includes('after'));
    const lines = readFileSync(path, 'utf8').trim().split('\n');
    const note = JSON.parse(lines[0]!) as { dropped: number; error: string; msg: string };
    expect(note.error).toBe('ENOSPC');
    expect(note.dropped).toBe(file.health().dropped);
    expect(lines.at(-1)).toBe('after');
  });

  it('bounds what waits in memory: past the bound lines are dropped, not queued', () => {
    const file = new LogFile(join(tmp(), 'gatepost.log'), { maxPendingBytes: 100 });
    files.push(file);
    // Written synchronously in one turn: nothing reaches the disk yet, so the bound decides.
    for (let i = 0; i < 20; i++) file.write(`${'x'.repeat(30)}\n`);
    expect(file.health().dropped).toBeGreaterThanOrEqual(16);
  });

  it('flushSync at exit makes one attempt and never loops on a full disk', () => {
    const dir = tmp();
    const path = join(dir, 'gatepost.log');
    symlinkSync('/dev/full', path);
    const file = new LogFile(path, { retryMs: 60_000 });
    files.push(file);
    file.write('in flight\n'); // goes to the disk asynchronously
    file.write('pending\n'); // waits behind it: what flushSync must write
    const t0 = Date.now();
    file.flushSync();
    file.end();
    // SonicBoom's flushSync would retry every 100 ms forever here.
    expect(Date.now() - t0).toBeLessThan(1000);
    expect(file.health().dropped).toBeGreaterThanOrEqual(1);
  });

  it('a directory that cannot hold the file is a failure state, not an exception', () => {
    const dir = tmp();
    writeFileSync(join(dir, 'not-a-dir'), '');
    const file = new LogFile(join(dir, 'not-a-dir', 'gatepost.log'), { retryMs: 60_000 });
    files.push(file);
    expect(() => file.write('x\n')).not.toThrow();
    expect(file.health().failing?.code).toMatch(/^E(EXIST|NOTDIR)$/);
  });

  it('a pino logger on a full disk logs on without throwing', async () => {
    const dir = tmp();
    const path = join(dir, 'gatepost.log');
    symlinkSync('/dev/full', path);
    const file = new LogFile(path, { retryMs: 60_000 });
    files.push(file);
    const logger = createLogger({ file, level: 'info', toStderr: false });
    for (let i = 0; i < 200; i++) logger.info({ i }, 'scan decided');
    await until('lines counted as dropped', () => file.health().dropped >= 200);
    expect(file.health().failing?.code).toBe('ENOSPC');
  });
});
