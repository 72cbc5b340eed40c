/**
 * Technician console costs: what the gatekeeper adds to every read (admin badges are checked on each
 * one), a PIN check (scrypt), and an in-place restart of the kiosk core until it is scan-ready again.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase } from '../../electron/core/journal/database.js';
import { AdminStore } from '../../electron/core/admin/admin-store.js';
import { AdminSessions } from '../../electron/core/admin/admin-sessions.js';
import { BadgeBook } from '../../electron/core/admin/badge-book.js';
import { PinLock } from '../../electron/core/admin/pin-lock.js';
import { ConsoleGatekeeper } from '../../electron/core/admin/scan-gatekeeper.js';
import { KeyFileCipher } from '../../electron/core/secrets/secret-cipher.js';
import { SecretStore } from '../../electron/core/secrets/secret-store.js';
import { createLogger } from '../../electron/core/logger.js';
import { entryV1DemoKit } from '../../electron/sandbox/entry-v1/demo-kit.js';
import { KioskRuntime } from '../../electron/host/kiosk-runtime.js';
import { summarise, type BenchEntry } from './bench-report.js';

export async function benchConsole(): Promise<BenchEntry[]> {
  const dir = mkdtempSync(join(tmpdir(), 'gatepost-bench-console-'));
  const kit = await entryV1DemoKit.start();
  let runtime: KioskRuntime | undefined;
  try {
    const db = openDatabase(join(dir, 'admin.sqlite3'));
    const store = new AdminStore(db);
    const secrets = SecretStore.inDataDir(dir, new KeyFileCipher(join(dir, 'secret.key')));
    const badges = new BadgeBook(store, secrets);
    for (let i = 0; i < 10; i++) badges.add(`BADGE-${i}-XYZ`, `b${i}`, 0);
    const sessions = new AdminSessions({ now: Date.now, idleMs: 60_000 });
    const gatekeeper = new ConsoleGatekeeper({
      sessions,
      badges,
      onBadge: () => undefined,
      onProvisioningCode: () => undefined,
    });
    const screen: number[] = [];
    for (let i = 0; i < 10_000; i++) {
      const read = {
        token: `3900000000${String(i).padStart(4, '0')}`,
        inputType: 'Barcode' as const,
        source: 'wedge',
        receivedAt: 0,
      };
      const t0 = performance.now();
      gatekeeper.screen(read);
      screen.push(performance.now() - t0);
    }

    const pins = new PinLock(store, { now: Date.now });
    await pins.setFirst('24681357');
    const pin: number[] = [];
    for (let i = 0; i < 20; i++) {
      const t0 = performance.now();
      await pins.check('24681357');
      pin.push(performance.now() - t0);
    }
    sessions.dispose();
    db.close();

    const dataDir = join(dir, 'kiosk');
    mkdirSync(dataDir, { mode: 0o700 });
    writeFileSync(
      join(dataDir, 'config.json'),
      JSON.stringify({ heartbeatIntervalMs: 0, provider: { kind: 'entry-v1', ...kit.settings } }),
    );
    runtime = await KioskRuntime.start({
      dataDir,
      logger: createLogger({ level: 'warn', toStderr: false }),
    });
    const ready = async () => {
      while (!runtime!.current?.kiosk.status().ready) await new Promise((r) => setTimeout(r, 2));
    };
    await ready();
    const restart: number[] = [];
    for (let i = 0; i < 10; i++) {
      const t0 = performance.now();
      await runtime.restart('bench');
      await ready();
      restart.push(performance.now() - t0);
    }
    return [
      summarise(
        'console.gatekeeper-per-read (10 badges)',
        screen,
        null,
        'added to every read before the pipeline',
      ),
      summarise('console.pin-check (scrypt N=2^15)', pin, null, 'one login attempt'),
      summarise(
        'console.restart-to-scan-ready (entry-v1 sandbox)',
        restart,
        3000,
        'Restart now: core closed, booted, provider session open',
      ),
    ];
  } finally {
    await runtime?.close();
    await kit.sandbox.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[1]?.endsWith('console.ts')) {
  for (const r of await benchConsole())
    console.log(`${r.name}: n=${r.n} p50=${r.p50} ${r.unit} p99=${r.p99} ${r.unit}`);
}
