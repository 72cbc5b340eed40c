import type { GatepostApi, KioskStatus } from '../../../electron/common/contract';
import { RpcConnection, type RpcConnectionOptions } from './rpc-connection';

export interface WebSocketApi extends GatepostApi {
  close(): void;
}

/**
 * GatepostApi for the web shell, over the WebSocket bridge.
 *
 * Status needs care that IPC does not: events sent while the socket was down are lost. So after every
 * (re)connect the current status is fetched and handed to status listeners, and while the socket is down
 * listeners get the last known status with `ready: false` — from this screen the kiosk cannot scan, and the
 * patron should see "Connecting…" rather than an idle screen that silently ignores tickets.
 */
export function createWebSocketApi(options: RpcConnectionOptions): WebSocketApi {
  const rpc = new RpcConnection(options);
  const statusListeners = new Set<(status: KioskStatus) => void>();
  let lastStatus: KioskStatus | null = null;

  const publishStatus = (status: KioskStatus): void => {
    lastStatus = status;
    for (const listener of [...statusListeners]) listener(status);
  };

  rpc.on('kiosk.status', publishStatus);
  rpc.onConnection((connected) => {
    if (!connected) {
      if (lastStatus?.ready) publishStatus({ ...lastStatus, ready: false });
      return;
    }
    void rpc.request('kiosk.status', {}).then((result) => {
      if (result.ok) publishStatus(result.value);
    });
  });

  return {
    submitScan: (scan) => rpc.request('scan.submit', scan),
    markShown: (scanId) => rpc.request('scan.shown', { scanId }),
    getStatus: () => rpc.request('kiosk.status', {}),
    getAdminStatus: () => rpc.request('admin.status', {}),
    onScanDecided: (listener) => rpc.on('scan.decided', listener),
    onStatus: (listener) => {
      statusListeners.add(listener);
      return () => {
        statusListeners.delete(listener);
      };
    },
    close: () => rpc.close(),
  };
}
