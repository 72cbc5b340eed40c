import { join } from 'node:path';
import { KioskConfig } from '../core/config/kiosk-config.js';
import { loadConfig } from '../core/config/load-config.js';
import { createLogger, type Logger } from '../core/logger.js';
import { openDatabase, preallocateWal, type Db } from '../core/journal/database.js';
import { ScanJournal } from '../core/journal/scan-journal.js';
import { ScanRecorder } from '../core/journal/scan-recorder.js';
import { JournalCheckpointer } from '../core/journal/journal-checkpointer.js';
import { OfflineMode } from '../core/offline/offline-mode.js';
import { ReferenceStore } from '../core/offline/reference-store.js';
import { UploadQueue } from '../core/offline/upload-queue.js';
import { LocalDecider } from '../core/offline/local-decider.js';
import { probeFor } from '../core/offline/provider-probe.js';
import { LocalCheckProvider } from '../core/decision/local-check-provider.js';
import { FallbackChecker } from '../core/decision/fallback-checker.js';
import { Kiosk } from '../core/kiosk.js';
import { RpcRouter } from '../core/rpc/rpc-router.js';
import type { TicketCheckProvider } from '../core/providers/provider.js';
import { DeviceSet } from '../core/devices/device-set.js';
import { RendererWedgeSource } from '../core/devices/renderer-wedge-source.js';
import {
  createDevices,
  systemTransports,
  type Devices,
  type DeviceTransports,
} from '../core/devices/create-devices.js';
import type { GateDriver } from '../core/devices/gate-driver.js';
import type { ScanSource } from '../core/devices/scan-source.js';
import { createProvider } from './create-provider.js';
import { startDemo, type Demo } from './demo.js';

/** Every part of the kiosk a host (or a test) may supply; anything left out is built from the config. */
export interface HostOptions {
  dataDir: string;
  /** Epoch ms; the kiosk's one clock. Default `Date.now`. */
  now?: () => number;
  /** Instead of `config.json` in the data dir (or demo mode when there is none). */
  config?: KioskConfig;
  provider?: TicketCheckProvider;
  /** How devices are reached (serialport/node-hid by default; fakes in tests). */
  transports?: DeviceTransports;
  /** Instead of the gate the config's `devices.gate` names. */
  gate?: GateDriver;
  /** Instead of the scanners the config's `devices.scanners` name (the renderer wedge is always there). */
  sources?: ScanSource[];
  logger?: Logger;
  /** Pre-grow the WAL at start (default true; see preallocateWal). */
  preallocate?: boolean;
}

export interface BootedKiosk {
  kiosk: Kiosk;
  router: RpcRouter;
  /** Shells report whether a kiosk screen is connected to it. */
  wedge: RendererWedgeSource;
  config: KioskConfig;
  logger: Logger;
  db: Db;
  /** The devices built from the config (simulated scanners and relay included, for demo and tests). */
  devices: Devices;
  demo?: Demo;
  close(): Promise<void>;
}

/**
 * The composition root: the one place that picks real or simulated parts and wires them. Both shells
 * (Electron main, web shell) and the tests call it. With no config file in the data dir, the kiosk runs
 * in demo mode against a built-in sandbox on loopback.
 */
export async function bootKiosk(opts: HostOptions): Promise<BootedKiosk> {
  const now = opts.now ?? Date.now;
  const fileConfig = opts.config ?? loadConfig(opts.dataDir);
  const demo = fileConfig ? undefined : await startDemo();
  const config = fileConfig ?? KioskConfig.parse(demo!.config);
  const logger = opts.logger ?? createLogger({ dataDir: opts.dataDir, level: config.logLevel });
  const db = openDatabase(join(opts.dataDir, 'journal.sqlite3'));
  if (opts.preallocate ?? true) preallocateWal(db);

  const provider = opts.provider ?? createProvider(config.provider, { logger, now });
  const journal = new ScanJournal(db);
  const store = new ReferenceStore(db);
  const queue = new UploadQueue(db);
  const decider = new LocalDecider(db, store, config.offline.policy);
  const fallback = new FallbackChecker({
    online: provider,
    local: new LocalCheckProvider(decider, provider.name, config.direction),
    budgetMs: config.decisionBudgetMs,
    lateAnswerWindowMs: config.offline.lateAnswerWindowMs,
    thresholds: config.offline,
    probe: probeFor(provider, now),
    now,
  });
  const recorder = new ScanRecorder({
    db,
    journal,
    queue,
    decider,
    provider: provider.name,
    uploads: typeof provider.uploadOffline === 'function',
    direction: config.direction,
    lateAnswerWindowMs: config.offline.lateAnswerWindowMs,
    now,
  });
  const offline = new OfflineMode({ provider, store, queue, config, logger, now });
  const wedge = new RendererWedgeSource(now);
  const built = createDevices(config.devices, {
    transports: opts.transports ?? systemTransports,
    now,
    logger,
  });
  // Wallet-pass keys from the provider's reference data: those stored now, and each sync's.
  const nfcKeys = built.nfc && (() => built.nfc?.setProviderKeys(store.nfcKeys(provider.name)));
  if (nfcKeys) {
    if (store.syncedAt(provider.name) !== undefined) nfcKeys();
    offline.onReferenceSynced(nfcKeys);
  }
  const devices = new DeviceSet(
    [wedge, ...(opts.sources ?? built.scanners)],
    opts.gate ?? built.gate,
    logger,
  );
  built.gateController?.onPassage(({ scanId, passed }) => recorder.recordPassage(scanId, passed));
  const kiosk = new Kiosk({
    config,
    provider,
    fallback,
    recorder,
    journal,
    offline,
    devices,
    logger,
    demo: !!demo,
    now,
    checkpointer: new JournalCheckpointer(db),
  });

  const router = new RpcRouter()
    .handle('scan.submit', (args) => ({ accepted: wedge.submit(args) }))
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
    wedge,
    config,
    logger,
    db,
    devices: built,
    ...(demo && { demo }),
    async close() {
      await kiosk.close();
      db.close();
      await demo?.close();
      logger.flush();
    },
  };
}
