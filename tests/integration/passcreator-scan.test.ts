import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { nodeHttpTransport } from '../../electron/core/providers/http/node-http-transport.js';
import { ProviderProtocolError } from '../../electron/core/providers/provider.js';
import {
  DEMO_TOKENS,
  LOUNGE_CONFIGURATION_ID,
  SEED_ATTENDANCE_CONFIGURATION_ID,
  SEED_VOID_CONFIGURATION_ID,
  type PasscreatorSandbox,
} from '../../electron/sandbox/passcreator/index.js';
import { contextWith, scanOf } from './support/provider-harness.js';
import { passcreatorRig } from './support/provider-rigs.js';

const { configuredProvider, startSandbox } = passcreatorRig;

const [T1, T2, T3] = DEMO_TOKENS.valid as unknown as [string, string, string];

describe('Passcreator scans, void-after-scan configuration (scanMode 0)', () => {
  let sandbox: PasscreatorSandbox;
  beforeEach(async () => {
    sandbox = await startSandbox();
  });
  afterEach(() => sandbox.close());

  it('admits a valid pass once, voids it, and records the App Scan', async () => {
    const provider = await configuredProvider(sandbox);
    const scannedAt = Date.UTC(2025, 9, 17, 7, 38, 43);
    const ctx = contextWith();
    const { requestIds } = ctx;
    const decision = await provider.validate(scanOf(T1, { receivedAt: scannedAt }), ctx);
    const pass = sandbox.passes.findById(T1)!;
    expect(decision).toEqual({
      outcome: 'admit',
      rawStatus: '0',
      reasonCode: 'VOIDED_NOW',
      reasonText: 'Welcome',
      eventId: SEED_VOID_CONFIGURATION_ID,
      // checkbyid does not name the template and this configuration validates all templates.
      ticketId: pass.uid,
    });
    expect(pass.voided).toBe(true);
    const [stored] = sandbox.appScans();
    expect(stored).toMatchObject({
      appConfigurationId: SEED_VOID_CONFIGURATION_ID,
      passUid: pass.uid,
      scanStatus: 0,
      createdOn: '2025-10-17 07:38:43',
      scannedBarcodeValue: T1,
      deviceName: 'Gate 3',
      setVoided: true,
    });
    expect(requestIds).toEqual([stored!.appScanId]);
  });

  it('a re-scan by the same gate within the same second STOPs too (not a replay of the first admit)', async () => {
    const provider = await configuredProvider(sandbox);
    const at = Date.UTC(2025, 9, 17, 7, 38, 43, 100);
    expect((await provider.validate(scanOf(T3, { receivedAt: at }), contextWith())).outcome).toBe('admit');
    const again = await provider.validate(scanOf(T3, { receivedAt: at + 400 }), contextWith());
    expect(again).toMatchObject({ outcome: 'stop', rawStatus: '1' });
  });

  it('a re-scan STOPs "already used"', async () => {
    const provider = await configuredProvider(sandbox);
    await provider.validate(scanOf(T2), contextWith());
    const again = await provider.validate(scanOf(T2), contextWith());
    expect(again).toMatchObject({
      outcome: 'stop',
      rawStatus: '1',
      reasonCode: 'ALREADY_USED',
      reasonText: 'Ticket already used',
    });
    expect(sandbox.appScans().map((s) => s.scanStatus)).toEqual([0, 1]);
  });

  it('a pass voided beforehand STOPs', async () => {
    const provider = await configuredProvider(sandbox);
    expect(await provider.validate(scanOf(DEMO_TOKENS.voided), contextWith())).toMatchObject({
      outcome: 'stop',
      reasonCode: 'ALREADY_USED',
    });
  });

  it('an unknown barcode STOPs "not found" and is still recorded (passId null)', async () => {
    const provider = await configuredProvider(sandbox);
    const decision = await provider.validate(scanOf(DEMO_TOKENS.unknown), contextWith());
    expect(decision).toMatchObject({ outcome: 'stop', rawStatus: '3', reasonCode: 'NOT_FOUND' });
    expect(decision.ticketId).toBeUndefined();
    expect(sandbox.appScans()).toMatchObject([
      { passUid: null, scanStatus: 3, scannedBarcodeValue: DEMO_TOKENS.unknown },
    ]);
  });

  it('checkbyid also finds a pass by its user-provided ID', async () => {
    const provider = await configuredProvider(sandbox);
    expect((await provider.validate(scanOf(DEMO_TOKENS.userProvidedId), contextWith())).outcome).toBe(
      'admit',
    );
    // Same pass as T3: now used.
    expect(await provider.validate(scanOf(T3), contextWith())).toMatchObject({
      reasonCode: 'ALREADY_USED',
    });
  });

  it('the server’s scanStatus wins: a pass voided by another gate mid-decision STOPs', async () => {
    const provider = await configuredProvider(
      sandbox,
      {},
      {
        transport: (req) => {
          // Another gate voids the pass after our lookup, before our App Scan arrives.
          if (req.method === 'POST') sandbox.passes.setVoided(sandbox.passes.findById(T1)!.uid, true);
          return nodeHttpTransport(req);
        },
      },
    );
    const decision = await provider.validate(scanOf(T1), contextWith());
    expect(decision).toMatchObject({ outcome: 'stop', rawStatus: '1', reasonCode: 'ALREADY_USED' });
  });

  it.each([
    ['an undocumented scanStatus', { appScanId: 'a', scanStatus: 5, location: null, success: true }],
    ['success=false', { appScanId: 'a', scanStatus: 0, location: null, success: false }],
  ])('%s is a protocol error, never an admit', async (_name, body) => {
    const provider = await configuredProvider(
      sandbox,
      {},
      {
        transport: async (req) =>
          req.method === 'POST' ? { status: 201, text: JSON.stringify(body) } : nodeHttpTransport(req),
      },
    );
    const err = await provider.validate(scanOf(T1), contextWith()).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ProviderProtocolError);
  });

  it('a checkbyid answer with an error text means "not found"; two passes for one barcode is refused', async () => {
    const answers = [
      { error: 'No pass found', identifier: '', voided: false },
      [
        { error: '', identifier: 'a', voided: false },
        { error: '', identifier: 'b', voided: false },
      ],
    ];
    let i = 0;
    const provider = await configuredProvider(
      sandbox,
      {},
      {
        transport: async (req) =>
          req.url.includes('/checkbyid/')
            ? { status: 200, text: JSON.stringify(answers[i++]) }
            : nodeHttpTransport(req),
      },
    );
    expect(await provider.validate(scanOf(T1), contextWith())).toMatchObject({ reasonCode: 'NOT_FOUND' });
    const err = await provider.validate(scanOf(T1), contextWith()).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ProviderProtocolError);
    expect((err as Error).message).toMatch(/matches 2 passes/);
  });
});

