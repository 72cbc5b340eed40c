/**
 * The Electron shell: a thin host for the same core the web shell runs. It owns the window and the IPC
 * wiring, nothing else. Security: sandboxed renderer, context isolation, no Node integration, CSP from
 * the page and from response headers, navigation and new windows refused.
 */
import { app, BrowserWindow, ipcMain, session, type IpcMainInvokeEvent } from 'electron';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { channels, type Channel } from '../common/contract.js';
import { CSP } from '../common/csp.js';
import { KioskHost, bridgeEvents } from '../host/index.js';

const here = dirname(fileURLToPath(import.meta.url));
const dataDir = process.env.GATEPOST_DATA_DIR ?? app.getPath('userData');

app.whenReady().then(async () => {
  // A start-up fault (damaged disk, read-only data dir, bad config) still opens the window: the screen
  // shows out-of-service with the fault's code while start-up is retried.
  const host = await KioskHost.start({ dataDir });
  session.defaultSession.webRequest.onHeadersReceived((details, callback) => {
    callback({ responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [CSP] } });
  });
  session.defaultSession.setPermissionRequestHandler((_wc, _permission, callback) => callback(false));

  const win = new BrowserWindow({
    fullscreen: true,
    kiosk: !process.env.GATEPOST_WINDOWED,
    autoHideMenuBar: true,
    backgroundColor: '#000000',
    webPreferences: {
      preload: join(here, '../preload/preload.cjs'),
      sandbox: true,
      contextIsolation: true,
      nodeIntegration: false,
      webSecurity: true,
      spellcheck: false,
    },
  });
  win.webContents.on('will-navigate', (event) => event.preventDefault());
  win.webContents.setWindowOpenHandler(() => ({ action: 'deny' }));

  const fromOurWindow = (event: IpcMainInvokeEvent) => event.sender === win.webContents;
  for (const channel of Object.keys(channels) as Channel[]) {
    ipcMain.handle(channel, (event, args: unknown) =>
      fromOurWindow(event) ? host.router.dispatch(channel, args) : { ok: false, error: 'unknown sender' },
    );
  }
  host.on('status', (status) => win.webContents.send('kiosk.status', status));
  host.onBooted((core) => {
    bridgeEvents(core.kiosk, (event, payload) => win.webContents.send(event, payload), core.logger);
    core.wedge.setConnected(true);
    win.webContents.send('kiosk.status', core.kiosk.status());
  });

  app.on('before-quit', () => void host.close());
  await win.loadFile(join(here, '../renderer/index.html'));
});

app.on('window-all-closed', () => app.quit());
