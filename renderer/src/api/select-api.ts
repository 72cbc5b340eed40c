import type { GatepostApi } from '../../../electron/common/contract';
import { takeSessionToken } from './session-token';
import { createWebSocketApi } from './websocket-api';

declare global {
  interface Window {
    /** Exposed by the Electron preload (contextBridge); absent in a plain browser. */
    readonly gatepost?: GatepostApi;
  }
}

/** The RPC endpoint of the web shell that served this page. */
export function rpcUrl(loc: Location, token: string): string {
  const scheme = loc.protocol === 'https:' ? 'wss:' : 'ws:';
  return `${scheme}//${loc.host}/rpc?token=${encodeURIComponent(token)}`;
}

/**
 * Electron's preload API when running in the Electron shell; otherwise the web shell's WebSocket bridge.
 * Must run once, at start-up: it consumes the token in the URL hash.
 */
export function selectApi(): GatepostApi {
  if (window.gatepost) return window.gatepost;
  // Without a token the server refuses the socket; connecting anyway keeps the "Connecting…" screen honest.
  const token = takeSessionToken() ?? '';
  return createWebSocketApi({ url: rpcUrl(location, token) });
}
