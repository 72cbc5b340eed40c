import { describe, expect, it } from 'vitest';
import { RpcRouter } from '../../../electron/core/rpc/rpc-router.js';

const SESSION = 's'.repeat(32);

describe('RpcRouter and the admin session', () => {
  it('refuses every session channel when no session check is installed, even with a handler', async () => {
    let ran = false;
    const router = new RpcRouter().handle('admin.restart', () => {
      ran = true;
      return null;
    });
    expect(await router.dispatch('admin.restart', { session: SESSION })).toEqual({
      ok: false,
      error: 'admin session required (log in with the PIN)',
    });
    expect(ran).toBe(false);
  });

  it('checks the token before the handler, passing the channel; the keypad channels need none', async () => {
    const seen: [string, string][] = [];
    const router = new RpcRouter()
      .requireSession((token, channel) => {
        seen.push([token, channel]);
        return token === SESSION;
      })
      .handle('admin.restart', () => null)
      .handle('admin.pin.state', () => ({ pinSet: false, failedAttempts: 0, now: 1 }));
    expect(await router.dispatch('admin.restart', { session: 'x'.repeat(20) })).toMatchObject({ ok: false });
    expect(await router.dispatch('admin.restart', { session: SESSION })).toEqual({ ok: true, value: null });
    expect(await router.dispatch('admin.pin.state', {})).toMatchObject({ ok: true });
    expect(seen).toEqual([
      ['x'.repeat(20), 'admin.restart'],
      [SESSION, 'admin.restart'],
    ]);
  });
});
