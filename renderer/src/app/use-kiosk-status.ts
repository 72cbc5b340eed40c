import { useEffect, useState } from 'react';
import type { GatepostApi, KioskStatus } from '../../../electron/common/contract';

const STATUS_RETRY_MS = 1000;

/**
 * The latest kiosk status: subscribed first, then fetched once, so no update can fall between the two.
 * A fetch that fails (core still starting, socket not yet open) is retried until a status arrives.
 */
export function useKioskStatus(api: GatepostApi): KioskStatus | null {
  const [status, setStatus] = useState<KioskStatus | null>(null);

  useEffect(() => {
    let active = true;
    let received = false;
    let retry: ReturnType<typeof setTimeout> | undefined;

    const unsubscribe = api.onStatus((next) => {
      received = true;
      setStatus(next);
    });

    const fetchStatus = (): void => {
      void api.getStatus().then((result) => {
        // A pushed status is newer than any reply that raced it.
        if (!active || received) return;
        if (result.ok) setStatus(result.value);
        else retry = setTimeout(fetchStatus, STATUS_RETRY_MS);
      });
    };
    fetchStatus();

    return () => {
      active = false;
      clearTimeout(retry);
      unsubscribe();
    };
  }, [api]);

  return status;
}
