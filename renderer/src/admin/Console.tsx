import { useMemo, useState, type ReactNode } from 'react';
import type { GatepostApi } from '../../../electron/common/contract';
import { useKioskStatus } from '../app/use-kiosk-status';
import { t, type MessageKey } from '../i18n/i18n';
import type { SoundPlayer } from '../sound/sound-player';
import { useWedgeCapture } from '../wedge/use-wedge-capture';
import { ConsoleCtx, isSessionError, type ConsoleContext } from './console-context';
import { useIdleExit } from './use-idle-exit';
import { StatusTab } from './tabs/StatusTab';
import { SettingsTab } from './tabs/SettingsTab';
import { DevicesTab } from './tabs/DevicesTab';
import { DiagnosticsTab } from './tabs/DiagnosticsTab';
import { JournalTab } from './tabs/JournalTab';
import { DataTab } from './tabs/DataTab';
import { AccessTab } from './tabs/AccessTab';

/** `watch`: the tabs a read-only session shows (the kiosk stays in service meanwhile). */
const TABS: { id: string; label: MessageKey; watch: boolean; render: () => ReactNode }[] = [
  { id: 'status', label: 'admin.tabStatus', watch: true, render: () => <StatusTab /> },
  { id: 'settings', label: 'admin.tabSettings', watch: false, render: () => <SettingsTab /> },
  { id: 'devices', label: 'admin.tabDevices', watch: false, render: () => <DevicesTab /> },
  { id: 'diagnostics', label: 'admin.tabDiagnostics', watch: true, render: () => <DiagnosticsTab /> },
  { id: 'journal', label: 'admin.tabJournal', watch: true, render: () => <JournalTab /> },
  { id: 'data', label: 'admin.tabData', watch: false, render: () => <DataTab /> },
  { id: 'access', label: 'admin.tabAccess', watch: false, render: () => <AccessTab /> },
];

/** The technician walked away: the console logs out by itself (the core ends the session too). */
const CONSOLE_IDLE_MS = 5 * 60_000;

export function Console({
  api,
  session,
  watch,
  sounds,
  onExpired,
  onLogout,
}: {
  api: GatepostApi;
  session: string;
  watch: boolean;
  sounds: SoundPlayer | null;
  onExpired: () => void;
  onLogout: () => void;
}) {
  const [tab, setTab] = useState('status');
  // Scanner reads on this screen go to the core too: "read one scan", badges and provisioning codes.
  const status = useKioskStatus(api);
  useWedgeCapture(api, status?.wedge);
  useIdleExit(true, CONSOLE_IDLE_MS, onLogout);

  const ctx = useMemo<ConsoleContext>(
    () => ({
      admin: api.admin,
      session,
      sounds,
      run: async (call) => {
        const result = await call(api.admin, session);
        if (!result.ok && isSessionError(result.error)) onExpired();
        return result;
      },
    }),
    [api, session, sounds, onExpired],
  );
  const tabs = TABS.filter((x) => !watch || x.watch);
  const current = tabs.find((x) => x.id === tab) ?? tabs[0]!;

  return (
    <ConsoleCtx.Provider value={ctx}>
      <header className="console__header">
        <h1>{t('admin.title')}</h1>
        <button type="button" data-testid="logout" onClick={onLogout}>
          {t('admin.exit')}
        </button>
      </header>
      <nav className="console__tabs" role="tablist" aria-label={t('admin.title')}>
        {tabs.map((x) => (
          <button
            key={x.id}
            type="button"
            role="tab"
            id={`tab-${x.id}`}
            aria-selected={x.id === tab}
            aria-controls="console-panel"
            data-testid={`tab-${x.id}`}
            onClick={() => setTab(x.id)}
          >
            {t(x.label)}
          </button>
        ))}
      </nav>
      {watch && <p className="admin__muted">{t('admin.watching')}</p>}
      <section id="console-panel" role="tabpanel" aria-labelledby={`tab-${current.id}`} data-tab={current.id}>
        {current.render()}
      </section>
    </ConsoleCtx.Provider>
  );
}
