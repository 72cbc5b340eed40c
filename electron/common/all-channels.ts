/**
 * The whole contract's request channels: the patron screen's (contract.ts) and the technician's
 * (admin-contract.ts). The router, the shells' IPC registration and the client builder use this map.
 */
import type { z } from 'zod';
import { channels } from './contract.js';
import { adminChannels } from './admin-contract.js';

export const allChannels = { ...channels, ...adminChannels } as const;
export type AnyChannel = keyof typeof allChannels;
export type AnyChannelArgs<C extends AnyChannel> = z.infer<(typeof allChannels)[C]['args']>;
export type AnyChannelInput<C extends AnyChannel> = z.input<(typeof allChannels)[C]['args']>;
export type AnyChannelResult<C extends AnyChannel> = z.infer<(typeof allChannels)[C]['result']>;

export function isAnyChannel(name: string): name is AnyChannel {
  return Object.hasOwn(allChannels, name);
}
