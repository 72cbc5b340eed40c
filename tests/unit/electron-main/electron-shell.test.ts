import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { BrowserWindow, IpcMain, Session, WebContents } from 'electron';
import { allChannels } from '../../../electron/common/all-channels.js';
import { CSP } from '../../../electron/common/csp.js';
import { applySessionPolicy, createKioskWindow } from '../../../electron/electron-main/kiosk-window.js';
import { registerIpc } from '../../../electron/electron-main/ipc-bridge.js';
import { FakeApp, FakeBrowserWindow, FakeIpcMain, FakeSession, FakeWebContents } from './fake-electron.js';

const APP_URL = 'file:///opt/gatepost/resources/app.asar/out/renderer/index.html';
const log = () => undefined;

function makeWindow(production = true) {
  const Win = FakeBrowserWindow as unknown as new (o: unknown) => BrowserWindow;
  const win = createKioskWindow(Win, {
    preload: '/p/preload.cjs',
    appUrl: APP_URL,
    production,
    windowed: false,
    log,
  });
  return win as unknown as FakeBrowserWindow;
}

const chord = (key: string, mods: Partial<Record<'control' | 'alt' | 'shift' | 'meta', boolean>> = {}) => ({
  type: 'keyDown',
  key,
  control: false,
  alt: false,
  shift: false,
  meta: false,
  ...mods,
});

afterEach(() => {
  FakeBrowserWindow.created = [];
  vi.useRealTimers();
});

describe('kiosk window', () => {
  it('is sandboxed, isolated, without Node, full-screen kiosk, and without devtools in production', () => {
    const win = makeWindow(true);
    expect(win.options).toMatchObject({ kiosk: true, fullscreen: true });
    expect(win.options.webPreferences).toMatchObject({
      preload: '/p/preload.cjs',
      sandbox: true,
      contextIsolation: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      devTools: false,
    });
    expect(win.menuRemoved).toBe(true);
  });

  it('keeps devtools and the menu in development builds', () => {
    const win = makeWindow(false);
    expect((win.options.webPreferences as Record<string, unknown>).devTools).toBe(true);
    expect(win.menuRemoved).toBe(false);
  });

  it('pins navigation to the app: other URLs are refused, the app URL with a fragment is allowed', () => {
    const { webContents: wc } = makeWindow();
    expect(wc.fire('will-navigate', 'https://evil.example/')).toBe(true);
    expect(wc.fire('will-navigate', 'file:///etc/passwd')).toBe(true);
    expect(wc.fire('will-redirect', 'http://127.0.0.1:9/')).toBe(true);
    expect(wc.fire('will-navigate', `${APP_URL}#view=admin`)).toBe(false);
    expect(wc.fire('will-attach-webview')).toBe(true);
    expect(wc.windowOpenHandler?.({ url: 'https://evil.example/' })).toEqual({ action: 'deny' });
  });

  it('drops the listed key chords before the page sees them, and lets scanner input and Ctrl+Shift+A through', () => {
    const { webContents: wc } = makeWindow();
    const blocked = [
      chord('F4', { alt: true }),
      chord('w', { control: true }),
      chord('q', { control: true }),
      chord('F11'),
      chord('F12'),
      chord('I', { control: true, shift: true }),
      chord('r', { control: true }),
      chord('F5'),
    ];
    for (const input of blocked)
      expect(wc.fire('before-input-event', input), JSON.stringify(input)).toBe(true);
    const allowed = [
      chord('3'),
      chord('Enter'),
      chord('A', { control: true, shift: true }),
      chord('a', { shift: true }),
    ];
    for (const input of allowed)
      expect(wc.fire('before-input-event', input), JSON.stringify(input)).toBe(false);
  });

  it('closes the devtools whenever they open in production', () => {
    const { webContents: wc } = makeWindow(true);
    wc.emit('devtools-opened');
    expect(wc.closedDevTools).toBe(1);
  });

  it('reloads the page when its renderer dies, but not after a clean exit', () => {
    vi.useFakeTimers();
    const win = makeWindow();
    win.webContents.emit('render-process-gone', {}, { reason: 'crashed', exitCode: 139 });
    vi.runAllTimers();
    expect(win.loaded).toEqual([APP_URL]);
    win.webContents.emit('render-process-gone', {}, { reason: 'clean-exit', exitCode: 0 });
    vi.runAllTimers();
    expect(win.loaded).toHaveLength(1);
  });

  it('spaces reloads out when the renderer keeps crashing (no reload storm)', () => {
    vi.useFakeTimers();
    const win = makeWindow();
    for (let i = 0; i < 3; i++) {
      win.webContents.emit('render-process-gone', {}, { reason: 'crashed', exitCode: 139 });
      vi.advanceTimersByTime(0);
    }
    expect(win.loaded).toHaveLength(3);
    win.webContents.emit('render-process-gone', {}, { reason: 'oom', exitCode: 9 });
    vi.advanceTimersByTime(4_000);
    expect(win.loaded).toHaveLength(3);
    vi.advanceTimersByTime(1_000);
    expect(win.loaded).toHaveLength(4);
  });

  it('restarts a renderer that stays unresponsive past the grace period, and not one that recovers', () => {
    vi.useFakeTimers();
    const win = makeWindow();
    win.webContents.emit('unresponsive');
    vi.advanceTimersByTime(5_000);
    win.webContents.emit('responsive');
    vi.advanceTimersByTime(20_000);
    expect(win.webContents.crashedRenderer).toBe(0);

    win.webContents.emit('unresponsive');
    vi.advanceTimersByTime(10_000);
    expect(win.webContents.crashedRenderer).toBe(1);
    vi.runAllTimers();
    expect(win.loaded).toEqual([APP_URL]);
  });
});

