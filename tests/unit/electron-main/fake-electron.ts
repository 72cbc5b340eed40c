import { EventEmitter } from 'node:events';

/**
 * A maintained stand-in for the parts of `electron` the shell uses, with test controls: it records what the
 * code asked for (window options, handlers, reloads) and lets a test emit the events Electron would.
 */
export class FakeWebContents extends EventEmitter {
  destroyed = false;
  windowOpenHandler: ((details: { url: string }) => { action: string }) | undefined;
  crashedRenderer = 0;
  closedDevTools = 0;
  sent: { channel: string; payload: unknown }[] = [];

  setWindowOpenHandler(handler: (details: { url: string }) => { action: string }): void {
    this.windowOpenHandler = handler;
  }
  isDestroyed(): boolean {
    return this.destroyed;
  }
  forcefullyCrashRenderer(): void {
    this.crashedRenderer++;
    this.emit('render-process-gone', {}, { reason: 'killed', exitCode: 9 });
  }
  closeDevTools(): void {
    this.closedDevTools++;
  }
  send(channel: string, payload: unknown): void {
    this.sent.push({ channel, payload });
  }

  /** Emits a cancellable Electron event; returns whether the code called preventDefault. */
  fire(name: string, ...args: unknown[]): boolean {
    let prevented = false;
    this.emit(name, { preventDefault: () => (prevented = true) }, ...args);
    return prevented;
  }
}

export class FakeBrowserWindow {
  static created: FakeBrowserWindow[] = [];
  readonly webContents = new FakeWebContents();
  loaded: string[] = [];
  menuRemoved = false;
  focused = 0;

  constructor(readonly options: Record<string, unknown>) {
    FakeBrowserWindow.created.push(this);
  }
  loadURL(url: string): Promise<void> {
    this.loaded.push(url);
    return Promise.resolve();
  }
  removeMenu(): void {
    this.menuRemoved = true;
  }
  isDestroyed(): boolean {
    return false;
  }
  focus(): void {
    this.focused++;
  }
}

export class FakeIpcMain {
  readonly handlers = new Map<string, (event: unknown, args: unknown) => unknown>();
  handle(channel: string, handler: (event: unknown, args: unknown) => unknown): void {
    if (this.handlers.has(channel)) throw new Error(`second handler for ${channel}`);
    this.handlers.set(channel, handler);
  }
}

export class FakeSession {
  headersListener:
    ((details: { responseHeaders?: Record<string, string[]> }, cb: (r: unknown) => void) => void) | undefined;
  permissionRequest: ((wc: unknown, permission: string, cb: (granted: boolean) => void) => void) | undefined;
  permissionCheck: ((...args: unknown[]) => boolean) | undefined;
  readonly webRequest = {
    onHeadersReceived: (listener: NonNullable<FakeSession['headersListener']>) => {
      this.headersListener = listener;
    },
  };
  setPermissionRequestHandler(handler: NonNullable<FakeSession['permissionRequest']>): void {
    this.permissionRequest = handler;
  }
  setPermissionCheckHandler(handler: NonNullable<FakeSession['permissionCheck']>): void {
    this.permissionCheck = handler;
  }
}

export class FakeApp extends EventEmitter {
  isPackaged = true;
  singleInstance = true;
  quitCalls = 0;
  exitCode: number | undefined;
  private readyResolve!: () => void;
  private readonly ready = new Promise<void>((r) => (this.readyResolve = r));

  constructor(private readonly userData: string) {
    super();
  }
  requestSingleInstanceLock(): boolean {
    return this.singleInstance;
  }
  quit(): void {
    this.quitCalls++;
  }
  exit(code: number): void {
    this.exitCode = code;
  }
  getPath(): string {
    return this.userData;
  }
  whenReady(): Promise<void> {
    return this.ready;
  }
  /** Test control: Electron finished starting. */
  becomeReady(): void {
    this.readyResolve();
  }
}
