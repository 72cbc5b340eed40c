import type { GatepostApi } from '../../../electron/common/contract';
import { AdminApp } from '../admin/AdminApp';
import type { SoundPlayer } from '../sound/sound-player';
import { PatronApp } from './PatronApp';
import { useView } from './use-view';

export function Root({ api, sounds }: { api: GatepostApi; sounds: SoundPlayer | null }) {
  return useView() === 'admin' ? <AdminApp api={api} /> : <PatronApp api={api} sounds={sounds} />;
}
