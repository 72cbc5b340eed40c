/**
 * The Electron shell: a thin host for the same core the web shell runs. It owns the window and the IPC
 * wiring, nothing else; the window's settings, lockdown, self-healing and the IPC sender check live in
 * their own files so tests drive them with a fake `electron`.
 */
import { app, BrowserWindow, dialog, ipcMain, Menu, session } from 'electron';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { bootKiosk, bridgeEvents } from '../host/index.js';
import { applySessionPolicy, createKioskWindow } from './kiosk-window.js';
import { registerIpc } from './ipc-bridge.js';

const here = dirname(fileURLToPath(import.meta.url));
const dataDir = process.env.GATEPOST_DATA_DIR ?? app.getPath('userData');
const production = app.isPackaged;
const appUrl = pathToFileURL(join(here, '../renderer/index.html')).href;
let win: BrowserWindow | undefined;

// One kiosk per machine: a second start (a double-clicked icon, a session script run twice) only
// brings the existing window forward.
if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  app.on('second-instance', () => {
    if (win && !win.isDestroyed()) win.focus();
  });
  // No menu (and with it no accelerators such as Ctrl+R) in production.
  if (production) Menu.setApplicationMenu(null);
  // Whatever webContents appears (a devtools page aside), it may not open windows or navigate away.
  app.on('web-contents-created', (_e, contents) => {
    contents.setWindowOpenHandler(() => ({ action: 'deny' }));
    contents.on('will-attach-webview', (event) => event.preventDefault());
  });
  app
    .whenReady()
    .then(start)
    .catch((err: unknown) => {
      // Without a core there is nothing to show; say why (a packaged build without config.json has no
      // demo mode) and exit, so a supervisor can restart it or a technician sees the reason.
      dialog.showErrorBox('Gatepost cannot start', err instanceof Error ? err.message : String(err));
      app.exit(1);
    });
}

async function start(): Promise<void> {
  const core = await bootKiosk({ dataDir });
  const log = (message: string, detail?: Record<string, unknown>) => core.logger.warn(detail ?? {}, message);
  applySessionPolicy(session.defaultSession);
  registerIpc(
    ipcMain,
    () => (win && !win.isDestroyed() ? { contents: win.webContents, appUrl } : undefined),
    (channel, args) => core.router.dispatch(channel, args),
  );
  win = createKioskWindow(BrowserWindow, {
    preload: join(here, '../preload/preload.cjs'),
    appUrl,
    production,
    windowed: !!process.env.GATEPOST_WINDOWED,
    log,
  });
  const shown = win;
  bridgeEvents(
    core.kiosk,
    (event, payload) => {
      if (!shown.isDestroyed()) shown.webContents.send(event, payload);
    },
    core.logger,
  );
  core.wedge.setConnected(true);
  app.on('before-quit', () => void core.close());
  await win.loadURL(appUrl);
}

app.on('window-all-closed', () => app.quit());
