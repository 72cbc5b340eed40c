import type { WebContents } from 'electron';

export interface SelfHealingOptions {
  /** How long the page may stay unresponsive before its renderer is restarted. */
  unresponsiveGraceMs: number;
  /** Crashes within `crashWindowMs` beyond which reloads are spaced by `crashBackoffMs` (no reload storm). */
  maxQuickCrashes: number;
  crashWindowMs: number;
  crashBackoffMs: number;
  log: (message: string, detail?: Record<string, unknown>) => void;
}

export const DEFAULT_SELF_HEALING: Omit<SelfHealingOptions, 'log'> = {
  unresponsiveGraceMs: 10_000,
  maxQuickCrashes: 3,
  crashWindowMs: 60_000,
  crashBackoffMs: 5_000,
};

/**
 * The kiosk page heals itself: a renderer that dies (crash, OOM kill) is reloaded, at once the first few
 * times and then spaced out; a renderer that hangs for longer than the grace period is killed and
 * reloaded. The core keeps running throughout, so no scan that reached it is lost.
 */
export function keepPageAlive(
  contents: WebContents,
  reload: () => void,
  opts: SelfHealingOptions,
  now: () => number = Date.now,
): () => void {
  let hangTimer: NodeJS.Timeout | undefined;
  let reloadTimer: NodeJS.Timeout | undefined;
  const crashes: number[] = [];

  const scheduleReload = () => {
    const t = now();
    crashes.push(t);
    while (crashes.length && crashes[0]! < t - opts.crashWindowMs) crashes.shift();
    const delay = crashes.length > opts.maxQuickCrashes ? opts.crashBackoffMs : 0;
    if (reloadTimer) clearTimeout(reloadTimer);
    reloadTimer = setTimeout(() => {
      reloadTimer = undefined;
      if (!contents.isDestroyed()) reload();
    }, delay);
  };

  const onGone = (_e: unknown, details: { reason: string; exitCode: number }) => {
    if (details.reason === 'clean-exit') return;
    opts.log('renderer gone: reloading', { reason: details.reason, exitCode: details.exitCode });
    scheduleReload();
  };
  const onUnresponsive = () => {
    if (hangTimer) return;
    opts.log('renderer unresponsive: restarting it unless it recovers', {
      graceMs: opts.unresponsiveGraceMs,
    });
    hangTimer = setTimeout(() => {
      hangTimer = undefined;
      if (contents.isDestroyed()) return;
      opts.log('renderer still unresponsive: restarting it');
      contents.forcefullyCrashRenderer(); // render-process-gone follows and reloads
    }, opts.unresponsiveGraceMs);
  };
  const onResponsive = () => {
    if (hangTimer) clearTimeout(hangTimer);
    hangTimer = undefined;
  };

  contents.on('render-process-gone', onGone);
  contents.on('unresponsive', onUnresponsive);
  contents.on('responsive', onResponsive);
  return () => {
    if (hangTimer) clearTimeout(hangTimer);
    if (reloadTimer) clearTimeout(reloadTimer);
    contents.off('render-process-gone', onGone);
    contents.off('unresponsive', onUnresponsive);
    contents.off('responsive', onResponsive);
  };
}
