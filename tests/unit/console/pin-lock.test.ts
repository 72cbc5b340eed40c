import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../../electron/core/journal/database.js';
import { AdminStore } from '../../../electron/core/admin/admin-store.js';
import { PinLock } from '../../../electron/core/admin/pin-lock.js';
import { AdminSessions } from '../../../electron/core/admin/admin-sessions.js';

function rig(db = openDatabase(':memory:')) {
  const clock = { t: 1_000_000 };
  const lock = new PinLock(new AdminStore(db), { now: () => clock.t, scryptCost: 2 ** 10 });
  return { db, clock, lock };
}

describe('PIN lock', () => {
  it('first start sets the PIN once; a second set is refused', async () => {
    const { lock } = rig();
    expect(lock.state()).toEqual({ pinSet: false, failedAttempts: 0 });
    expect(await lock.setFirst('2468')).toBe(true);
    expect(await lock.setFirst('1111')).toBe(false);
    expect((await lock.check('2468')).granted).toBe(true);
    expect((await lock.check('1111')).granted).toBe(false);
  });

  it('locks after the third wrong PIN with delays that double, and refuses even the right PIN while locked', async () => {
    const { lock, clock } = rig();
    await lock.setFirst('2468');
    expect(await lock.check('0000')).toMatchObject({ granted: false, failedAttempts: 1 });
    expect(await lock.check('0000')).toMatchObject({ failedAttempts: 2 });
    expect(lock.state().lockedUntil).toBeUndefined();
    expect(await lock.check('0000')).toMatchObject({ failedAttempts: 3, lockedUntil: clock.t + 30_000 });
    expect(await lock.check('2468')).toMatchObject({ granted: false, reason: 'locked' });
    clock.t += 30_000;
    expect(await lock.check('0000')).toMatchObject({ failedAttempts: 4, lockedUntil: clock.t + 60_000 });
    clock.t += 60_000;
    expect(await lock.check('0000')).toMatchObject({ failedAttempts: 5, lockedUntil: clock.t + 120_000 });
    clock.t += 120_000;
    expect(await lock.check('2468')).toEqual({ granted: true });
    expect(lock.state()).toEqual({ pinSet: true, failedAttempts: 0 });
  });

  it('the count and the lock survive a restart (a new PinLock on the same database)', async () => {
    const first = rig();
    await first.lock.setFirst('2468');
    for (let i = 0; i < 3; i++) await first.lock.check('9999');
    const again = new PinLock(new AdminStore(first.db), { now: () => first.clock.t, scryptCost: 2 ** 10 });
    expect(again.state()).toMatchObject({ failedAttempts: 3, lockedUntil: first.clock.t + 30_000 });
    expect(await again.check('2468')).toMatchObject({ granted: false, reason: 'locked' });
  });

  it('parallel attempts are counted one by one', async () => {
    const { lock } = rig();
    await lock.setFirst('2468');
    const results = await Promise.all([1, 2, 3, 4].map(() => lock.check('0000')));
    expect(results.map((r) => r.granted === false && r.failedAttempts)).toEqual([1, 2, 3, 3]);
  });

  it('the database holds a hash, never the PIN', async () => {
    const { lock, db } = rig();
    await lock.setFirst('24681357');
    const row = db.prepare('SELECT hash FROM admin_pin').pluck().get() as string;
    expect(row).toMatch(/^scrypt\$/);
    expect(row).not.toContain('24681357');
  });
});

describe('admin sessions', () => {
  it('end when idle past the timeout; each valid call extends them', () => {
    const clock = { t: 0 };
    const sessions = new AdminSessions({ now: () => clock.t, idleMs: 60_000 });
    const changes: boolean[] = [];
    sessions.on('change', (a) => changes.push(a));
    const { token } = sessions.open();
    clock.t = 50_000;
    expect(sessions.touch(token)?.expiresAt).toBe(110_000);
    clock.t = 109_999;
    expect(sessions.active).toBe(true);
    clock.t = 110_000;
    expect(sessions.touch(token)).toBeUndefined();
    expect(sessions.active).toBe(false);
    expect(changes).toEqual([true, false]);
    sessions.dispose();
  });

  it('refuse other tokens; a new login ends the old session', () => {
    const sessions = new AdminSessions({ now: () => 0, idleMs: 60_000 });
    const first = sessions.open();
    expect(sessions.touch('x'.repeat(43))).toBeUndefined();
    const second = sessions.open();
    expect(sessions.touch(first.token)).toBeUndefined();
    expect(sessions.touch(second.token)).toBeDefined();
    sessions.close(second.token);
    expect(sessions.active).toBe(false);
    sessions.dispose();
  });
});
