import { useEffect, useState } from 'react';
import type { AdminStatus, GatepostApi } from '../../../electron/common/contract';

const POLL_MS = 1000;

/** Polls the core's admin status once a second while the admin screen is open. */
export function useAdminStatus(api: GatepostApi): { status: AdminStatus | null; error: string | null } {
  const [status, setStatus] = useState<AdminStatus | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    let stopped = false;
    let timer: number | undefined;
    const poll = async () => {
      const result = await api.getAdminStatus();
      if (stopped) return;
      if (result.ok) {
        setStatus(result.value);
        setError(null);
      } else setError(result.error);
      timer = window.setTimeout(() => void poll(), POLL_MS);
    };
    void poll();
    return () => {
      stopped = true;
      window.clearTimeout(timer);
    };
  }, [api]);
  return { status, error };
}
