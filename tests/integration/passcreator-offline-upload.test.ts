import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { nodeHttpTransport } from '../../electron/core/providers/http/node-http-transport.js';
import { ProviderUnavailableError, type OfflineScanRecord } from '../../electron/core/providers/provider.js';
import {
  DEMO_TOKENS,
  SEED_ATTENDANCE_CONFIGURATION_ID,
  type PasscreatorSandbox,
} from '../../electron/sandbox/passcreator/index.js';
import { contextWith, scanOf } from './support/provider-harness.js';
import { passcreatorRig } from './support/provider-rigs.js';

const { configuredProvider, startSandbox } = passcreatorRig;

const [T1, T2] = DEMO_TOKENS.valid as unknown as [string, string];
const AT = Date.UTC(2025, 9, 2, 18, 32, 45);

function record(scanId: string, token: string, outcome: OfflineScanRecord['outcome'], offsetS: number) {
  return {
    scanId,
    token,
    inputType: 'Barcode' as const,
    scannedAt: AT + offsetS * 1_000,
    outcome,
    direction: 'entry' as const,
  };
}

const batch: OfflineScanRecord[] = [
  record('s1', T1, 'admit', 0),
  record('s2', DEMO_TOKENS.unknown, 'stop', 5),
  record('s3', T2, 'admit', 70),
];

