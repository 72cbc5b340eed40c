/**
 * A relay board, one or more channels (1-based). Every command reports what the board confirmed, so the
 * gate controller can refuse to work with a relay it cannot prove is off.
 */
export interface RelayBoard {
  readonly description: string;
  open(): Promise<void>;
  close(): Promise<void>;
  onClose(listener: (error?: Error) => void): () => void;
  /** Switches one channel; resolves with the confirmed state where the board can report it. */
  set(channel: number, on: boolean): Promise<RelayConfirmation>;
  /** Switches every channel off; the fail-safe path. */
  allOff(): Promise<RelayConfirmation>;
  /**
   * Best-effort synchronous "all off" for the process exit handler (no confirmation possible there).
   * Returns false when the board cannot do it synchronously or is not open.
   */
  allOffSync(): boolean;
}

export interface RelayConfirmation {
  /**
   * `true`: the board reported the state back and it matches. `false`: it reported a different state.
   * `undefined`: the board cannot report (the command was written, nothing more is known).
   */
  confirmed: boolean | undefined;
  /** Channels the board reports as on (when it reports). */
  onChannels?: number[];
}
