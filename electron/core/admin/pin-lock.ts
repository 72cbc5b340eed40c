import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';
import type { AdminStore } from './admin-store.js';

/** What the keypad needs to know before a PIN is typed. */
export interface PinLockState {
  pinSet: boolean;
  /** Epoch ms until which logins are refused (present only while locked). */
  lockedUntil?: number;
  failedAttempts: number;
}

export type PinCheck =
  | { granted: true }
  | {
      granted: false;
      failedAttempts: number;
      lockedUntil?: number;
      reason: 'wrong-pin' | 'locked' | 'no-pin';
    };

export interface PinLockOptions {
  now: () => number;
  /** Wrong PINs allowed before the first lock. Default 3. */
  freeAttempts?: number;
  /** The first lock's length; it doubles with every further wrong PIN. Default 30 s. */
  baseDelayMs?: number;
  /** Longest lock. Default 1 h. */
  maxDelayMs?: number;
  /** scrypt cost; lowered in unit tests only. */
  scryptCost?: number;
}

const KEY_LENGTH = 32;

function scryptAsync(pin: string, salt: Buffer, keylen: number, options: ScryptOptions): Promise<Buffer> {
  return new Promise((resolve, reject) =>
    scrypt(pin, salt, keylen, options, (err, key) => (err ? reject(err) : resolve(key))),
  );
}

/**
 * The technician PIN: stored as an scrypt hash; wrong PINs lock the keypad out for a growing time
 * (30 s, 60 s, 120 s… after the third wrong PIN, at most an hour), and the count and the lock live in
 * SQLite, so restarting the kiosk does not reset them. A correct PIN resets the count. Checks run one at
 * a time, so two quick attempts cannot both slip in before the lock is written.
 */
export class PinLock {
  private readonly freeAttempts: number;
  private readonly baseDelayMs: number;
  private readonly maxDelayMs: number;
  private readonly cost: number;
  private queue: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly store: AdminStore,
    private readonly opts: PinLockOptions,
  ) {
    this.freeAttempts = opts.freeAttempts ?? 3;
    this.baseDelayMs = opts.baseDelayMs ?? 30_000;
    this.maxDelayMs = opts.maxDelayMs ?? 3_600_000;
    this.cost = opts.scryptCost ?? 2 ** 15;
  }

  state(): PinLockState {
    const lock = this.store.lockout();
    const now = this.opts.now();
    return {
      pinSet: this.store.pinHash() !== undefined,
      failedAttempts: lock.failedAttempts,
      ...(lock.lockedUntil > now && { lockedUntil: lock.lockedUntil }),
    };
  }

  /** First start only: refused once a PIN exists (changing it needs a session: `change`). */
  setFirst(pin: string): Promise<boolean> {
    return this.serialise(async () => {
      if (this.store.pinHash() !== undefined) return false;
      this.store.setPinHash(await this.hash(pin), this.opts.now());
      this.store.setLockout({ failedAttempts: 0, lockedUntil: 0 }, null);
      return true;
    });
  }

  change(pin: string): Promise<void> {
    return this.serialise(async () => {
      this.store.setPinHash(await this.hash(pin), this.opts.now());
    });
  }

  check(pin: string): Promise<PinCheck> {
    return this.serialise(async (): Promise<PinCheck> => {
      const stored = this.store.pinHash();
      const lock = this.store.lockout();
      if (stored === undefined) return { granted: false, failedAttempts: 0, reason: 'no-pin' };
      const now = this.opts.now();
      if (lock.lockedUntil > now)
        return {
          granted: false,
          failedAttempts: lock.failedAttempts,
          lockedUntil: lock.lockedUntil,
          reason: 'locked',
        };
      if (await this.verify(pin, stored)) {
        this.store.setLockout({ failedAttempts: 0, lockedUntil: 0 }, null);
        return { granted: true };
      }
      const failedAttempts = lock.failedAttempts + 1;
      const over = failedAttempts - this.freeAttempts;
      const lockedUntil =
        over >= 0 ? this.opts.now() + Math.min(this.maxDelayMs, this.baseDelayMs * 2 ** over) : 0;
      this.store.setLockout({ failedAttempts, lockedUntil }, this.opts.now());
      return {
        granted: false,
        failedAttempts,
        ...(lockedUntil > 0 && { lockedUntil }),
        reason: 'wrong-pin',
      };
    });
  }

  private serialise<T>(task: () => Promise<T>): Promise<T> {
    const run = this.queue.then(task, task);
    this.queue = run.catch(() => undefined);
    return run;
  }

  private async hash(pin: string): Promise<string> {
    const salt = randomBytes(16);
    const key = await scryptAsync(pin, salt, KEY_LENGTH, {
      N: this.cost,
      r: 8,
      p: 1,
      maxmem: 256 * 1024 * 1024,
    });
    return `scrypt$${this.cost}$8$1$${salt.toString('base64')}$${key.toString('base64')}`;
  }

  private async verify(pin: string, stored: string): Promise<boolean> {
    const [scheme, n, r, p, salt, hash] = stored.split('$');
    if (scheme !== 'scrypt' || !salt || !hash) return false;
    const expected = Buffer.from(hash, 'base64');
    const key = await scryptAsync(pin, Buffer.from(salt, 'base64'), expected.length, {
      N: Number(n),
      r: Number(r),
      p: Number(p),
      maxmem: 256 * 1024 * 1024,
    });
    return key.length === expected.length && timingSafeEqual(key, expected);
  }
}
