import { gunzipSync } from 'node:zlib';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { EntryV1Provider } from '../../electron/core/providers/entry-v1/index.js';
import type { HttpRequest } from '../../electron/core/providers/http/http-transport.js';
import { nodeHttpTransport } from '../../electron/core/providers/http/node-http-transport.js';
import {
  capabilitiesOf,
  ProviderUnavailableError,
  type OfflineScanRecord,
} from '../../electron/core/providers/provider.js';
import {
  DEMO_LIVE_EVENT_ID,
  DEMO_NFC_KEYS,
  DEMO_PAST_EVENT_ID,
  DEMO_TOKENS,
  startEntryV1Sandbox,
  type EntryV1Sandbox,
} from '../../electron/sandbox/entry-v1/index.js';
import { contextWith, scanOf } from './support/provider-harness.js';
import { entryV1Rig } from './support/provider-rigs.js';

const { API_KEY, providerFor } = entryV1Rig;

const [T1, T2, T3] = DEMO_TOKENS.valid;
const signal = () => AbortSignal.timeout(5_000);

let recordCounter = 0;
function record(over: Partial<OfflineScanRecord> = {}): OfflineScanRecord {
  recordCounter += 1;
  return {
    scanId: `offline-${recordCounter}`,
    token: `38${String(recordCounter).padStart(12, '0')}`,
    inputType: 'Barcode',
    barcodeType: 'Barcode',
    scannedAt: Date.now() - recordCounter * 1_000,
    outcome: 'admit',
    direction: 'entry',
    eventId: DEMO_LIVE_EVENT_ID,
    ...over,
  };
}

