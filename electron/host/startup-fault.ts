import { z } from 'zod';
import type { AdminStatus, KioskStatus } from '../common/contract.js';
import { KioskConfig } from '../core/config/kiosk-config.js';
import { ConfigError } from '../core/config/load-config.js';
import { StartupFault } from '../core/journal/storage-fault.js';
import { RpcRouter } from '../core/rpc/rpc-router.js';

export { StartupFault };

/**
 * Any error a start-up threw, as a StartupFault with a code staff can read. Storage faults arrive as
 * StartupFaults already (openJournal); a bad config file is CONFIG-INVALID (fixing it needs a tech, but
 * start-up retries so the fix is picked up without a restart); anything else is START-FAILED.
 */
export function asStartupFault(err: unknown): StartupFault {
  if (err instanceof StartupFault) return err;
  if (err instanceof ConfigError) return new StartupFault('CONFIG-INVALID', err.message, true);
  // A provider checks its own settings block when it is built.
  if (err instanceof z.ZodError) {
    const issues = err.issues.map((i) => `provider.${i.path.join('.')}: ${i.message}`).join('; ');
    return new StartupFault('CONFIG-INVALID', `config.json: ${issues}`, true);
  }
  const message = err instanceof Error ? err.message : String(err);
  return new StartupFault('START-FAILED', `The kiosk could not start: ${message}`, true);
}

/** Defaults for what the renderer needs to draw a screen when there is no working config. */
const FALLBACK = KioskConfig.parse({ provider: { kind: 'entry-v1' } });

/** The status the patron screen gets while start-up is failing: out of service, with the code. */
export function faultStatus(fault: StartupFault, config: KioskConfig | undefined): KioskStatus {
  const c = config ?? FALLBACK;
  return {
    ready: false,
    outOfService: fault.message.slice(0, 200),
    code: fault.code.slice(0, 32),
    connectivity: 'offline',
    provider: config?.provider.kind ?? 'none',
    demo: false,
    deviceName: c.deviceName,
    resultHoldMs: c.resultHoldMs,
    wedge: c.wedge,
    sounds: false,
    devices: [],
  };
}

/**
 * The contract served while start-up is failing, so the shell still comes up and shows the fault (the
 * technician console reuses this for configuration errors). Scans are not taken (`accepted: false`); the
 * admin screen lists the fault with its code and since when.
 */
export function faultRouter(
  current: () => { fault: StartupFault; since: number },
  config: () => KioskConfig | undefined,
): RpcRouter {
  return new RpcRouter()
    .handle('scan.submit', () => ({ accepted: false }))
    .handle('scan.shown', () => null)
    .handle('kiosk.status', () => faultStatus(current().fault, config()))
    .handle('admin.status', (): AdminStatus => {
      const { fault, since } = current();
      return {
        provider: config()?.provider.kind ?? 'none',
        connectivity: 'offline',
        since,
        reason: `${fault.code}: ${fault.message}`.slice(0, 300),
        offlinePolicy: (config() ?? FALLBACK).offline.policy,
        pendingUploads: 0,
        uploaded: 0,
        deadLetters: [],
        eventsCached: 0,
        ticketsCached: 0,
        upload: { state: 'not-supported', failures: 0 },
        devices: [],
        shedScans: 0,
        faults: [{ code: fault.code.slice(0, 32), message: fault.message.slice(0, 300), since }],
        recentScans: [],
      };
    });
}
