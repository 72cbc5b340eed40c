import { useState } from 'react';
import { t } from '../i18n/i18n';

const ROWS = ['1234567890', 'qwertyuiop', 'asdfghjkl', 'zxcvbnm', '-_.:/@'];

/**
 * A small on-screen keyboard for the settings form: the pedestal has a touch screen and no keyboard, and
 * Chromium's kiosk mode brings none. Keys go to the field that has the focus (by path).
 */
export function OnScreenKeyboard({
  onKey,
  onBackspace,
  onDone,
}: {
  onKey: (ch: string) => void;
  onBackspace: () => void;
  onDone: () => void;
}) {
  const [shift, setShift] = useState(false);
  return (
    <div className="osk" data-testid="osk" role="group" aria-label="On-screen keyboard">
      {ROWS.map((row) => (
        <div key={row} className="osk__row">
          {[...row].map((ch) => {
            const key = shift ? ch.toUpperCase() : ch;
            return (
              <button
                key={ch}
                type="button"
                data-osk={key}
                // Keep the focus in the field: the keyboard types into it.
                onPointerDown={(e) => e.preventDefault()}
                onClick={() => onKey(key)}
              >
                {key}
              </button>
            );
          })}
        </div>
      ))}
      <div className="osk__row">
        <button
          type="button"
          aria-pressed={shift}
          onPointerDown={(e) => e.preventDefault()}
          onClick={() => setShift((s) => !s)}
        >
          ⇧
        </button>
        <button
          type="button"
          className="osk__space"
          onPointerDown={(e) => e.preventDefault()}
          onClick={() => onKey(' ')}
        >
          ␣
        </button>
        <button
          type="button"
          aria-label={t('admin.keyBack')}
          onPointerDown={(e) => e.preventDefault()}
          onClick={onBackspace}
        >
          ⌫
        </button>
        <button type="button" className="admin__primary" onClick={onDone}>
          {t('admin.keyOk')}
        </button>
      </div>
    </div>
  );
}
