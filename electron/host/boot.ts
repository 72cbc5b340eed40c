import { join } from 'node:path';
import { KioskConfig } from './config/kiosk-config.js';
import { loadConfig } from './config/load-config.js';
import { createLogger, type Logger } from './logger.js';
import { openDatabase, preallocateWal } from './journal/database.js';
import { ScanJournal } from './journal/scan-journal.js';
import { JournalCheckpointer } from './journal/journal-checkpointer.js';
import { OfflineMode } from './offline/offline-mode.js';
import { NoGate } from './gate/gate.js';
import { Kiosk } from './kiosk.js';
import { RpcRouter } from './rpc/rpc-router.js';
import { createProvider } from './providers/create-provider.js';
import { startDemo, type Demo } from './demo.js';

export interface BootedCore {
  kiosk: Kiosk;
  router: RpcRouter;
  config: KioskConfig;
  logger: Logger;
  demo?: Demo;
  close(): Promise<void>;
}

/**
 * The composition root: the one place that picks real or simulated parts. Both hosts (Electron main, web
 * shell) call it. With no config file in the data dir, the kiosk runs in demo mode against the built-in
 * Entry V1 sandbox on loopback.
 */
export async function bootCore(opts: { dataDir: string; now?: () => number }): Promise<BootedCore> {
  const fileConfig = loadConfig(opts.dataDir);
  const demo = fileConfig ? undefined : await startDemo();
  const config = fileConfig ?? KioskConfig.parse(demo!.config);
  const logger = createLogger({ dataDir: opts.dataDir, level: config.logLevel });
  const db = openDatabase(join(opts.dataDir, 'journal.sqlite3'));
  preallocateWal(db);
  const journal = new ScanJournal(db);
  const checkpointer = new JournalCheckpointer(db);
  const provider = createProvider(config.provider, { logger, ...(opts.now && { now: opts.now }) });
  const offline = new OfflineMode({ db, journal, provider, config, logger, now: opts.now ?? Date.now });
  const kiosk = new Kiosk({
    config,
    provider,
    gate: new NoGate(),
    journal,
    checkpointer,
    offline,
    logger,
    demo: !!demo,
    ...(opts.now && { now: opts.now }),
  });
  const router = new RpcRouter()
    .handle('scan.submit', (args) => {
      // Answer at once; the decision reaches the renderer as a `scan.decided` event.
      void kiosk.submit({ ...args, receivedAt: Date.now() }).catch((err: unknown) => {
        logger.error({ err: (err as Error).message }, 'scan pipeline failed');
      });
      return { accepted: true };
    })
    .handle('scan.shown', ({ scanId }) => {
      kiosk.markShown(scanId);
      return null;
    })
    .handle('kiosk.status', () => kiosk.status())
    .handle('admin.status', () => kiosk.adminStatus());
  void kiosk.start();
  return {
    kiosk,
    router,
    config,
    logger,
    ...(demo && { demo }),
    async close() {
      await kiosk.close();
      db.close();
      await demo?.close();
      logger.flush();
    },
  };
}
