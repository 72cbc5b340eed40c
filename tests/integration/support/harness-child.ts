/**
 * A harness in a child process, for harness-cleanup.test.ts: it starts what the real harnesses start (the
 * built web shell on a temp data dir, a sandbox child) through the same helpers, prints their pids and
 * dirs, then either waits to be signalled (`wait`) or, once a line arrives on stdin, fails with an
 * uncaught error (`fail`).
 *   node --import tsx tests/integration/support/harness-child.ts wait|fail
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { startWebShellProcess } from './web-shell-process.js';
import { startSandboxChild } from '../../bench/sandbox-child.js';
import { launchKiosk } from '../../e2e/support/kiosk-process.js';
import { removeOnExit } from '../../support/reaper.js';

const mode = process.argv[2] ?? 'wait';
const dataDir = mkdtempSync(join(tmpdir(), 'gatepost-harness-'));
removeOnExit(dataDir);
const shell = await startWebShellProcess(dataDir);
const sandbox = await startSandboxChild('entry-v1', 0);
const kiosk = await launchKiosk({ provider: { kind: 'entry-v1', ...sandbox.settings } });
process.stdout.write(
  `HARNESS_CHILDREN ${JSON.stringify({
    pids: [shell.child.pid, sandbox.pid, kiosk.pid],
    dirs: [dataDir, kiosk.dataDir],
  })}\n`,
);
if (mode === 'fail')
  createInterface({ input: process.stdin }).once('line', () => {
    throw new Error('a harness step failed');
  });
setInterval(() => undefined, 60_000);