describe('session policy', () => {
  it('denies every permission and adds the CSP header to every response', () => {
    const session = new FakeSession();
    applySessionPolicy(session as unknown as Session);
    const granted: boolean[] = [];
    for (const p of ['media', 'geolocation', 'notifications', 'openExternal'])
      session.permissionRequest?.({}, p, (g) => granted.push(g));
    expect(granted).toEqual([false, false, false, false]);
    expect(session.permissionCheck?.({}, 'media')).toBe(false);
    let headers: unknown;
    session.headersListener?.({ responseHeaders: { 'X-A': ['1'] } }, (r) => (headers = r));
    expect(headers).toEqual({ responseHeaders: { 'X-A': ['1'], 'Content-Security-Policy': [CSP] } });
  });
});

describe('IPC bridge', () => {
  const setup = () => {
    const ipc = new FakeIpcMain();
    const ours = new FakeWebContents();
    const dispatched: string[] = [];
    registerIpc(
      ipc as unknown as IpcMain,
      () => ({ contents: ours as unknown as WebContents, appUrl: APP_URL }),
      async (channel) => {
        dispatched.push(channel);
        return { ok: true, value: null };
      },
    );
    return { ipc, ours, dispatched };
  };

  it('registers exactly one handler per contract channel', () => {
    const { ipc } = setup();
    expect([...ipc.handlers.keys()].sort()).toEqual(Object.keys(allChannels).sort());
  });

  it('answers the kiosk page and refuses other senders and frames that left the app', async () => {
    const { ipc, ours, dispatched } = setup();
    const handler = ipc.handlers.get('kiosk.status')!;
    const stranger = new FakeWebContents();
    expect(await handler({ sender: stranger, senderFrame: { url: APP_URL } }, {})).toEqual({
      ok: false,
      error: 'unknown sender',
    });
    expect(await handler({ sender: ours, senderFrame: { url: 'https://evil.example/' } }, {})).toEqual({
      ok: false,
      error: 'unknown sender',
    });
    expect(await handler({ sender: ours, senderFrame: null }, {})).toMatchObject({ ok: false });
    expect(dispatched).toEqual([]);
    expect(await handler({ sender: ours, senderFrame: { url: `${APP_URL}#view=admin` } }, {})).toEqual({
      ok: true,
      value: null,
    });
    expect(dispatched).toEqual(['kiosk.status']);
  });
});

// The composed main process, with `electron` replaced by the fakes above.
const fake = vi.hoisted(() => ({ current: undefined as undefined | Record<string, unknown> }));
vi.mock('electron', () => ({
  get app() {
    return fake.current!.app;
  },
  get BrowserWindow() {
    return fake.current!.BrowserWindow;
  },
  get ipcMain() {
    return fake.current!.ipcMain;
  },
  get session() {
    return fake.current!.session;
  },
  get Menu() {
    return fake.current!.Menu;
  },
  get dialog() {
    return fake.current!.dialog;
  },
  get safeStorage() {
    return fake.current!.safeStorage;
  },
}));

