import type { BrowserWindow, BrowserWindowConstructorOptions, Session } from 'electron';
import { CSP } from '../common/csp.js';
import { lockDownPage } from './page-lockdown.js';
import { DEFAULT_SELF_HEALING, keepPageAlive } from './self-healing.js';

export interface KioskWindowOptions {
  preload: string;
  /** The built renderer's index.html, as a file:// URL. */
  appUrl: string;
  production: boolean;
  /** A normal window for development and tests (GATEPOST_WINDOWED). */
  windowed: boolean;
  log: (message: string, detail?: Record<string, unknown>) => void;
}

/** The window's security settings: sandboxed, isolated, no Node, no devtools in production. */
export function kioskWindowSettings(opts: KioskWindowOptions): BrowserWindowConstructorOptions {
  return {
    fullscreen: !opts.windowed,
    kiosk: !opts.windowed,
    autoHideMenuBar: true,
    backgroundColor: '#000000',
    webPreferences: {
      preload: opts.preload,
      sandbox: true,
      contextIsolation: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      navigateOnDragDrop: false,
      spellcheck: false,
      devTools: !opts.production,
    },
  };
}

/** Every permission request and check is refused, and every response carries the CSP header. */
export function applySessionPolicy(session: Session): void {
  session.webRequest.onHeadersReceived((details, callback) => {
    callback({ responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [CSP] } });
  });
  session.setPermissionRequestHandler((_wc, _permission, callback) => callback(false));
  session.setPermissionCheckHandler(() => false);
}

/** Creates the kiosk window, locks its page down and keeps it alive. */
export function createKioskWindow(
  BrowserWindowClass: new (options: BrowserWindowConstructorOptions) => BrowserWindow,
  opts: KioskWindowOptions,
): BrowserWindow {
  const win = new BrowserWindowClass(kioskWindowSettings(opts));
  if (opts.production) win.removeMenu();
  lockDownPage(win.webContents, opts);
  keepPageAlive(win.webContents, () => void win.loadURL(opts.appUrl), {
    ...DEFAULT_SELF_HEALING,
    log: opts.log,
  });
  return win;
}
