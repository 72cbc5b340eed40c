import type { P256Key } from './keys.js';

/** Keys for one Apple pass type id (several keys may be live during a key rotation). */
export interface AppleKeySet {
  passTypeId: string;
  keys: P256Key[];
}

/** One Google Smart Tap collector: its id, the key version registered with Google, the long-term key. */
export interface GoogleCollector {
  collectorId: string;
  keyVersion: number;
  key: P256Key;
}

/** Everything one tap needs to be read. Built from config + provider keys; lives in the reader process. */
export interface CardSessionConfig {
  apple: AppleKeySet[];
  google: GoogleCollector[];
  uidAsToken: boolean;
  ndefAsToken: boolean;
  /** 0 = no timestamp check. */
  freshnessSeconds: number;
  /** Epoch ms; the timestamp check compares against it. */
  now: () => number;
}
