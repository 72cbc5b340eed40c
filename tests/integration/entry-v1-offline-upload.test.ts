import { gzipSync } from 'node:zlib';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { EntryV1OfflineUploadResponse } from '../../electron/core/providers/entry-v1/response-schemas.js';
import {
  DEMO_TOKENS,
  startEntryV1Sandbox,
  type EntryV1Sandbox,
} from '../../electron/sandbox/entry-v1/index.js';
import { contextWith, scanOf } from './support/provider-harness.js';
import { entryV1Rig } from './support/provider-rigs.js';

const { API_KEY, providerFor } = entryV1Rig;

const T1 = DEMO_TOKENS.valid[0];
const EVENT = '390:DEMO:LIVE';

function batch(serialNumber: string, scans: { token: string; status: string; scanTimestamp: string }[]) {
  return {
    serialNumber,
    dataAccountId: '390',
    venueCd: 'TS',
    deviceStatus: 'Offline',
    scanMode: 'Entry',
    eventId: EVENT,
    scans: scans.map((s) => ({
      ...s,
      deviceTimestamp: s.scanTimestamp,
      inputType: 'Barcode',
      barcodeType: 'Barcode',
    })),
  };
}

describe('Entry V1 offline upload', () => {
  let sandbox: EntryV1Sandbox;
  beforeEach(async () => {
    sandbox = await startEntryV1Sandbox({ apiKey: API_KEY });
  });
  afterEach(() => sandbox.close());

  async function upload(
    body: unknown,
    headers: Record<string, string> = {},
    eventId = EVENT,
  ): Promise<{ status: number; json: unknown }> {
    const res = await fetch(`${sandbox.url}/v1/offline/${encodeURIComponent(eventId)}`, {
      method: 'POST',
      headers: {
        'API-Authorization-Key': API_KEY,
        'Content-Type': 'application/json',
        'Content-Encoding': 'gzip',
        Filename: 'GP-1_20250101T100000',
        ...headers,
      },
      body: gzipSync(JSON.stringify(body)),
    });
    return { status: res.status, json: await res.json() };
  }

  const payload = [
    batch('GP-1', [
      { token: T1, status: 'Admit', scanTimestamp: '2025-10-02T18:32:45-05:00' },
      { token: 'XYZ987654321', status: 'Stop', scanTimestamp: '2025-10-02T18:33:00-05:00' },
    ]),
    batch('GP-2', [{ token: 'LMN456789012', status: 'Admit', scanTimestamp: '2025-10-02T18:32:45-05:00' }]),
  ];

  it('accepts a gzip JSON array of batches and answers the documented message', async () => {
    const { status, json } = await upload(payload);
    expect(status).toBe(200);
    const parsed = EntryV1OfflineUploadResponse.parse(json);
    expect(parsed.message).toMatch(
      /^Entry Offline Scan - Upload to S3 bucket entry-offline-scans successful at incoming\/390\/DEMO\/LIVE\/\d{4}-\d{2}-\d{2}\/GP-1_20250101T100000\.json$/,
    );
    expect(sandbox.state).toMatchObject({ offlineUploads: 1, offlineScansStored: 3 });
  });

  it('is idempotent per (serialNumber, token, scanTimestamp)', async () => {
    expect((await upload(payload)).status).toBe(200);
    expect((await upload(payload)).status).toBe(200);
    expect(sandbox.state).toMatchObject({ offlineUploads: 2, offlineScansStored: 3 });
    // Same token and time from another device is a different scan.
    await upload([
      batch('GP-3', [{ token: T1, status: 'Admit', scanTimestamp: '2025-10-02T18:32:45-05:00' }]),
    ]);
    expect(sandbox.state.offlineScansStored).toBe(4);
    expect(sandbox.offlineScans()).toHaveLength(4);
  });

  it('an offline admit counts as inside for the next online entry', async () => {
    await upload(payload);
    const provider = providerFor(sandbox);
    await provider.configure(AbortSignal.timeout(5_000));
    expect(await provider.validate(scanOf(T1), contextWith())).toMatchObject({
      outcome: 'stop',
      reasonCode: 'ALREADY_ENTERED',
    });
  });

  it('refuses more than 100 scans, a missing Filename, plain JSON, a bad key and a bad eventId', async () => {
    const many = Array.from({ length: 101 }, (_, i) => ({
      token: `T${i}`,
      status: 'Admit',
      scanTimestamp: `2025-10-02T18:${String(i % 60).padStart(2, '0')}:00Z`,
    }));
    const tooMany = await upload([batch('GP-1', many.slice(0, 60)), batch('GP-1', many.slice(60))]);
    expect(tooMany.status).toBe(400);
    expect(tooMany.json).toMatchObject({
      error: { statusCode: 400, message: ['at most 100 scans per request'] },
    });
    expect((await upload([batch('GP-1', many.slice(0, 100))])).status).toBe(200);

    expect((await upload(payload, { Filename: '' })).status).toBe(400);
    expect((await upload(payload, { 'API-Authorization-Key': 'nope' })).status).toBe(401);
    expect((await upload(payload, {}, 'not-an-event-id')).status).toBe(400);

    const plain = await fetch(`${sandbox.url}/v1/offline/${encodeURIComponent(EVENT)}`, {
      method: 'POST',
      headers: { 'API-Authorization-Key': API_KEY, 'Content-Type': 'application/json', Filename: 'x' },
      body: JSON.stringify(payload),
    });
    expect(plain.status).toBe(400);
    expect(sandbox.state.offlineScansStored).toBe(100);
  });
});
