/**
 * The Electron shell: a thin host for the same core the web shell runs. It owns the window and the IPC
 * wiring, nothing else; the window's settings, lockdown, self-healing and the IPC sender check live in
 * their own files so tests drive them with a fake `electron`.
 */
import { app, BrowserWindow, dialog, ipcMain, Menu, safeStorage, session } from 'electron';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { events } from '../common/contract.js';
import { KioskRuntime, bridgeEvents, electronCipher, keyFileCipher } from '../host/index.js';
import { applySessionPolicy, createKioskWindow } from './kiosk-window.js';
import { registerIpc } from './ipc-bridge.js';

const here = dirname(fileURLToPath(import.meta.url));
const dataDir = process.env.GATEPOST_DATA_DIR ?? app.getPath('userData');
const production = app.isPackaged;
const appUrl = pathToFileURL(join(here, '../renderer/index.html')).href;
let win: BrowserWindow | undefined;

// Everything the kiosk writes (journal, WAL, log, secret store) is for the kiosk user only.
process.umask(0o077);

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
  // Secrets in the OS keychain (safeStorage); the key file where Linux has no keyring.
  const runtime = await KioskRuntime.start({
    dataDir,
    demo: process.env.GATEPOST_DEMO !== 'off' && !process.argv.includes('--no-demo'),
    cipher: electronCipher(safeStorage, () => keyFileCipher(dataDir)),
  });
  const log = (message: string, detail?: Record<string, unknown>) =>
    runtime.logger.warn(detail ?? {}, message);
  applySessionPolicy(session.defaultSession);
  registerIpc(
    ipcMain,
    () => (win && !win.isDestroyed() ? { contents: win.webContents, appUrl } : undefined),
    (channel, args) => runtime.router.dispatch(channel, args),
  );
  win = createKioskWindow(BrowserWindow, {
    preload: join(here, '../preload/preload.cjs'),
    appUrl,
    production,
    windowed: !!process.env.GATEPOST_WINDOWED,
    log,
  });
  const shown = win;
  const send = (event: string, payload: unknown) => {
    if (!shown.isDestroyed()) shown.webContents.send(event, payload);
  };
  // The core restarts in place (the console's "Restart now"): each new core is bridged to the window.
  let stopBridge: (() => void) | undefined;
  runtime.onBooted((core) => {
    stopBridge?.();
    stopBridge = bridgeEvents(core.kiosk, send, core.logger);
    core.wedge.setConnected(true);
    send('kiosk.status', core.kiosk.status());
  });
  runtime.on('status', (status) => {
    if (events['kiosk.status'].safeParse(status).success) send('kiosk.status', status);
  });
  runtime.on('admin.requested', () => send('admin.requested', { via: 'badge' }));
  app.on('before-quit', () => void runtime.close());
  await win.loadURL(appUrl);
}

app.on('window-all-closed', () => app.quit());