describe('Entry V1 capabilities against the sandbox', () => {
  let sandbox: EntryV1Sandbox;
  let provider: EntryV1Provider;
  let sent: HttpRequest[];

  beforeEach(async () => {
    sandbox = await startEntryV1Sandbox({ apiKey: API_KEY, venueTimezone: 'America/Chicago' });
    sent = [];
    provider = providerFor(
      sandbox,
      {},
      {
        localIPAddress: () => '10.20.30.40',
        transport: (req) => {
          sent.push(req);
          return nodeHttpTransport(req);
        },
      },
    );
    await provider.configure(signal());
  });
  afterEach(() => sandbox.close());

  const lastTo = (fragment: string) => [...sent].reverse().find((r) => r.url.includes(fragment));
  const jsonBody = (req: HttpRequest | undefined) => JSON.parse(String(req?.body)) as Record<string, unknown>;

  it('declares every capability and a 100-scan upload limit', () => {
    expect(capabilitiesOf(provider).sort()).toEqual([
      'heartbeat',
      'lookup',
      'syncReference',
      'uploadOffline',
    ]);
    expect(provider.maxUploadBatch).toBe(100);
  });

  it('syncReference: events with scan windows in the JWT venue zone, barcode masks, NFC keys kept', async () => {
    const ref = await provider.syncReference(signal());
    expect(ref.events.map((e) => e.eventId).sort()).toEqual([DEMO_LIVE_EVENT_ID, DEMO_PAST_EVENT_ID]);
    const live = ref.events.find((e) => e.eventId === DEMO_LIVE_EVENT_ID);
    expect(live).toMatchObject({
      name: 'Gatepost Demo Night',
      timeZone: 'America/Chicago',
      barcodeMasks: ['39????????????'],
    });
    for (const key of ['start', 'end', 'scanStart', 'scanEnd'] as const) {
      expect(live?.[key]).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}$/);
    }
    expect(ref.nfcKeys).toEqual(DEMO_NFC_KEYS);
    expect(lastTo('/v1/events')?.headers.Authorization).toMatch(/^Bearer eyJ/);
  });

  it('syncReference follows the server: an event added there appears on the next sync', async () => {
    sandbox.tickets.addEvent({
      eventId: '390:DEMO:LATE',
      eventName: 'Late Show',
      startDateTime: '2030-01-01T20:00:00',
      endDateTime: '2030-01-01T23:00:00',
      scanStartDateTime: '2030-01-01T18:00:00',
      scanEndDateTime: '2030-01-01T23:30:00',
      barcodeMasks: ['^38\\d{12}$'],
    });
    const ref = await provider.syncReference(signal());
    expect(ref.events.find((e) => e.eventId === '390:DEMO:LATE')?.barcodeMasks).toEqual(['^38\\d{12}$']);
    expect(provider.getEvents()).toHaveLength(3);
  });

  it('venues: Get Venues with the API key, not a Bearer token', async () => {
    const venues = await provider.venues(signal());
    expect(venues).toEqual([
      { facilityCode: 'TS', title: 'Sandbox Stadium', venueTimezone: 'America/Chicago' },
    ]);
    const req = lastTo('/v1/venues');
    expect(req?.headers['API-Authorization-Key']).toBe(API_KEY);
    expect(req?.headers.Authorization).toBeUndefined();
    expect(jsonBody(req)).toMatchObject({
      dataAccountId: '390',
      serialNumber: 'GP-TEST-0001',
      make: 'Gatepost',
      model: 'Pedestal',
    });
  });

  it('heartbeat: Ping with the network and device fields', async () => {
    const deviceTime = Date.UTC(2025, 5, 1, 12, 0, 0);
    await provider.heartbeat({ deviceTime, pendingUploads: 3, mode: 'online' }, signal());
    const req = lastTo('/v1/ping');
    expect(req?.headers.Authorization).toMatch(/^Bearer /);
    expect(jsonBody(req)).toEqual({
      testMode: false,
      networkType: 'Wired',
      localIPAddress: '10.20.30.40',
      softwareMode: 'Pedestal',
      deviceTimestamp: '2025-06-01T12:00:00.000Z',
    });
  });

  it('lookup: a ticket with seat, holder and scan history; an unknown ticket is not found', async () => {
    await provider.validate(scanOf(T1), contextWith());
    await provider.validate(scanOf(T1), contextWith());
    const found = await provider.lookup(T1, signal());
    expect(found).toMatchObject({
      token: T1,
      found: true,
      eventId: DEMO_LIVE_EVENT_ID,
      eventName: 'Gatepost Demo Night',
      status: 'entered',
      holderName: 'Ada Lovelace',
      seat: { level: 'LOWER', section: '101', row: 'A', seat: '1' },
    });
    expect(found.history?.map((h) => h.outcome)).toEqual([
      'Entry Admit (OK)',
      'Entry Stop (ALREADY_ENTERED)',
    ]);
    expect(found.history?.[0]?.where).toContain('Main Entry');

    expect(await provider.lookup(T2, signal())).toMatchObject({
      found: true,
      status: 'not entered',
      history: [],
    });
    expect(await provider.lookup(DEMO_TOKENS.unknown, signal())).toEqual({
      token: DEMO_TOKENS.unknown,
      found: false,
    });
  });

  it('lookup puts the token in the path, percent-encoded', async () => {
    expect((await provider.lookup('a/b c', signal())).found).toBe(false);
    expect(lastTo('/v1/tickets/')?.url).toMatch(/\/v1\/tickets\/a%2Fb%20c$/);
  });

  it('lookup through a lite session when configured; scans keep the device session', async () => {
    const lite = providerFor(sandbox, { liteSessionForLookup: true, serialNumber: 'GP-LITE' });
    await lite.configure(signal());
    expect((await lite.lookup(T3, signal())).found).toBe(true);
    expect((await lite.lookup(T2, signal())).found).toBe(true);
    expect(sandbox.state.liteSessionsCreated).toBe(1);
    expect((await lite.validate(scanOf(T3), contextWith())).outcome).toBe('admit');
  });

  it('uploadOffline: gzip JSON array per event with the documented headers and batch fields', async () => {
    const at = Date.UTC(2025, 9, 2, 23, 32, 45);
    const records = [
      record({ token: T1, scannedAt: at }),
      record({ token: T2, scannedAt: at + 1_000, outcome: 'stop', inputType: 'NFC', nfcType: 'Google' }),
    ];
    delete records[1]!.barcodeType;
    const result = await provider.uploadOffline(records, signal());
    expect(result).toEqual({ accepted: records.map((r) => r.scanId), rejected: [] });

    const req = lastTo('/v1/offline/');
    expect(req?.url).toBe(`${sandbox.url}/v1/offline/390:DEMO:LIVE`);
    expect(req?.headers).toMatchObject({
      'API-Authorization-Key': API_KEY,
      'Content-Encoding': 'gzip',
      'Content-Type': 'application/json',
    });
    expect(req?.headers.Filename).toMatch(/^GP-TEST-0001_\d{8}T\d{9}Z$/);
    expect(req?.headers.Authorization).toBeUndefined();
    const body = JSON.parse(gunzipSync(req?.body as Uint8Array).toString('utf8')) as unknown[];
    const live = provider.getEvents().find((e) => e.eventId === DEMO_LIVE_EVENT_ID);
    expect(body).toEqual([
      {
        serialNumber: 'GP-TEST-0001',
        dataAccountId: '390',
        venueCd: 'TS',
        deviceStatus: 'Offline',
        scanMode: 'Entry',
        eventId: DEMO_LIVE_EVENT_ID,
        eventStartDate: live?.startDateTime,
        eventEndDate: live?.endDateTime,
        jwt: expect.stringMatching(/^eyJ/),
        scans: [
          {
            token: T1,
            status: 'Admit',
            scanTimestamp: '2025-10-02T18:32:45-05:00',
            deviceTimestamp: '2025-10-02T18:32:45-05:00',
            inputType: 'Barcode',
            barcodeType: 'Barcode',
          },
          {
            token: T2,
            status: 'Stop',
            scanTimestamp: '2025-10-02T18:32:46-05:00',
            deviceTimestamp: '2025-10-02T18:32:46-05:00',
            inputType: 'NFC',
            nfcType: 'Google',
          },
        ],
      },
    ]);
    expect(sandbox.state.offlineScansStored).toBe(2);
    expect(sandbox.tickets.lookup(T1)?.inside).toBe(true);
  });

  it('uploadOffline: 250 scans over 2 events become ≤ 100-scan requests, each event on its own path', async () => {
    const live = Array.from({ length: 180 }, () => record());
    const past = Array.from({ length: 70 }, () => record({ eventId: DEMO_PAST_EVENT_ID }));
    const result = await provider.uploadOffline([...live, ...past], signal());
    expect(result.accepted).toHaveLength(250);
    expect(result.rejected).toEqual([]);
    const uploads = sent.filter((r) => r.url.includes('/v1/offline/'));
    expect(uploads.map((r) => r.url.split('/').at(-1))).toEqual([
      DEMO_LIVE_EVENT_ID,
      DEMO_LIVE_EVENT_ID,
      DEMO_PAST_EVENT_ID,
    ]);
    expect(new Set(uploads.map((r) => r.headers.Filename)).size).toBe(3);
    expect(sandbox.state).toMatchObject({ offlineUploads: 3, offlineScansStored: 250 });
  });

  it('uploadOffline: an empty batch sends nothing', async () => {
    expect(await provider.uploadOffline([], signal())).toEqual({ accepted: [], rejected: [] });
    expect(sent.some((r) => r.url.includes('/v1/offline/'))).toBe(false);
  });

  it('uploadOffline is idempotent: a re-sent batch after a lost reply adds nothing', async () => {
    let loseNextReply = true;
    const lossy = providerFor(
      sandbox,
      {},
      {
        transport: async (req) => {
          const answer = await nodeHttpTransport(req);
          if (req.url.includes('/v1/offline/') && loseNextReply) {
            loseNextReply = false;
            // The server stored the scans, but the answer never reaches the kiosk.
            throw new ProviderUnavailableError('Entry V1 offlineUpload: network error (ECONNRESET)');
          }
          return answer;
        },
      },
    );
    await lossy.configure(signal());
    const batch = Array.from({ length: 5 }, () => record());
    await expect(lossy.uploadOffline(batch, signal())).rejects.toBeInstanceOf(ProviderUnavailableError);
    expect(sandbox.state).toMatchObject({ offlineUploads: 1, offlineScansStored: 5 });

    const again = await lossy.uploadOffline(batch, signal());
    expect(again.accepted).toEqual(batch.map((r) => r.scanId));
    expect(sandbox.state).toMatchObject({ offlineUploads: 2, offlineScansStored: 5 });
    expect(sandbox.offlineScans()).toHaveLength(5);
  });

  it('uploadOffline: a 400 rejects that request’s scans with the reason; others are accepted', async () => {
    const good = [record(), record()];
    const bad = record({ token: '', eventId: DEMO_PAST_EVENT_ID });
    const result = await provider.uploadOffline([...good, bad], signal());
    expect(result.accepted).toEqual(good.map((r) => r.scanId));
    expect(result.rejected).toEqual([
      { scanId: bad.scanId, reason: expect.stringMatching(/HTTP 400.*token should not be empty/) },
    ]);
    expect(sandbox.state.offlineScansStored).toBe(2);
  });

  it('uploadOffline: a 5xx throws so the caller retries', async () => {
    sandbox.setFaults({ status: 502, faultPaths: ['offlineUpload'] });
    const err = await provider.uploadOffline([record()], signal()).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ProviderUnavailableError);
    expect((err as ProviderUnavailableError).httpStatus).toBe(502);
    expect(sandbox.state.offlineScansStored).toBe(0);
  });

  it('uploadOffline: a scan without an event id goes to the one event open at its time, else waits (deferred, never refused by the kiosk)', async () => {
    // A sandbox whose venue zone is this machine's, the zone its fixture writes event times in.
    const local = await startEntryV1Sandbox({ apiKey: API_KEY });
    try {
      const kiosk = providerFor(local);
      await kiosk.configure(signal());
      const inWindow = record({ eventId: undefined, scannedAt: Date.now() - 60_000 });
      // Even a record carrying its event's dates but no event id cannot be sent: the path names the event.
      const nowhere = record({ eventId: undefined, scannedAt: Date.now() - 100 * 86_400_000 });
      const result = await kiosk.uploadOffline([inWindow, nowhere], signal());
      expect(result.accepted).toEqual([inWindow.scanId]);
      expect(result.rejected).toEqual([]);
      expect(result.deferred).toEqual([
        { scanId: nowhere.scanId, reason: 'event of the scan not known yet' },
      ]);
      expect(local.offlineScans()).toEqual([
        expect.objectContaining({ eventId: DEMO_LIVE_EVENT_ID, token: inWindow.token }),
      ]);
    } finally {
      await local.close();
    }
  });

  it('uploadOffline works without a session (API key only), e.g. straight after start-up', async () => {
    const fresh = providerFor(sandbox);
    const result = await fresh.uploadOffline([record()], signal());
    expect(result.accepted).toHaveLength(1);
    expect(sandbox.state.sessionsCreated).toBe(1); // only the beforeEach provider's
  });
});
