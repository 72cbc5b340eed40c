/**
 * The preload exposes exactly the typed GatepostApi — one method per capability, never ipcRenderer
 * itself. Arguments are checked here and again (authoritatively) in the main process.
 */
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import { ScanDecided, KioskStatus, type GatepostApi } from '../common/contract.js';

function subscribe<T>(event: string, parse: (v: unknown) => T, listener: (v: T) => void): () => void {
  const wrapped = (_e: IpcRendererEvent, payload: unknown) => listener(parse(payload));
  ipcRenderer.on(event, wrapped);
  return () => void ipcRenderer.removeListener(event, wrapped);
}

const api: GatepostApi = {
  submitScan: (scan) => ipcRenderer.invoke('scan.submit', scan),
  markShown: (scanId) => ipcRenderer.invoke('scan.shown', { scanId }),
  getStatus: () => ipcRenderer.invoke('kiosk.status', {}),
  getAdminStatus: () => ipcRenderer.invoke('admin.status', {}),
  onScanDecided: (listener) => subscribe('scan.decided', (v) => ScanDecided.parse(v), listener),
  onStatus: (listener) => subscribe('kiosk.status', (v) => KioskStatus.parse(v), listener),
};

contextBridge.exposeInMainWorld('gatepost', api);
