import { useEffect, useEffectEvent } from 'react';

/** Calls `onIdle` after `ms` without a touch, click or key while `active` (a keypad nobody uses). */
export function useIdleExit(active: boolean, ms: number, onIdle: () => void): void {
  const fire = useEffectEvent(onIdle);
  useEffect(() => {
    if (!active) return;
    let timer = window.setTimeout(() => fire(), ms);
    const reset = () => {
      window.clearTimeout(timer);
      timer = window.setTimeout(() => fire(), ms);
    };
    const kinds = ['pointerdown', 'keydown'] as const;
    kinds.forEach((k) => window.addEventListener(k, reset, { capture: true }));
    return () => {
      window.clearTimeout(timer);
      kinds.forEach((k) => window.removeEventListener(k, reset, { capture: true }));
    };
  }, [active, ms]);
}
