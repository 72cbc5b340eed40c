/**
 * A byte stream to a device (a serial port, a pty, a fake). Drivers depend on this interface only, so the
 * real transport (serialport) and the fake one (tests, demo) are chosen in one place by the caller.
 */
export interface ByteTransport {
  /** Where it is, for staff: a port path. */
  readonly description: string;
  /** Rejects when the device is absent or busy; the connection keeper retries with back-off. */
  open(): Promise<void>;
  /** Idempotent; resolves once the port is closed. A close asked for here does not fire `onClose`. */
  close(): Promise<void>;
  /** Resolves once the bytes are handed to the OS (drained). Rejects when the port is not open. */
  write(bytes: Uint8Array): Promise<void>;
  onData(listener: (chunk: Uint8Array) => void): () => void;
  /**
   * Writes synchronously, for the process exit handler (the relay's last "all off" when the process is
   * dying and no callback will ever run). Throws when the port is not open. Optional: fakes may omit it.
   */
  writeSync?(bytes: Uint8Array): void;
  /** The port closed without being asked to (unplug, pty gone); `error` says why when the OS told. */
  onClose(listener: (error?: Error) => void): () => void;
}

export type Parity = 'none' | 'even' | 'odd' | 'mark' | 'space';

export interface SerialOptions {
  path: string;
  baudRate: number;
  dataBits?: 5 | 6 | 7 | 8;
  stopBits?: 1 | 1.5 | 2;
  parity?: Parity;
}

/** Builds the transport for one port; the real one opens serialport, the fake one a {@link FakeSerialBus} port. */
export type SerialTransportFactory = (options: SerialOptions) => ByteTransport;

/** A small listener set that never lets one listener's exception reach the device loop. */
export class Listeners<A extends unknown[]> {
  private readonly set = new Set<(...args: A) => void>();

  add(listener: (...args: A) => void): () => void {
    this.set.add(listener);
    return () => this.set.delete(listener);
  }

  emit(...args: A): void {
    for (const listener of [...this.set]) {
      try {
        listener(...args);
      } catch {
        // A listener's bug must not stop the device loop; listeners log their own errors.
      }
    }
  }

  clear(): void {
    this.set.clear();
  }
}
