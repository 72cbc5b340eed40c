import { useEffect, useRef } from 'react';
import type { GatepostApi } from '../../../electron/common/contract';
import { attachWedgeCapture, type WedgeCapture, type WedgeSettings } from './wedge-capture';

/**
 * Feeds window keydown events to the wedge capture and submits what it recognises. Listens on window, not
 * on an input, because the kiosk page must never lose the scanner to focus changes; in a form field
 * (the admin form) scanner bursts are still captured and never typed.
 */
export function useWedgeCapture(api: GatepostApi, settings: WedgeSettings | undefined): void {
  const capture = useRef<WedgeCapture | null>(null);

  useEffect(() => {
    const attached = attachWedgeCapture(window, {
      submit: (scan) => {
        void api.submitScan(scan).then((result) => {
          if (!result.ok) console.warn('gatepost: scan not submitted:', result.error);
        });
      },
    });
    capture.current = attached;
    return () => {
      attached.detach();
      capture.current = null;
    };
  }, [api]);

  const maxGapMs = settings?.maxGapMs;
  const minLength = settings?.minLength;
  const manualEntry = settings?.manualEntry;
  const prefix = settings?.prefix;
  const suffix = settings?.suffix;
  useEffect(() => {
    if (maxGapMs === undefined || minLength === undefined || manualEntry === undefined) return;
    capture.current?.configure({ maxGapMs, minLength, manualEntry, prefix, suffix });
  }, [api, maxGapMs, minLength, manualEntry, prefix, suffix]);
}