describe('Passcreator scans, attendance configuration (scanMode 1)', () => {
  let sandbox: PasscreatorSandbox;
  beforeEach(async () => {
    sandbox = await startSandbox();
  });
  afterEach(() => sandbox.close());

  it('admits every time, saves attendance and never voids', async () => {
    const provider = await configuredProvider(sandbox, {
      appConfigurationId: SEED_ATTENDANCE_CONFIGURATION_ID,
    });
    for (let i = 0; i < 2; i++) {
      expect(await provider.validate(scanOf(T1), contextWith())).toMatchObject({
        outcome: 'admit',
        rawStatus: '2',
        reasonCode: 'ATTENDANCE_SAVED',
      });
    }
    const pass = sandbox.passes.findById(T1)!;
    expect(pass).toMatchObject({ voided: false, attendance: 2 });
    expect(sandbox.appScans().map((s) => s.setVoided)).toEqual([false, false]);
  });

  it('still STOPs a voided pass', async () => {
    const provider = await configuredProvider(sandbox, {
      appConfigurationId: SEED_ATTENDANCE_CONFIGURATION_ID,
    });
    expect((await provider.validate(scanOf(DEMO_TOKENS.voided), contextWith())).reasonCode).toBe(
      'ALREADY_USED',
    );
  });
});

describe('Passcreator pass lookup modes and template restriction', () => {
  let sandbox: PasscreatorSandbox;
  beforeEach(async () => {
    sandbox = await startSandbox();
  });
  afterEach(() => sandbox.close());

  it('uid mode: the barcode holds the pass UID', async () => {
    const provider = await configuredProvider(sandbox, { passLookup: 'uid' });
    const uid = sandbox.passes.findById(T2)!.uid;
    expect(await provider.validate(scanOf(uid), contextWith())).toMatchObject({
      outcome: 'admit',
      ticketId: uid,
    });
    // A generated ID is not a UID: not found in this mode, without calling the UID endpoint.
    const before = sandbox.state.passLookups;
    expect((await provider.validate(scanOf(T1), contextWith())).reasonCode).toBe('NOT_FOUND');
    expect(sandbox.state.passLookups).toBe(before);
  });

  it('uid-then-checkbyid mode takes either form', async () => {
    const provider = await configuredProvider(sandbox, { passLookup: 'uid-then-checkbyid' });
    const uid = sandbox.passes.findById(T2)!.uid;
    expect((await provider.validate(scanOf(uid), contextWith())).outcome).toBe('admit');
    expect((await provider.validate(scanOf(T1), contextWith())).outcome).toBe('admit');
    expect((await provider.validate(scanOf(DEMO_TOKENS.unknown), contextWith())).reasonCode).toBe(
      'NOT_FOUND',
    );
  });

  it('a configuration restricted to one template refuses passes of another', async () => {
    const provider = await configuredProvider(sandbox, { appConfigurationId: LOUNGE_CONFIGURATION_ID });
    expect(await provider.validate(scanOf(T1), contextWith())).toMatchObject({
      outcome: 'stop',
      reasonCode: 'NOT_FOUND',
    });
    expect(sandbox.passes.findById(T1)!.voided).toBe(false);
    expect(await provider.validate(scanOf(DEMO_TOKENS.vip), contextWith())).toMatchObject({
      outcome: 'admit',
      eventName: 'VIP Lounge',
    });
  });

  it('a barcode with path characters stays one path segment', async () => {
    const provider = await configuredProvider(sandbox);
    expect((await provider.validate(scanOf('../appconfiguration'), contextWith())).reasonCode).toBe(
      'NOT_FOUND',
    );
  });
});
