import { useState } from 'react';
import { t } from '../i18n/i18n';

interface KeypadProps {
  title: string;
  hint?: string | undefined;
  /** Shown under the dots (wrong PIN, lock countdown). */
  message?: string | undefined;
  disabled?: boolean;
  onSubmit: (pin: string) => void;
  onCancel?: (() => void) | undefined;
  /** A second way in: read-only, the kiosk stays in service. */
  onWatch?: ((pin: string) => void) | undefined;
}

const KEYS = ['1', '2', '3', '4', '5', '6', '7', '8', '9'] as const;

/**
 * The on-screen PIN keypad: the pedestal has a touch screen and no keyboard. Digits show as dots only;
 * the PIN never sits in the DOM as text.
 */
export function Keypad({ title, hint, message, disabled = false, onSubmit, onCancel, onWatch }: KeypadProps) {
  const [pin, setPin] = useState('');
  const press = (digit: string) => setPin((p) => (p.length < 12 ? p + digit : p));
  const submit = () => {
    if (pin.length < 4) return;
    onSubmit(pin);
    setPin('');
  };
  return (
    <section className="keypad" data-testid="keypad" aria-labelledby="keypad-title">
      <h1 id="keypad-title">{title}</h1>
      {hint && <p className="admin__muted">{hint}</p>}
      <output className="keypad__dots" data-testid="pin-dots" aria-label={t('admin.pinDigits')}>
        {'●'.repeat(pin.length) || '\u00a0'}
      </output>
      <p className="keypad__message" data-testid="pin-message" role="status">
        {message ?? '\u00a0'}
      </p>
      <div className="keypad__grid">
        {KEYS.map((k) => (
          <button key={k} type="button" data-testid={`key-${k}`} disabled={disabled} onClick={() => press(k)}>
            {k}
          </button>
        ))}
        <button type="button" data-testid="key-clear" disabled={disabled} onClick={() => setPin('')}>
          {t('admin.keyClear')}
        </button>
        <button type="button" data-testid="key-0" disabled={disabled} onClick={() => press('0')}>
          0
        </button>
        <button
          type="button"
          data-testid="key-back"
          disabled={disabled}
          onClick={() => setPin((p) => p.slice(0, -1))}
        >
          {t('admin.keyBack')}
        </button>
      </div>
      <div className="keypad__actions">
        {onCancel && (
          <button type="button" data-testid="key-cancel" onClick={onCancel}>
            {t('admin.exit')}
          </button>
        )}
        {onWatch && (
          <button
            type="button"
            data-testid="key-watch"
            disabled={disabled || pin.length < 4}
            onClick={() => {
              onWatch(pin);
              setPin('');
            }}
          >
            {t('admin.watch')}
          </button>
        )}
        <button
          type="button"
          className="admin__primary"
          data-testid="key-ok"
          disabled={disabled || pin.length < 4}
          onClick={submit}
        >
          {t('admin.keyOk')}
        </button>
      </div>
    </section>
  );
}
