import { useEffect, useRef } from 'react';
import type { GatepostApi, KioskStatus } from '../../../electron/common/contract';
import { WedgeDetector } from './wedge-detector';

type WedgeSettings = KioskStatus['wedge'];

/** The source name the core uses for re-read suppression and the journal. */
const SOURCE = 'wedge';

/**
 * Feeds window keydown events to a WedgeDetector and submits what it recognises. Listens on window, not on
 * an input, because the kiosk page has no focusable field and must never lose the scanner to focus changes.
 */
export function useWedgeCapture(api: GatepostApi, settings: WedgeSettings | undefined): void {
  const detector = useRef<WedgeDetector | null>(null);
  const maxGapMs = settings?.maxGapMs;
  const minLength = settings?.minLength;
  const manualEntry = settings?.manualEntry;

  useEffect(() => {
    if (maxGapMs === undefined || minLength === undefined || manualEntry === undefined) return;
    const options = { maxGapMs, minLength, manualEntry };
    if (detector.current) detector.current.configure(options);
    else detector.current = new WedgeDetector(options);
  }, [maxGapMs, minLength, manualEntry]);

  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent): void => {
      const wedge = detector.current;
      // Until the first status arrives there are no settings; keys pass through untouched.
      if (!wedge || event.isComposing) return;
      // Browser shortcuts (Ctrl+R, Cmd+Q…) are not scanner output. AltGr reports Ctrl+Alt on Windows and
      // produces printable characters (e.g. '@' on German layouts), so it is let through to the detector.
      if ((event.ctrlKey || event.metaKey) && !event.getModifierState('AltGraph')) return;

      const verdict = wedge.feed(event.key, event.timeStamp);
      if (verdict.kind === 'ignored') return;
      event.preventDefault();
      if (verdict.kind === 'scan') {
        void api
          .submitScan({ token: verdict.token, inputType: verdict.inputType, source: SOURCE })
          .then((result) => {
            if (!result.ok) console.warn('gatepost: scan not submitted:', result.error);
          });
      }
    };
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, [api]);
}
