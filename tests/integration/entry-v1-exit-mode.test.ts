import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { EntryV1Provider } from '../../electron/core/providers/entry-v1/index.js';
import type { HttpRequest } from '../../electron/core/providers/http/http-transport.js';
import { nodeHttpTransport } from '../../electron/core/providers/http/node-http-transport.js';
import { gunzipSync } from 'node:zlib';
import {
  DEMO_LIVE_EVENT_ID,
  DEMO_TOKENS,
  startEntryV1Sandbox,
  type EntryV1Sandbox,
} from '../../electron/sandbox/entry-v1/index.js';
import { contextWith, scanOf } from './support/provider-harness.js';
import { entryV1Rig } from './support/provider-rigs.js';

const { API_KEY, providerFor } = entryV1Rig;

const [, T2, T3] = DEMO_TOKENS.valid;

/** Exit mode end to end: an entry lane and an exit lane on one sandbox, online and offline. */
describe('Entry V1 exit mode (scanMode Exit)', () => {
  let sandbox: EntryV1Sandbox;
  let entry: EntryV1Provider;
  let exit: EntryV1Provider;
  let exitRequests: HttpRequest[];

  beforeEach(async () => {
    sandbox = await startEntryV1Sandbox({ apiKey: API_KEY });
    exitRequests = [];
    entry = providerFor(sandbox);
    exit = providerFor(
      sandbox,
      { scanMode: 'Exit', serialNumber: 'GP-TEST-EXIT' },
      {
        transport: (req) => {
          exitRequests.push(req);
          return nodeHttpTransport(req);
        },
      },
    );
    await entry.configure(AbortSignal.timeout(5_000));
    await exit.configure(AbortSignal.timeout(5_000));
  });
  afterEach(() => sandbox.close());

  it('online: exit before entry stops, entry then exit admits, and the history shows it', async () => {
    expect(await exit.validate(scanOf(T2), contextWith())).toMatchObject({
      outcome: 'stop',
      rawStatus: 'Stop',
      reasonCode: 'NOT_ENTERED',
    });
    const scanBody = JSON.parse(String(exitRequests.find((r) => r.url.endsWith('/v1/scan'))?.body));
    expect(scanBody).toMatchObject({ token: T2, scanMode: 'Exit', softwareMode: 'Pedestal' });

    expect((await entry.validate(scanOf(T2), contextWith())).outcome).toBe('admit');
    expect(await exit.validate(scanOf(T2), contextWith())).toMatchObject({
      outcome: 'admit',
      reasonText: 'Good Exit',
    });
    expect(sandbox.tickets.lookup(T2)?.inside).toBe(false);

    const lookup = await exit.lookup(T2, AbortSignal.timeout(5_000));
    expect(lookup.status).toBe('exited');
    expect(lookup.history?.map((h) => h.outcome)).toEqual([
      'Exit Stop (NOT_ENTERED)',
      'Entry Admit (OK)',
      'Exit Admit (OK)',
    ]);
    // Out again, so a second entry is allowed.
    expect((await entry.validate(scanOf(T2), contextWith())).outcome).toBe('admit');
  });

  it('offline: exit scans upload as an Exit batch and move the ticket outside', async () => {
    expect((await entry.validate(scanOf(T3), contextWith())).outcome).toBe('admit');
    const result = await exit.uploadOffline(
      [
        {
          scanId: 'exit-1',
          token: T3,
          inputType: 'Barcode',
          barcodeType: 'QRCode',
          scannedAt: Date.now(),
          outcome: 'admit',
          direction: 'exit',
          eventId: DEMO_LIVE_EVENT_ID,
        },
      ],
      AbortSignal.timeout(5_000),
    );
    expect(result).toEqual({ accepted: ['exit-1'], rejected: [] });
    const upload = exitRequests.find((r) => r.url.includes('/v1/offline/'));
    const batches = JSON.parse(gunzipSync(upload?.body as Uint8Array).toString()) as Record<
      string,
      unknown
    >[];
    expect(batches).toHaveLength(1);
    expect(batches[0]).toMatchObject({
      scanMode: 'Exit',
      serialNumber: 'GP-TEST-EXIT',
      deviceStatus: 'Offline',
    });
    expect(sandbox.offlineScans()).toEqual([expect.objectContaining({ token: T3, scanMode: 'Exit' })]);
    expect(sandbox.tickets.lookup(T3)?.inside).toBe(false);
    expect((await entry.validate(scanOf(T3), contextWith())).outcome).toBe('admit');
  });
});
