import { networkInterfaces } from 'node:os';

/**
 * The first non-internal IPv4 address of this machine, sent as `localIPAddress` so venue support can find
 * the kiosk on their network. Undefined when there is none (the field is optional).
 */
export function firstLocalIPv4(): string | undefined {
  for (const addresses of Object.values(networkInterfaces())) {
    for (const a of addresses ?? []) {
      if (a.family === 'IPv4' && !a.internal) return a.address;
    }
  }
  return undefined;
}
