/**
 * The preload exposes exactly the typed GatepostApi — one method per capability, never ipcRenderer
 * itself. It is built by the same `createApi` as the web shell's client: arguments are checked here and
 * again (authoritatively) in the main process; replies and events are checked on arrival.
 */
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import { createApi } from '../common/api-client.js';

const api = createApi(
  (channel, args) => ipcRenderer.invoke(channel, args),
  (event, listener) => {
    const wrapped = (_e: IpcRendererEvent, payload: unknown) => listener(payload);
    ipcRenderer.on(event, wrapped);
    return () => void ipcRenderer.removeListener(event, wrapped);
  },
);

contextBridge.exposeInMainWorld('gatepost', api);
