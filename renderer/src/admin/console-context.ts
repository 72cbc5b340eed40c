import { createContext, useContext } from 'react';
import type { AdminApi } from '../../../electron/common/admin-contract';
import type { Result } from '../../../electron/common/contract';
import type { SoundPlayer } from '../sound/sound-player';

export interface ConsoleContext {
  admin: AdminApi;
  session: string;
  sounds: SoundPlayer | null;
  /** Runs one admin call; a refused session sends the console back to the keypad. */
  run<T>(call: (admin: AdminApi, session: string) => Promise<Result<T>>): Promise<Result<T>>;
}

export const ConsoleCtx = createContext<ConsoleContext | null>(null);

export function useConsole(): ConsoleContext {
  const ctx = useContext(ConsoleCtx);
  if (!ctx) throw new Error('useConsole outside the console');
  return ctx;
}

export const isSessionError = (error: string) => error.startsWith('admin session required');

/** Epoch ms as the tech reads it. */
export const when = (ms: number | undefined) => (ms === undefined ? '—' : new Date(ms).toLocaleString());
