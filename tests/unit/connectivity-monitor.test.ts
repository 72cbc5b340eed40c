import { afterEach, describe, expect, it, vi } from 'vitest';
import { ConnectivityMonitor } from '../../electron/core/offline/connectivity-monitor.js';

const thresholds = { faultsInARow: 3, slowAverageMs: 1000, averageWindow: 4, probeIntervalMs: 500 };
afterEach(() => vi.useRealTimers());

describe('ConnectivityMonitor', () => {
  it('goes offline after N faults in a row, not after faults with successes between', () => {
    const m = new ConnectivityMonitor(thresholds, async () => {});
    m.recordFault('timeout');
    m.recordFault('timeout');
    m.recordSuccess(20);
    m.recordFault('timeout');
    m.recordFault('timeout');
    expect(m.mode).toBe('online');
    m.recordFault('503');
    expect(m.mode).toBe('offline');
    m.stop();
  });

  it('goes offline when the moving average is slow', () => {
    const m = new ConnectivityMonitor(thresholds, async () => {});
    for (const ms of [900, 1100, 1200]) m.recordSuccess(ms);
    expect(m.mode).toBe('online'); // window not full yet
    m.recordSuccess(1300);
    expect(m.mode).toBe('offline');
    m.stop();
  });

  it('comes back online only through a successful probe, retrying until then', async () => {
    vi.useFakeTimers();
    let answers = false;
    let probes = 0;
    const m = new ConnectivityMonitor(thresholds, async () => {
      probes += 1;
      if (!answers) throw new Error('down');
    });
    const changes: string[] = [];
    m.on('change', (mode) => changes.push(mode));
    m.goOffline('test');
    await vi.advanceTimersByTimeAsync(1600);
    expect(probes).toBe(3);
    expect(m.mode).toBe('offline');
    answers = true;
    await vi.advanceTimersByTimeAsync(500);
    expect(m.mode).toBe('online');
    expect(changes).toEqual(['offline', 'online']);
    m.stop();
  });
});
