import { useEffect, useState } from 'react';
import type { Result } from '../../../electron/common/contract';

/** Polls `load` every `ms` while mounted; the latest value and error. */
export function usePoll<T>(
  load: () => Promise<Result<T>>,
  ms: number,
): { value: T | null; error: string | null } {
  const [value, setValue] = useState<T | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    let stopped = false;
    let timer: number | undefined;
    const poll = async () => {
      const result = await load();
      if (stopped) return;
      if (result.ok) {
        setValue(result.value);
        setError(null);
      } else setError(result.error);
      timer = window.setTimeout(() => void poll(), ms);
    };
    void poll();
    return () => {
      stopped = true;
      window.clearTimeout(timer);
    };
  }, [load, ms]);
  return { value, error };
}
