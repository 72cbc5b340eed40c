import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { KioskStatus, ScanDecided } from '../../electron/common/contract';
import { RpcConnection, type SocketLike } from '../../renderer/src/api/rpc-connection';
import { createWebSocketApi } from '../../renderer/src/api/websocket-api';

/** A scriptable stand-in for the browser WebSocket. */
class FakeSocket implements SocketLike {
  readyState = 0;
  sent: unknown[] = [];
  onopen: ((ev: Event) => unknown) | null = null;
  onclose: ((ev: CloseEvent) => unknown) | null = null;
  onerror: ((ev: Event) => unknown) | null = null;
  onmessage: ((ev: MessageEvent) => unknown) | null = null;

  constructor(readonly url: string) {}

  send(data: string): void {
    this.sent.push(JSON.parse(data));
  }
  close(): void {
    this.drop();
  }
  open(): void {
    this.readyState = 1;
    this.onopen?.({} as Event);
  }
  drop(): void {
    this.readyState = 3;
    this.onclose?.({} as CloseEvent);
  }
  receive(message: unknown): void {
    this.onmessage?.({
      data: typeof message === 'string' ? message : JSON.stringify(message),
    } as MessageEvent);
  }
  lastRequest(): { id: number; channel: string; args: unknown } {
    return this.sent.at(-1) as { id: number; channel: string; args: unknown };
  }
}

const STATUS: KioskStatus = {
  ready: true,
  connectivity: 'online',
  provider: 'demo',
  demo: true,
  deviceName: 'gate-1',
  resultHoldMs: 3000,
  wedge: { maxGapMs: 60, minLength: 4, manualEntry: false },
  sounds: true,
  devices: [],
};

const DECIDED: ScanDecided = {
  scanId: 'scan-1',
  outcome: 'stop',
  mode: 'online',
  reasonCode: 'already-used',
  reasonText: 'Ticket already used',
  tokenHint: '…1234',
};

let sockets: FakeSocket[];
const createSocket = (url: string) => {
  const s = new FakeSocket(url);
  sockets.push(s);
  return s;
};
const current = () => sockets.at(-1)!;

