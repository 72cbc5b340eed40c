import { join } from 'node:path';
import { KioskConfig } from '../core/config/kiosk-config.js';
import { loadConfig } from '../core/config/load-config.js';
import type { StaffFault } from '../common/contract.js';
import { createLogger, type Logger } from '../core/logger.js';
import { LogFile, type LogFileHealth } from '../core/log-file.js';
import type { Db } from '../core/journal/database.js';
import {
  markJournalDamaged,
  openJournal,
  preallocateWalSafely,
  walPreallocBytes,
} from '../core/journal/open-journal.js';
import { JournalGuard } from '../core/journal/journal-guard.js';
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
import { JournalReport } from '../core/journal/journal-report.js';
import type { ScanGatekeeper } from '../core/admin/scan-gatekeeper.js';
import type { NfcKeyStore } from '../core/offline/reference-store.js';
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
  /** The log file behind `logger`, so its health (lines dropped on a full disk) reaches staff. */
  logFile?: LogFile;
  /** Pre-grow the WAL at start (default true; see preallocateWal). */
  preallocate?: boolean;
  /** A damaged journal the shell's runtime set aside before this start (shown to staff). */
  journalNotice?: StaffFault;
  /** With no config: run the built-in demo (default true). False refuses to boot without a config. */
  demo?: boolean;
  /** The technician console's gatekeeper (admin badges, provisioning codes, test reads, admin open). */
  gatekeeper?: ScanGatekeeper;
  /** Where provider-synced NFC keys are kept (the encrypted secret store); else the journal. */
  nfcKeys?: NfcKeyStore;
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
  /** For the technician console: upload now, live settings, diagnostics. */
  offline: OfflineMode;
  fallback: FallbackChecker;
  report: JournalReport;
  reference: ReferenceStore;
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
  if (!fileConfig && opts.demo === false) throw new Error('not configured (and the demo is off)');
  const demo = fileConfig ? undefined : await startDemo();
  const config = fileConfig ?? KioskConfig.parse(demo!.config);
  const ownLogFile =
    opts.logger || opts.logFile ? undefined : new LogFile(join(opts.dataDir, 'gatepost.log'), { now });
  const logFile = opts.logFile ?? ownLogFile;
  const logger = opts.logger ?? createLogger({ file: logFile, level: config.logLevel });
  let provider: TicketCheckProvider | undefined;
  let opened;
  try {
    // Settings are checked before the journal opens, so a bad provider block leaves nothing open.
    provider = opts.provider ?? createProvider(config.provider, { logger, now });
    opened = openJournal(opts.dataDir, { now });
  } catch (err) {
    // The shell shows this as an out-of-service screen (see startup-fault.ts); nothing may keep running.
    await provider?.close().catch(() => undefined);
    await demo?.close();
    ownLogFile?.end();
    throw err;
  }
  // A damaged journal set aside here, or by the shell's runtime when it opened the journal first.
  const notice = opened.notice ?? opts.journalNotice;
  const { db } = opened;
  if (opened.notice) logger.error({ code: opened.notice.code }, opened.notice.message);
  if (opts.preallocate ?? true) {
    const bytes = walPreallocBytes(opts.dataDir);
    const result = preallocateWalSafely(db, bytes);
    if (result !== 'done') logger.warn({ bytes, result }, 'WAL not pre-allocated (little free disk space)');
  }

  const journal = new ScanJournal(db);
  const store = new ReferenceStore(db, opts.nfcKeys);
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
    onStorageError: (err): boolean => guard.failed(err) !== undefined,
  });
  const guard = new JournalGuard(db, {
    dataDir: opts.dataDir,
    now,
    beforeProbe: (): (() => void) => recorder.flushBacklog(),
    onDamage: () => markJournalDamaged(opts.dataDir),
  });
  guard.on('change', (fault) => {
    if (fault) logger.error({ code: fault.code }, fault.message);
    else logger.warn('the journal can be written again; back in service');
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
    checkpointer: new JournalCheckpointer(db, { now, onError: (err) => guard.failed(err) }),
    guard,
    staffFaults: () => [
      ...(notice ? [notice] : []),
      ...logFaults(logFile?.health()),
      ...backlogFaults(recorder.backlogState().dropped, now),
    ],
    ...(opts.gatekeeper && { gatekeeper: opts.gatekeeper }),
  });

  const router = new RpcRouter()
    .handle('scan.submit', (args) => ({ accepted: wedge.submit(args) }))
    .handle('scan.shown', ({ scanId }) => {
      kiosk.markShown(scanId);
      return null;
    })
    .handle('kiosk.status', () => kiosk.status());
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
    offline,
    fallback,
    report: new JournalReport(db),
    reference: store,
    async close() {
      await kiosk.close();
      db.close();
      await demo?.close();
      logger.flush();
      ownLogFile?.end();
    },
  };
}

function logFaults(health: LogFileHealth | undefined): StaffFault[] {
  if (!health) return [];
  if (health.failing)
    return [
      {
        code: 'LOG-WRITE-FAILED',
        message: `The log file cannot be written (${health.failing.code}); ${health.dropped} lines dropped so far. Scanning goes on.`,
        since: health.failing.since,
      },
    ];
  if (health.dropped > 0)
    return [
      {
        code: 'LOG-LINES-DROPPED',
        message: `${health.dropped} log lines were dropped while the log file could not be written.`,
        since: 0,
      },
    ];
  return [];
}

function backlogFaults(dropped: number, now: () => number): StaffFault[] {
  if (dropped === 0) return [];
  return [
    {
      code: 'REFUSALS-NOT-JOURNALED',
      message: `${dropped} refused scans could not be journaled: the journal was unwritable for too long.`,
      since: now(),
    },
  ];
}
