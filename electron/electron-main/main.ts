/**
 * The Electron shell: a thin host for the same core the web shell runs. It owns the window and the IPC
 * wiring, nothing else. Security: sandboxed renderer, context isolation, no Node integration, CSP from
 * the page and from response headers, navigation and new windows refused. Secrets are encrypted with
 * the OS keychain (`safeStorage`).
 */
import { app, BrowserWindow, ipcMain, safeStorage, session, type IpcMainInvokeEvent } from 'electron';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { allChannels } from '../common/all-channels.js';
import { events } from '../common/contract.js';
import { CSP } from '../common/csp.js';
import { KioskRuntime, bridgeEvents, electronCipher, keyFileCipher } from '../host/index.js';

const here = dirname(fileURLToPath(import.meta.url));
const dataDir = process.env.GATEPOST_DATA_DIR ?? app.getPath('userData');

process.umask(0o077);

app.whenReady().then(async () => {
  const runtime = await KioskRuntime.start({
    dataDir,
    demo: process.env.GATEPOST_DEMO !== 'off' && !process.argv.includes('--no-demo'),
    cipher: electronCipher(safeStorage, () => keyFileCipher(dataDir)),
  });
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

  // Every channel of the contract, the technician's included (the core checks their session token).
  const fromOurWindow = (event: IpcMainInvokeEvent) => event.sender === win.webContents;
  for (const channel of Object.keys(allChannels)) {
    ipcMain.handle(channel, (event, args: unknown) =>
      fromOurWindow(event) ? runtime.router.dispatch(channel, args) : { ok: false, error: 'unknown sender' },
    );
  }
  let stopBridge: (() => void) | undefined;
  runtime.onBooted((core) => {
    stopBridge?.();
    stopBridge = bridgeEvents(
      core.kiosk,
      (event, payload) => win.webContents.send(event, payload),
      core.logger,
    );
    core.wedge.setConnected(true);
    win.webContents.send('kiosk.status', core.kiosk.status());
  });
  runtime.on('status', (status) => {
    if (events['kiosk.status'].safeParse(status).success) win.webContents.send('kiosk.status', status);
  });
  runtime.on('admin.requested', () => win.webContents.send('admin.requested', { via: 'badge' }));

  app.on('before-quit', () => void runtime.close());
  await win.loadFile(join(here, '../renderer/index.html'));
});

app.on('window-all-closed', () => app.quit());
