import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { HttpTransport } from '../../electron/core/providers/http/http-transport.js';
import { nodeHttpTransport } from '../../electron/core/providers/http/node-http-transport.js';
import { ProviderUnavailableError, type OfflineScanRecord } from '../../electron/core/providers/provider.js';
import {
  DEMO_EVENT_ID as EVENT,
  DEMO_TOKENS,
  type VivenuSandbox,
} from '../../electron/sandbox/vivenu/index.js';
import { contextWith, rawRequest, recordingTransport, scanOf } from './support/provider-harness.js';
import { vivenuRig, VIVENU_ACCESS_TOKEN as ACCESS_TOKEN } from './support/provider-rigs.js';

const { providerFor, startSandbox } = vivenuRig;

const [T1, T2, T3] = DEMO_TOKENS.valid as unknown as [string, string, string];
const AT = Date.parse('2030-01-23T19:30:00Z');

function record(scanId: string, token: string, extra: Partial<OfflineScanRecord> = {}): OfflineScanRecord {
  return {
    scanId,
    token,
    inputType: 'Barcode',
    scannedAt: AT,
    outcome: 'admit',
    direction: 'entry',
    ...extra,
  };
}

describe('vivenu offline upload', () => {
  let sandbox: VivenuSandbox;
  beforeEach(async () => {
    sandbox = await startSandbox();
  });
  afterEach(() => sandbox.close());

  const batch = (): OfflineScanRecord[] => [
    record('o1', T1),
    record('o2', DEMO_TOKENS.invalid, { outcome: 'stop' }),
    record('o3', T2, { direction: 'exit', scannedAt: AT + 60_000 }),
    record('o4', DEMO_TOKENS.unknown, { outcome: 'stop', scannedAt: AT + 1_000 }),
  ];

  it('sends the documented body per event and moves the ticket state', async () => {
    const { transport, requests } = recordingTransport();
    const provider = providerFor(sandbox, {}, { transport });
    const result = await provider.uploadOffline(batch(), AbortSignal.timeout(5_000));
    expect(result).toEqual({ accepted: ['o1', 'o2', 'o3', 'o4'], rejected: [] });
    expect(requests).toHaveLength(1);
    expect(requests[0]?.url).toBe(`${sandbox.url}/api/accessusers/scans/${EVENT}`);
    expect(requests[0]?.headers.token).toBe(ACCESS_TOKEN);
    expect(JSON.parse(String(requests[0]?.body))).toEqual([
      { barcode: T1, scanned_at: '2030-01-23T19:30:00.000Z', type: 'OK', direction: 'IN' },
      { barcode: DEMO_TOKENS.invalid, scanned_at: '2030-01-23T19:30:00.000Z', type: 'FAIL', direction: 'IN' },
      { barcode: T2, scanned_at: '2030-01-23T19:31:00.000Z', type: 'OK', direction: 'OUT' },
      { barcode: DEMO_TOKENS.unknown, scanned_at: '2030-01-23T19:30:01.000Z', type: 'FAIL', direction: 'IN' },
    ]);
    expect(sandbox.state).toMatchObject({ offlineUploads: 1, offlineScansStored: 4 });
    // The offline admit counts as inside for the next online scan.
    expect(await providerFor(sandbox).validate(scanOf(T1), contextWith())).toMatchObject({
      outcome: 'stop',
      reasonCode: 'ALREADY_CHECKED_IN',
    });
  });

  it('adds ticketId from the downloaded tickets', async () => {
    const { transport, requests } = recordingTransport();
    const provider = providerFor(sandbox, {}, { transport });
    await provider.syncReference(AbortSignal.timeout(5_000));
    await provider.uploadOffline([record('o1', T3)], AbortSignal.timeout(5_000));
    expect(JSON.parse(String(requests.at(-1)?.body))).toEqual([
      {
        ticketId: '6650d3a1c0ffee0000000103',
        barcode: T3,
        scanned_at: '2030-01-23T19:30:00.000Z',
        type: 'OK',
        direction: 'IN',
      },
    ]);
  });

  it('is idempotent: the same batch again stores nothing new', async () => {
    const provider = providerFor(sandbox);
    await provider.uploadOffline(batch(), AbortSignal.timeout(5_000));
    const scansAfterFirst = sandbox.scans().length;
    const again = await provider.uploadOffline(batch(), AbortSignal.timeout(5_000));
    expect(again.accepted).toHaveLength(4);
    expect(sandbox.state).toMatchObject({ offlineUploads: 2, offlineScansStored: 4 });
    expect(sandbox.offlineScans()).toHaveLength(4);
    expect(sandbox.scans()).toHaveLength(scansAfterFirst);
    // A different direction at the same moment is a different scan.
    await provider.uploadOffline([record('o5', T1, { direction: 'exit' })], AbortSignal.timeout(5_000));
    expect(sandbox.state.offlineScansStored).toBe(5);
  });

  it('a lost reply: the server stored the batch, the kiosk re-sends it, nothing doubles', async () => {
    let loseNext = true;
    const lossy: HttpTransport = async (req) => {
      const answer = await nodeHttpTransport(req);
      if (loseNext && req.url.includes('/accessusers/scans/')) {
        loseNext = false;
        throw new ProviderUnavailableError(`${req.label}: network error (ECONNRESET)`);
      }
      return answer;
    };
    const provider = providerFor(sandbox, {}, { transport: lossy });
    await expect(provider.uploadOffline(batch(), AbortSignal.timeout(5_000))).rejects.toBeInstanceOf(
      ProviderUnavailableError,
    );
    expect(sandbox.state.offlineScansStored).toBe(4);
    const retry = await provider.uploadOffline(batch(), AbortSignal.timeout(5_000));
    expect(retry.accepted).toEqual(['o1', 'o2', 'o3', 'o4']);
    expect(sandbox.state).toMatchObject({ offlineUploads: 2, offlineScansStored: 4 });
  });

  it('dead-letters scans with no event, or for an event the server refuses', async () => {
    const provider = providerFor(sandbox, { eventIds: [] });
    const result = await provider.uploadOffline(
      [record('n1', T1), record('n2', T2, { eventId: 'not-an-event' }), record('n3', T3, { eventId: EVENT })],
      AbortSignal.timeout(5_000),
    );
    expect(result.accepted).toEqual(['n3']);
    expect(result.rejected).toEqual([
      { scanId: 'n1', reason: 'no event to upload the scan to' },
      { scanId: 'n2', reason: 'HTTP 404 (Event not found)' },
    ]);
    expect(sandbox.state.offlineScansStored).toBe(1);
  });

  it('a server fault throws so the whole batch is retried later', async () => {
    sandbox.setFaults({ status: 503, faultPaths: ['offlineUpload'] });
    const err = await providerFor(sandbox)
      .uploadOffline(batch(), AbortSignal.timeout(5_000))
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ProviderUnavailableError);
    expect(sandbox.state.offlineScansStored).toBe(0);
  });

  it('the sandbox refuses bad bodies and missing tokens with the vivenu error shape', async () => {
    const path = `/api/accessusers/scans/${EVENT}`;
    const noToken = await rawRequest(sandbox.url + path, { body: [] });
    expect(noToken).toEqual({
      status: 401,
      json: { statusCode: 401, error: 'Unauthorized', message: 'Unauthorized' },
    });
    const bad = await rawRequest(sandbox.url + path, {
      headers: { token: ACCESS_TOKEN },
      body: [{ barcode: T1, scanned_at: 'yesterday', type: 'MAYBE', direction: 'IN' }],
    });
    expect(bad.status).toBe(400);
    expect(bad.json).toEqual({
      statusCode: 400,
      error: 'Bad Request',
      message: [
        '[0].scanned_at must be an ISO date-time',
        '[0].type must be one of the following values: OK, FAIL',
      ],
    });
    expect(
      (await rawRequest(sandbox.url + path, { headers: { token: ACCESS_TOKEN }, body: { not: 'an array' } }))
        .status,
    ).toBe(400);
    expect(sandbox.state.offlineScansStored).toBe(0);
  });
});
