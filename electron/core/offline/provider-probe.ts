import type { TicketCheckProvider } from '../providers/provider.js';

const PROBE_TOKEN = 'GATEPOST-CONNECTIVITY-PROBE';

/**
 * The cheapest call that proves the API answers again: its heartbeat (Entry V1 Ping) where it has one,
 * else a lookup of a token that cannot exist (any answer, "not found" included, proves reachability),
 * else a fresh configure.
 */
export function probeFor(
  provider: TicketCheckProvider,
  now: () => number = Date.now,
): (signal: AbortSignal) => Promise<void> {
  if (provider.heartbeat) {
    const beat = provider.heartbeat.bind(provider);
    return (signal) => beat({ deviceTime: now(), pendingUploads: 0, mode: 'offline' }, signal);
  }
  if (provider.lookup) {
    const lookup = provider.lookup.bind(provider);
    return async (signal) => {
      await lookup(PROBE_TOKEN, signal);
    };
  }
  return (signal) => provider.configure(signal);
}
