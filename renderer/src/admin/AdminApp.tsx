import { useCallback, useEffect, useState } from 'react';
import type { GatepostApi } from '../../../electron/common/contract';
import type { PinState } from '../../../electron/common/admin-contract';
import { t } from '../i18n/i18n';
import type { SoundPlayer } from '../sound/sound-player';
import { Console } from './Console';
import { Keypad } from './Keypad';
import { useIdleExit } from './use-idle-exit';
import './admin.css';

type Gate =
  | { kind: 'loading'; error?: string }
  | { kind: 'set-pin'; first?: string; message?: string }
  | { kind: 'login'; message?: string; lockedUntil?: number; skew: number }
  | { kind: 'console'; session: string; watch: boolean };

/** How long the keypad waits for a touch before the patron screen comes back. */
const KEYPAD_IDLE_MS = 60_000;

/**
 * The technician's console: first start sets the PIN; afterwards the keypad logs in (wrong PINs lock it
 * for growing times, shown as a countdown); then the console. Opened by a 3-second press on the top-left
 * corner, an admin badge, `#view=admin` or Ctrl+Shift+A. The session token lives in this component's
 * state only.
 */
export function AdminApp({
  api,
  sounds,
  onExit,
}: {
  api: GatepostApi;
  sounds: SoundPlayer | null;
  onExit: () => void;
}) {
  const [gate, setGate] = useState<Gate>({ kind: 'loading' });
  const [now, setNow] = useState(() => Date.now());

  const fromState = useCallback((state: PinState, message?: string): Gate => {
    if (!state.pinSet) return { kind: 'set-pin' };
    return {
      kind: 'login',
      skew: state.now - Date.now(),
      ...(message !== undefined && { message }),
      ...(state.lockedUntil !== undefined && { lockedUntil: state.lockedUntil }),
    };
  }, []);

  const load = useCallback(
    async (message?: string) => {
      const state = await api.admin.pinState();
      setGate(state.ok ? fromState(state.value, message) : { kind: 'loading', error: state.error });
    },
    [api, fromState],
  );

  useEffect(() => {
    // The keypad asks the core whether a PIN exists; the console takes over from there.
    let active = true;
    void api.admin.pinState().then((state) => {
      if (active) setGate(state.ok ? fromState(state.value) : { kind: 'loading', error: state.error });
    });
    return () => {
      active = false;
    };
  }, [api, fromState]);

  const locked =
    gate.kind === 'login' && gate.lockedUntil !== undefined && gate.lockedUntil - gate.skew > now;
  useEffect(() => {
    if (!locked) return;
    const timer = setInterval(() => setNow(Date.now()), 500);
    return () => clearInterval(timer);
  }, [locked]);

  useIdleExit(gate.kind !== 'console', KEYPAD_IDLE_MS, onExit);

  const setPin = async (pin: string) => {
    if (gate.kind !== 'set-pin') return;
    if (gate.first === undefined) return setGate({ kind: 'set-pin', first: pin });
    if (gate.first !== pin) return setGate({ kind: 'set-pin', message: t('admin.pinMismatch') });
    const result = await api.admin.setPin(pin);
    if (result.ok) setGate({ kind: 'console', session: result.value.token, watch: false });
    else await load(result.error);
  };

  const login = async (pin: string, watch = false) => {
    const result = await api.admin.login(pin, watch);
    if (!result.ok) return setGate({ kind: 'login', skew: 0, message: result.error });
    const r = result.value;
    if (r.granted) return setGate({ kind: 'console', session: r.session.token, watch });
    setNow(Date.now());
    setGate({
      kind: 'login',
      skew: r.now - Date.now(),
      message:
        r.reason === 'locked'
          ? t('admin.pinLocked')
          : `${t('admin.pinWrong')} (${r.failedAttempts} ${t('admin.wrongInARow')})`,
      ...(r.lockedUntil !== undefined && { lockedUntil: r.lockedUntil }),
    });
  };

  const logout = async (session: string) => {
    await api.admin.logout(session, {});
    onExit();
  };

  return (
    <main className="admin" data-screen="admin" data-admin-state={gate.kind}>
      {gate.kind === 'loading' && (
        <>
          <h1>{t('admin.title')}</h1>
          {gate.error && <p className="admin__error">{gate.error}</p>}
        </>
      )}
      {gate.kind === 'set-pin' && (
        <Keypad
          key={gate.first === undefined ? 'first' : 'repeat'}
          title={t('admin.pinSetTitle')}
          hint={gate.first === undefined ? t('admin.pinSetHint') : t('admin.pinRepeat')}
          message={gate.message}
          onSubmit={(pin) => void setPin(pin)}
          onCancel={onExit}
        />
      )}
      {gate.kind === 'login' && (
        <Keypad
          title={t('admin.pinEnter')}
          message={
            locked
              ? `${t('admin.pinLocked')} ${Math.ceil((gate.lockedUntil! - gate.skew - now) / 1000)} ${t('admin.seconds')}`
              : gate.message
          }
          disabled={locked}
          onSubmit={(pin) => void login(pin)}
          onWatch={(pin) => void login(pin, true)}
          onCancel={onExit}
        />
      )}
      {gate.kind === 'console' && (
        <Console
          api={api}
          session={gate.session}
          watch={gate.watch}
          sounds={sounds}
          onExpired={() => void load(t('admin.sessionEnded'))}
          onLogout={() => void logout(gate.session)}
        />
      )}
    </main>
  );
}