describe('Electron main (fake electron module)', () => {
  let dataDir: string;
  let app: FakeApp;
  let ipcMain: FakeIpcMain;
  let menu: unknown[];
  let defaultSession: FakeSession;
  let errorBoxes: string[][];

  beforeEach(() => {
    vi.resetModules();
    dataDir = mkdtempSync(join(tmpdir(), 'gatepost-electron-main-'));
    app = new FakeApp(dataDir);
    ipcMain = new FakeIpcMain();
    menu = [];
    defaultSession = new FakeSession();
    errorBoxes = [];
    fake.current = {
      dialog: { showErrorBox: (title: string, text: string) => errorBoxes.push([title, text]) },
      app,
      BrowserWindow: FakeBrowserWindow,
      ipcMain,
      session: { defaultSession },
      Menu: { setApplicationMenu: (m: unknown) => menu.push(m) },
      // No keyring here (as on a Linux kiosk without one): the shell keeps secrets with the key file.
      safeStorage: {
        isEncryptionAvailable: () => false,
        getSelectedStorageBackend: () => 'basic_text',
        encryptString: () => Buffer.alloc(0),
        decryptString: () => '',
      },
    };
  });
  afterEach(async () => {
    app.emit('before-quit');
    // core.close() runs on before-quit; give it a moment before the data dir goes.
    await new Promise((r) => setTimeout(r, 300));
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('quits at once when another instance holds the lock', async () => {
    app.singleInstance = false;
    await import('../../../electron/electron-main/main.js');
    app.becomeReady();
    await new Promise((r) => setTimeout(r, 50));
    expect(app.quitCalls).toBe(1);
    expect(FakeBrowserWindow.created).toHaveLength(0);
  });

  it('boots the core, opens one locked-down window on the app, and serves IPC only to it', async () => {
    await import('../../../electron/electron-main/main.js');
    expect(menu).toEqual([null]);
    app.becomeReady();
    await vi.waitFor(() => expect(FakeBrowserWindow.created[0]?.loaded).toHaveLength(1), { timeout: 10_000 });
    const win = FakeBrowserWindow.created[0]!;
    expect(win.loaded[0]).toMatch(/^file:\/\/.*\/renderer\/index\.html$/);
    expect((win.options.webPreferences as Record<string, unknown>).sandbox).toBe(true);
    expect(defaultSession.permissionRequest).toBeDefined();

    const status = ipcMain.handlers.get('kiosk.status')!;
    const reply = (await status({ sender: win.webContents, senderFrame: { url: win.loaded[0] } }, {})) as {
      ok: boolean;
      value?: { demo?: boolean };
    };
    expect(reply.ok).toBe(true);
    expect(await status({ sender: new FakeWebContents(), senderFrame: { url: win.loaded[0] } }, {})).toEqual({
      ok: false,
      error: 'unknown sender',
    });

    app.emit('second-instance');
    expect(win.focused).toBe(1);
  });

  it("a config.json that cannot be used is the technician's first screen, not a dialog and an exit", async () => {
    writeFileSync(join(dataDir, 'config.json'), '{ not json');
    vi.stubEnv('GATEPOST_DATA_DIR', dataDir);
    try {
      await import('../../../electron/electron-main/main.js');
      app.becomeReady();
      await vi.waitFor(() => expect(FakeBrowserWindow.created[0]?.loaded).toHaveLength(1), {
        timeout: 10_000,
      });
    } finally {
      vi.unstubAllEnvs();
    }
    const win = FakeBrowserWindow.created[0]!;
    const status = ipcMain.handlers.get('kiosk.status')!;
    const reply = (await status({ sender: win.webContents, senderFrame: { url: win.loaded[0] } }, {})) as {
      value: { code?: string; outOfService?: string };
    };
    expect(reply.value.code).toBe('CONFIG-INVALID');
    expect(reply.value.outOfService).toMatch(/config\.json: not valid JSON: .* at line 1, column \d+/);
    expect(errorBoxes).toEqual([]);
    // The technician's channels are registered too (the core checks their session).
    expect(ipcMain.handlers.has('admin.login')).toBe(true);
  });
});
