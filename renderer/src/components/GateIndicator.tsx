import { useEffect, useState } from 'react';
import type { GatepostApi } from '../../../electron/common/contract';
import { useT } from '../i18n/language-context';

/** How long the indicator stays after the pulse: long enough to read, short of the next patron. */
const SHOW_MS = 1500;

/** Shows that the turnstile was released (a relay pulse), so patrons and a demo viewer see the gate act. */
export function GateIndicator({ api }: { api: GatepostApi }) {
  const t = useT();
  const [opened, setOpened] = useState<string | null>(null);
  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const off = api.onGateOpened((gate) => {
      setOpened(gate.scanId);
      clearTimeout(timer);
      timer = setTimeout(() => setOpened(null), gate.ms + SHOW_MS);
    });
    return () => {
      clearTimeout(timer);
      off();
    };
  }, [api]);
  if (!opened) return null;
  return (
    <div className="gate-indicator" data-testid="gate-opened" data-scan-id={opened} role="status">
      {t('devices.gateOpened')}
    </div>
  );
}