describe('Passcreator offline upload', () => {
  let sandbox: PasscreatorSandbox;
  afterEach(() => sandbox.close());

  describe('with the sandbox deduplicating', () => {
    beforeEach(async () => {
      sandbox = await startSandbox();
    });

    it('posts each scan as an App Scan with its original createdOn and voids admitted passes', async () => {
      const provider = await configuredProvider(sandbox);
      const result = await provider.uploadOffline(batch, AbortSignal.timeout(5_000));
      expect(result).toEqual({ accepted: ['s1', 's2', 's3'], rejected: [] });
      expect(
        sandbox.appScans().map((s) => [s.scannedBarcodeValue, s.createdOn, s.scanStatus, s.setVoided]),
      ).toEqual([
        [T1, '2025-10-02 18:32:45', 0, true],
        [DEMO_TOKENS.unknown, '2025-10-02 18:32:50', 3, false],
        [T2, '2025-10-02 18:33:55', 0, true],
      ]);
      expect(sandbox.passes.findById(T1)!.voided).toBe(true);
      // The next online scan of an offline-admitted pass is refused.
      expect((await provider.validate(scanOf(T1), contextWith())).reasonCode).toBe('ALREADY_USED');
    });

    it('is idempotent: re-sending the batch stores nothing new', async () => {
      const provider = await configuredProvider(sandbox);
      await provider.uploadOffline(batch, AbortSignal.timeout(5_000));
      const again = await provider.uploadOffline(batch, AbortSignal.timeout(5_000));
      expect(again.accepted).toEqual(['s1', 's2', 's3']);
      expect(sandbox.state.appScansStored).toBe(3);
      expect(sandbox.appScans()).toHaveLength(3);
    });

    it('the sandbox itself recognises a re-sent App Scan (configuration + pass + createdOn + device)', async () => {
      const post = async (deviceName: string) => {
        const res = await fetch(`${sandbox.url}/api/appscan`, {
          method: 'POST',
          headers: { Authorization: 'pc-test-key-5f1e9a7c3b', 'Content-Type': 'application/json' },
          body: JSON.stringify({
            appConfigurationId: 'e5c9eee4-038b-41e1-acac-e0edb344c993',
            passId: sandbox.passes.findById(T1)!.uid,
            scanStatus: 0,
            createdOn: '2025-10-02 18:32:45',
            scannedBarcodeValue: T1,
            deviceName,
            setVoided: true,
          }),
        });
        return { status: res.status, body: (await res.json()) as { appScanId: string; scanStatus: number } };
      };
      const first = await post('Gate 3');
      const again = await post('Gate 3');
      expect(first.status).toBe(201);
      expect(again).toEqual({ status: 200, body: { ...first.body } });
      expect(first.body.scanStatus).toBe(0);
      expect(sandbox.state).toMatchObject({ appScansReceived: 2, appScansStored: 1, duplicateAppScans: 1 });
      // The same second from another gate is another scan, told the pass is already voided.
      expect((await post('Gate 4')).body.scanStatus).toBe(1);
      expect(sandbox.state.appScansStored).toBe(2);
    });

    it('an offline refusal of a valid pass is recorded without voiding it', async () => {
      const provider = await configuredProvider(sandbox);
      await provider.uploadOffline([record('r1', T2, 'stop', 0)], AbortSignal.timeout(5_000));
      expect(sandbox.appScans()).toMatchObject([{ scanStatus: 1, setVoided: false }]);
      expect(sandbox.passes.findById(T2)!.voided).toBe(false);
    });

    it('in attendance mode an offline admit saves attendance', async () => {
      const provider = await configuredProvider(sandbox, {
        appConfigurationId: SEED_ATTENDANCE_CONFIGURATION_ID,
      });
      await provider.uploadOffline([record('a1', T1, 'admit', 0)], AbortSignal.timeout(5_000));
      expect(sandbox.passes.findById(T1)).toMatchObject({ voided: false, attendance: 1 });
    });

    it('exit records and scans the server refuses (400) are rejected, the rest accepted', async () => {
      const provider = await configuredProvider(
        sandbox,
        {},
        {
          transport: async (req) =>
            req.method === 'POST' && String(req.body).includes(T2)
              ? { status: 400, text: JSON.stringify({ error: 'createdOn is invalid' }) }
              : nodeHttpTransport(req),
        },
      );
      const result = await provider.uploadOffline(
        [...batch, { ...record('x1', T1, 'admit', 90), direction: 'exit' }],
        AbortSignal.timeout(5_000),
      );
      expect(result.accepted).toEqual(['s1', 's2']);
      expect(result.rejected.map((r) => r.scanId)).toEqual(['s3', 'x1']);
      expect(result.rejected[0]!.reason).toMatch(/HTTP 400 \(createdOn is invalid\)/);
    });
  });

  describe('with the sandbox NOT deduplicating (the real API documents no idempotency key)', () => {
    beforeEach(async () => {
      sandbox = await startSandbox({ dedupeAppScans: false });
    });

    it('a re-send after a lost reply creates no duplicates: the client checks the scan list first', async () => {
      let dropReplies = true;
      const provider = await configuredProvider(
        sandbox,
        {},
        {
          transport: async (req) => {
            const answer = await nodeHttpTransport(req);
            // The server stored the scan, but the reply is lost on the way back.
            if (dropReplies && req.method === 'POST') throw new ProviderUnavailableError('connection reset');
            return answer;
          },
        },
      );
      await expect(provider.uploadOffline(batch, AbortSignal.timeout(5_000))).rejects.toBeInstanceOf(
        ProviderUnavailableError,
      );
      expect(sandbox.state.appScansStored).toBe(1);
      dropReplies = false;
      const result = await provider.uploadOffline(batch, AbortSignal.timeout(5_000));
      expect(result.accepted).toEqual(['s1', 's2', 's3']);
      expect(sandbox.state.appScansStored).toBe(3);
      expect(await provider.uploadOffline(batch, AbortSignal.timeout(5_000))).toMatchObject({
        accepted: ['s1', 's2', 's3'],
      });
      expect(sandbox.appScans()).toHaveLength(3);
    });

    it("another gate's scan of the same pass in the same second does not hide ours", async () => {
      const other = await configuredProvider(sandbox, { deviceName: 'Gate 9' });
      await other.validate(scanOf(T1, { receivedAt: AT }), contextWith());
      const provider = await configuredProvider(sandbox);
      await provider.uploadOffline([record('s1', T1, 'admit', 0)], AbortSignal.timeout(5_000));
      expect(sandbox.appScans().map((s) => [s.deviceName, s.scanStatus])).toEqual([
        ['Gate 9', 0],
        ['Gate 3', 1],
      ]);
    });
  });
});
