/**
 * Start-up with the API silent (a dead route: connections accepted, never answered). Found by the chaos
 * suite: the kiosk stayed "starting" for the whole configure time-out — and, on Node 20, for good, as the
 * time-out signal was lost to GC (see timeout-signal.test.ts). With local data it now decides offline
 * after one decision budget.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import pino from 'pino';
import { KioskConfig } from '../../electron/core/config/kiosk-config.js';
import { openDatabase } from '../../electron/core/journal/database.js';
import { ReferenceStore } from '../../electron/core/offline/reference-store.js';
import { bootKiosk, type BootedKiosk } from '../../electron/host/boot.js';
import { ScriptedProvider, admit } from '../support/scripted-provider.js';

const booted: BootedKiosk[] = [];
const dirs: string[] = [];
afterEach(async () => {
  for (const b of booted.splice(0)) await b.close();
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

/** A provider whose session request is accepted and never answered (until its signal aborts it). */
function silentProvider(): ScriptedProvider {
  return Object.assign(new ScriptedProvider(async () => admit()), {
    configure: (signal: AbortSignal) =>
      new Promise<void>((_, reject) => signal.addEventListener('abort', () => reject(new Error('aborted')))),
  });
}

async function boot(withReference: boolean) {
  const dataDir = mkdtempSync(join(tmpdir(), 'gatepost-start-'));
  dirs.push(dataDir);
  if (withReference) {
    const db = openDatabase(join(dataDir, 'journal.sqlite3'));
    new ReferenceStore(db).replace('scripted', { events: [{ eventId: 'E1', name: 'Concert' }] }, Date.now());
    db.close();
  }
  const core = await bootKiosk({
    dataDir,
    config: KioskConfig.parse({ provider: { kind: 'entry-v1' }, decisionBudgetMs: 300 }),
    provider: silentProvider(),
    logger: pino({ level: 'silent' }),
    preallocate: false,
  });
  booted.push(core);
  return core;
}

describe('start-up with a silent API', () => {
  it('with local data: decides offline after one decision budget, not after the configure time-out', async () => {
    const core = await boot(true);
    // Well before the 10 s configure time-out (half of it), which used to be the earliest way out.
    await expect.poll(() => core.kiosk.status().ready, { timeout: 5000, interval: 20 }).toBe(true);
    expect(core.kiosk.status().connectivity).toBe('offline');
  });

  it('without local data: stays starting (nothing to decide on) rather than guessing', async () => {
    const core = await boot(false);
    await new Promise((r) => setTimeout(r, 800));
    expect(core.kiosk.status().ready).toBe(false);
  });
});
