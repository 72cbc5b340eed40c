import type { AdminAction } from '../common/admin-contract.js';
import type { AdminStatus, KioskStatus } from '../common/contract.js';
import type { ConsoleGatekeeper } from '../core/admin/scan-gatekeeper.js';
import type { Logger } from '../core/logger.js';
import type { SecretStore } from '../core/secrets/secret-store.js';
import type { BootedKiosk } from './boot.js';
import type { ConfigState } from './config-state.js';

/** What the console needs of the runtime that hosts it. */
export interface ConsoleHost {
  readonly current: BootedKiosk | undefined;
  readonly configState: ConfigState;
  restart(reason: string): Promise<void>;
  statusChanged(): void;
  setNotice(notice: { reason: string; code: string } | undefined): void;
  standbyAdminStatus(): AdminStatus;
  status(): KioskStatus;
  emit(event: 'admin.requested'): boolean;
}

/** What the console's parts (settings, devices) share. */
export interface ConsoleParts {
  dataDir: string;
  secrets: SecretStore;
  logger: Logger;
  now: () => number;
  runtime: ConsoleHost;
  gatekeeper: ConsoleGatekeeper;
  /** Writes one entry to the admin journal (`admin_actions`). */
  journal: (entry: Omit<AdminAction, 'at'>) => void;
}

/** How long "read one scan", "add badge" and "scan a provisioning code" wait for the scan. */
export const DEFAULT_CAPTURE_MS = 20_000;
