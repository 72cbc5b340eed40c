import { createApi } from '../../../electron/common/api-client';
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
  const api = createApi(
    (channel, args) => rpc.request(channel, args),
    (event, listener) => rpc.on(event, listener),
  );
  const statusListeners = new Set<(status: KioskStatus) => void>();
  let lastStatus: KioskStatus | null = null;

  const publishStatus = (status: KioskStatus): void => {
    lastStatus = status;
    for (const listener of [...statusListeners]) listener(status);
  };

  api.onStatus(publishStatus);
  rpc.onConnection((connected) => {
    if (!connected) {
      if (lastStatus?.ready) publishStatus({ ...lastStatus, ready: false });
      return;
    }
    void api.getStatus().then((result) => {
      if (result.ok) publishStatus(result.value);
    });
  });

  return {
    ...api,
    onStatus: (listener) => {
      statusListeners.add(listener);
      return () => {
        statusListeners.delete(listener);
      };
    },
    close: () => rpc.close(),
  };
}
