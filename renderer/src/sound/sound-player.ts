import type { Outcome } from '../../../electron/common/contract';
import admitUrl from '../../../resources/sounds/admit.wav';
import stopUrl from '../../../resources/sounds/stop.wav';

/**
 * Plays the result chime. See-staff shares the stop buzz: both mean "do not walk through".
 * Audio elements are created once, up front, so the first result does not wait for a fetch and decode.
 * Both files are larger than Vite's 4 KiB inlining limit, so they are served as files: the CSP's
 * `media-src 'self'` would refuse them as data: URIs.
 */
export class SoundPlayer {
  private readonly clips: Record<Outcome, HTMLAudioElement>;

  constructor() {
    const admit = new Audio(admitUrl);
    const stop = new Audio(stopUrl);
    admit.preload = 'auto';
    stop.preload = 'auto';
    this.clips = { admit, stop, 'see-staff': stop };
  }

  play(outcome: Outcome): void {
    for (const clip of new Set(Object.values(this.clips))) {
      if (!clip.paused) clip.pause();
    }
    const clip = this.clips[outcome];
    clip.currentTime = 0;
    // Autoplay policy may refuse until the page has had a user gesture; a silent result is still a result.
    clip.play().catch(() => {});
  }
}
