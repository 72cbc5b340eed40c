import { z } from 'zod';
import { ConfigError } from '../core/config/load-config.js';
import { StartupFault, storageFaultOf } from '../core/journal/storage-fault.js';

export { StartupFault };

/**
 * Any error a start-up threw, as a StartupFault with a code staff can read. Storage faults arrive as
 * StartupFaults already (openJournal) or as file-system errors (DISK-FULL, DATA-DIR-READ-ONLY…); a bad
 * config is CONFIG-INVALID (fixing it needs a tech, but start-up retries so the fix is picked up without a
 * restart); anything else is START-FAILED. All but a newer journal version are retried.
 */
export function asStartupFault(err: unknown, where = 'the data folder'): StartupFault {
  if (err instanceof StartupFault) return err;
  if (err instanceof ConfigError) return new StartupFault('CONFIG-INVALID', err.message, true);
  // A provider checks its own settings block when it is built.
  if (err instanceof z.ZodError) {
    const issues = err.issues.map((i) => `provider.${i.path.join('.')}: ${i.message}`).join('; ');
    return new StartupFault('CONFIG-INVALID', `config.json: ${issues}`, true);
  }
  const storage = storageFaultOf(err, where);
  if (storage) return new StartupFault(storage.code, storage.message, true);
  const message = err instanceof Error ? err.message : String(err);
  return new StartupFault('START-FAILED', `The kiosk could not start: ${message}`, true);
}
