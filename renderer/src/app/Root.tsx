import { useEffect } from 'react';
import type { GatepostApi } from '../../../electron/common/contract';
import { AdminApp } from '../admin/AdminApp';
import { AdminCorner } from '../admin/AdminCorner';
import type { SoundPlayer } from '../sound/sound-player';
import { PatronApp } from './PatronApp';
import { setView, useView } from './use-view';

export function Root({ api, sounds }: { api: GatepostApi; sounds: SoundPlayer | null }) {
  const view = useView();
  // An admin badge scanned at the patron screen opens the keypad.
  useEffect(() => api.onAdminRequested(() => setView('admin')), [api]);
  return view === 'admin' ? (
    <AdminApp api={api} sounds={sounds} onExit={() => setView('patron')} />
  ) : (
    <>
      <PatronApp api={api} sounds={sounds} />
      <AdminCorner onOpen={() => setView('admin')} />
    </>
  );
}