beforeEach(() => {
  sockets = [];
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

describe('RpcConnection', () => {
  it('queues a request made while connecting and resolves it with the validated reply', async () => {
    const rpc = new RpcConnection({ url: 'ws://x/rpc?token=t', createSocket });
    const reply = rpc.request('scan.submit', { token: 'ABC', inputType: 'Barcode', source: 'wedge' });
    expect(current().sent).toEqual([]);
    current().open();
    const req = current().lastRequest();
    expect(req).toMatchObject({ channel: 'scan.submit', args: { token: 'ABC' } });
    current().receive({ kind: 'reply', id: req.id, result: { ok: true, value: { accepted: true } } });
    await expect(reply).resolves.toEqual({ ok: true, value: { accepted: true } });
  });

  it('passes a server-side error through', async () => {
    const rpc = new RpcConnection({ url: 'ws://x', createSocket });
    current().open();
    const reply = rpc.request('scan.shown', { scanId: 's' });
    current().receive({
      kind: 'reply',
      id: current().lastRequest().id,
      result: { ok: false, error: 'nope' },
    });
    await expect(reply).resolves.toEqual({ ok: false, error: 'nope' });
  });

  it('times a request out after 5 s', async () => {
    const rpc = new RpcConnection({ url: 'ws://x', createSocket });
    current().open();
    const reply = rpc.request('kiosk.status', {});
    vi.advanceTimersByTime(4999);
    let settled = false;
    void reply.then(() => (settled = true));
    await Promise.resolve();
    expect(settled).toBe(false);
    vi.advanceTimersByTime(1);
    await expect(reply).resolves.toEqual({ ok: false, error: 'timeout' });
  });

  it('fails pending requests on disconnect and reconnects with growing back-off', async () => {
    vi.spyOn(Math, 'random').mockReturnValue(0.5); // no jitter
    const rpc = new RpcConnection({
      url: 'ws://x',
      createSocket,
      reconnectInitialMs: 100,
      reconnectMaxMs: 400,
    });
    current().open();
    const reply = rpc.request('kiosk.status', {});
    current().drop();
    await expect(reply).resolves.toEqual({ ok: false, error: 'disconnected' });

    expect(sockets).toHaveLength(1);
    vi.advanceTimersByTime(100);
    expect(sockets).toHaveLength(2);
    current().drop(); // connect attempt refused
    vi.advanceTimersByTime(199);
    expect(sockets).toHaveLength(2);
    vi.advanceTimersByTime(1);
    expect(sockets).toHaveLength(3);
    current().drop();
    vi.advanceTimersByTime(400);
    expect(sockets).toHaveLength(4);
    current().drop();
    vi.advanceTimersByTime(400); // capped
    expect(sockets).toHaveLength(5);

    current().open(); // success resets the back-off
    current().drop();
    vi.advanceTimersByTime(100);
    expect(sockets).toHaveLength(6);
    rpc.close();
    vi.restoreAllMocks();
  });

  it('delivers event payloads and drops malformed frames and unknown events', () => {
    const rpc = new RpcConnection({ url: 'ws://x', createSocket });
    current().open();
    const seen: unknown[] = [];
    const off = rpc.on('scan.decided', (d) => seen.push(d));

    current().receive('not json{');
    current().receive({ kind: 'weird' });
    current().receive({ kind: 'event', event: 'nope', payload: DECIDED });
    current().receive({ kind: 'reply', id: 999, result: { ok: true, value: null } });
    current().receive({ kind: 'event', event: 'scan.decided', payload: DECIDED });
    expect(seen).toEqual([DECIDED]);

    off();
    current().receive({ kind: 'event', event: 'scan.decided', payload: DECIDED });
    expect(seen).toHaveLength(1);
  });

  it('stops reconnecting once closed and fails later requests at once', async () => {
    const rpc = new RpcConnection({ url: 'ws://x', createSocket, reconnectInitialMs: 10 });
    current().open();
    rpc.close();
    vi.advanceTimersByTime(60_000);
    expect(sockets).toHaveLength(1);
    await expect(rpc.request('kiosk.status', {})).resolves.toEqual({ ok: false, error: 'connection closed' });
  });
});

describe('createWebSocketApi', () => {
  it('fetches status on every connect and reports not-ready while disconnected', async () => {
    vi.spyOn(Math, 'random').mockReturnValue(0.5);
    const api = createWebSocketApi({ url: 'ws://x', createSocket, reconnectInitialMs: 100 });
    const statuses: KioskStatus[] = [];
    api.onStatus((s) => statuses.push(s));

    current().open();
    const req = current().lastRequest();
    expect(req.channel).toBe('kiosk.status');
    current().receive({ kind: 'reply', id: req.id, result: { ok: true, value: STATUS } });
    await vi.advanceTimersByTimeAsync(0);
    expect(statuses).toEqual([STATUS]);

    current().drop();
    expect(statuses.at(-1)).toEqual({ ...STATUS, ready: false });

    await vi.advanceTimersByTimeAsync(100);
    current().open();
    const again = current().lastRequest();
    current().receive({
      kind: 'reply',
      id: again.id,
      result: { ok: true, value: { ...STATUS, demo: false } },
    });
    await vi.advanceTimersByTimeAsync(0);
    expect(statuses.at(-1)).toEqual({ ...STATUS, demo: false });

    current().receive({
      kind: 'event',
      event: 'kiosk.status',
      payload: { ...STATUS, connectivity: 'offline' },
    });
    expect(statuses.at(-1)?.connectivity).toBe('offline');
    api.close();
    vi.restoreAllMocks();
  });

  it('fails a request whose reply does not match the channel schema, without waiting for the timeout', async () => {
    const api = createWebSocketApi({ url: 'ws://x', createSocket });
    current().open();
    const reply = api.admin.pinState();
    current().receive({
      kind: 'reply',
      id: current().lastRequest().id,
      result: { ok: true, value: { provider: 7 } },
    });
    await expect(reply).resolves.toEqual({ ok: false, error: 'invalid reply for admin.pin.state' });
    api.close();
  });

  it('rejects invalid arguments locally, sending nothing', async () => {
    const api = createWebSocketApi({ url: 'ws://x', createSocket });
    current().open();
    const before = current().sent.length;
    const reply = api.submitScan({ token: 'x', inputType: 'Barcode', source: '' });
    await expect(reply).resolves.toEqual({ ok: false, error: 'invalid arguments for scan.submit' });
    expect(current().sent).toHaveLength(before);
    api.close();
  });

  it('drops events whose payload breaks the contract', () => {
    const api = createWebSocketApi({ url: 'ws://x', createSocket });
    current().open();
    const seen: ScanDecided[] = [];
    api.onScanDecided((d) => seen.push(d));
    current().receive({ kind: 'event', event: 'scan.decided', payload: { ...DECIDED, outcome: 'maybe' } });
    current().receive({ kind: 'event', event: 'scan.decided', payload: DECIDED });
    expect(seen).toEqual([DECIDED]);
    api.close();
  });

  it('maps methods onto channels', async () => {
    const api = createWebSocketApi({ url: 'ws://x', createSocket });
    current().open();
    const shown = api.markShown('scan-9');
    const req = current().lastRequest();
    expect(req).toMatchObject({ channel: 'scan.shown', args: { scanId: 'scan-9' } });
    current().receive({ kind: 'reply', id: req.id, result: { ok: true, value: null } });
    await expect(shown).resolves.toEqual({ ok: true, value: null });
    api.close();
  });
});
