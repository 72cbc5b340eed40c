import { useEffect, useEffectEvent } from 'react';
import type { GatepostApi, ScanDecided } from '../../../electron/common/contract';
import type { SoundPlayer } from '../sound/sound-player';

/**
 * Runs once per result on screen: plays its sound at commit, and reports it shown once it is actually
 * painted. One requestAnimationFrame fires before the frame that contains the new DOM is painted; the second
 * fires after it, which is the earliest point the page can know the patron could see the result.
 */
export function useResultFeedback(
  api: GatepostApi,
  decision: ScanDecided,
  sounds: SoundPlayer | null,
  soundsEnabled: boolean,
): void {
  // Read at mount only: a status update while the result is showing must not replay the sound.
  const playSound = useEffectEvent(() => {
    if (soundsEnabled) sounds?.play(decision.outcome);
  });

  useEffect(() => {
    playSound();
    let second: number | undefined;
    const first = requestAnimationFrame(() => {
      second = requestAnimationFrame(() => {
        void api.markShown(decision.scanId);
      });
    });
    // Replaced before it was painted: it was never seen, so it is not reported shown.
    return () => {
      cancelAnimationFrame(first);
      if (second !== undefined) cancelAnimationFrame(second);
    };
  }, [api, decision]);
}
