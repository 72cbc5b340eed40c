import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { nodeHttpTransport } from '../../electron/core/providers/http/node-http-transport.js';
import type { PresenceSettingsInput } from '../../electron/core/providers/presence/index.js';
import { ProviderUnavailableError, type OfflineScanRecord } from '../../electron/core/providers/provider.js';
import {
  PRESENCE_DEMO_GATES,
  PRESENCE_DEMO_TOKENS as T,
  type PresenceSandbox,
} from '../../electron/sandbox/presence/index.js';
import type { HttpTransport } from '../../electron/core/providers/http/http-transport.js';
import {
  TestClock,
  contextWith,
  recordingTransport,
  rejectionOf,
  scanOf,
} from './support/provider-harness.js';
import { presenceRig } from './support/provider-rigs.js';

const { providerFor, startSandbox } = presenceRig;

const [T1, T2, T3] = T.valid;

describe('Presence offline upload', () => {
  let clock: TestClock;
  let sandbox: PresenceSandbox;
  beforeEach(async () => {
    clock = new TestClock();
    sandbox = await startSandbox({ clock });
  });
  afterEach(() => sandbox.close());

  async function configured(overrides: Partial<PresenceSettingsInput> = {}, transport?: HttpTransport) {
    const provider = providerFor(sandbox, overrides, transport ? { transport } : {});
    await provider.configure(AbortSignal.timeout(5_000));
    return provider;
  }

  const record = (
    scanId: string,
    token: string,
    extra: Partial<OfflineScanRecord> = {},
  ): OfflineScanRecord => ({
    scanId,
    token,
    inputType: 'Barcode',
    scannedAt: clock.ms - 60_000,
    outcome: 'admit',
    direction: 'entry',
    ...extra,
  });

  it('uploads admitted scans with their original scan time; denied ones are acknowledged unsent', async () => {
    const { transport, requests } = recordingTransport();
    const provider = await configured({}, transport);
    const batch = [
      record('s-1', T1),
      record('s-2', T2, { inputType: 'NFC', nfcType: 'Apple', scannedAt: clock.ms - 30_000 }),
      record('s-3', T.unknown, { outcome: 'stop' }),
    ];
    const result = await provider.uploadOffline(batch, AbortSignal.timeout(5_000));
    expect(result).toEqual({ accepted: ['s-3', 's-1', 's-2'], rejected: [] });

    const upload = requests.at(-1);
    expect(upload?.target.pathname).toBe('/presence/v1/ticket/upload');
    expect(upload?.json).toMatchObject({
      venueId: 'KovZpZAFF17J',
      deviceId: provider.deviceIds?.deviceId,
      gateId: PRESENCE_DEMO_GATES.entrance.gateId,
      scans: [
        { scanId: 's-1', token: T1, scanType: 'enter', deviceOs: 'Printed', scanTime: clock.ms - 60_000 },
        { scanId: 's-2', token: T2, scanType: 'enter', deviceOs: 'iOS', scanTime: clock.ms - 30_000 },
      ],
    });
    expect(sandbox.state).toMatchObject({ offlineUploads: 1, offlineScansStored: 2 });
    // The uploaded entries count: the same tickets online are now already entered.
    expect(await provider.validate(scanOf(T1, { clock }), contextWith())).toMatchObject({
      rawStatus: 'ALREADY_ENTERED',
    });
  });

  it('is idempotent on scanId: re-sending the same batch stores nothing twice', async () => {
    const provider = await configured();
    const batch = [record('s-1', T1), record('s-2', T2)];
    await provider.uploadOffline(batch, AbortSignal.timeout(5_000));
    const again = await provider.uploadOffline(batch, AbortSignal.timeout(5_000));
    expect(again.accepted).toEqual(['s-1', 's-2']);
    expect(sandbox.state).toMatchObject({ offlineUploads: 2, offlineScansStored: 2 });
    expect(sandbox.offlineScans().map((s) => s.scanId)).toEqual(['s-1', 's-2']);
  });

  it('a lost reply, then a re-send: accepted once, no duplicates', async () => {
    let dropReply = true;
    const provider = await configured({}, async (req) => {
      const answer = await nodeHttpTransport(req);
      if (dropReply && req.url.includes('/ticket/upload')) {
        dropReply = false;
        throw new ProviderUnavailableError('Presence offline upload: network error (ECONNRESET)');
      }
      return answer;
    });
    const batch = [record('s-1', T1), record('s-2', T2), record('s-3', T3)];
    const lost = await rejectionOf(provider.uploadOffline(batch, AbortSignal.timeout(5_000)));
    expect(lost).toBeInstanceOf(ProviderUnavailableError);
    expect(sandbox.state.offlineScansStored).toBe(3); // The server did store them.

    const resent = await provider.uploadOffline(batch, AbortSignal.timeout(5_000));
    expect(resent).toEqual({ accepted: ['s-1', 's-2', 's-3'], rejected: [] });
    expect(sandbox.state).toMatchObject({ offlineUploads: 2, offlineScansStored: 3 });
    expect(sandbox.offlineScans()).toHaveLength(3);
  });

  it('splits a batch larger than maxUploadBatch', async () => {
    const provider = await configured({ maxUploadBatch: 2 });
    expect(provider.maxUploadBatch).toBe(2);
    const batch = ['a', 'b', 'c', 'd', 'e'].map((id, i) => record(id, String(730_000_000_000 + i)));
    const result = await provider.uploadOffline(batch, AbortSignal.timeout(5_000));
    expect(result.accepted).toEqual(['a', 'b', 'c', 'd', 'e']);
    expect(sandbox.state).toMatchObject({ offlineUploads: 3, offlineScansStored: 5 });
  });

  it('exit-lane scans upload as exits and move the ticket to EXITED', async () => {
    const entry = await configured();
    await entry.validate(scanOf(T1, { clock }), contextWith());
    const exit = await configured({ mac: '02:00:5E:00:53:20', gateName: 'Exit 1', gateMode: 'exit' });
    await exit.uploadOffline([record('x-1', T1, { direction: 'exit' })], AbortSignal.timeout(5_000));
    expect(sandbox.offlineScans()[0]).toMatchObject({ scanId: 'x-1', scanType: 'exit' });
    expect(sandbox.tickets.state(T1)?.external).toBe('exited');
  });

  it('the upload path comes from the settings', async () => {
    await sandbox.close();
    sandbox = await startSandbox({ clock, paths: { offlineUpload: '/presence/v1/scans/offline' } });
    const provider = await configured({ paths: { offlineUpload: '/scans/offline' } });
    await provider.uploadOffline([record('p-1', T1)], AbortSignal.timeout(5_000));
    expect(sandbox.state.offlineScansStored).toBe(1);
  });

  it('a malformed upload (BAD_REQUEST) goes to the rejected list, never silently dropped', async () => {
    const provider = await configured({}, (req) =>
      nodeHttpTransport(
        req.url.includes('/ticket/upload') ? { ...req, body: '{"venueId":"KovZpZAFF17J"}' } : req,
      ),
    );
    const result = await provider.uploadOffline(
      [record('s-1', T1), record('s-2', T2)],
      AbortSignal.timeout(5_000),
    );
    expect(result.accepted).toEqual([]);
    expect(result.rejected.map((r) => r.scanId)).toEqual(['s-1', 's-2']);
    expect(result.rejected[0]?.reason).toMatch(/BAD_REQUEST/);
    expect(sandbox.state.offlineScansStored).toBe(0);
  });

  it('server faults on the upload are unavailable (retry later), and nothing is stored', async () => {
    sandbox.setFaults({ status: 503, faultPaths: ['offlineUpload'] });
    const provider = await configured();
    const err = await rejectionOf(provider.uploadOffline([record('s-1', T1)], AbortSignal.timeout(5_000)));
    expect(err).toBeInstanceOf(ProviderUnavailableError);
    expect(sandbox.state.offlineScansStored).toBe(0);
  });

  it('an empty batch, or one with only denied scans, sends nothing', async () => {
    const provider = await configured();
    const before = sandbox.state.requests;
    expect(await provider.uploadOffline([], AbortSignal.timeout(5_000))).toEqual({
      accepted: [],
      rejected: [],
    });
    expect(
      await provider.uploadOffline([record('d-1', T1, { outcome: 'see-staff' })], AbortSignal.timeout(5_000)),
    ).toEqual({ accepted: ['d-1'], rejected: [] });
    expect(sandbox.state.requests).toBe(before);
  });
});
