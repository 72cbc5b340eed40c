import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { nodeHttpTransport } from '../../electron/core/providers/http/node-http-transport.js';
import type { HttpRequest } from '../../electron/core/providers/http/http-transport.js';
import {
  capabilitiesOf,
  ProviderNotConfiguredError,
  ProviderProtocolError,
} from '../../electron/core/providers/provider.js';
import { WalletThatProvider } from '../../electron/core/providers/walletthat/index.js';
import {
  DEMO_PASS_IDS,
  DEMO_TEMPLATE_ID,
  demoPasses,
  utcTimestamp,
  walletthatDemoKit,
  type WalletThatSandbox,
} from '../../electron/sandbox/walletthat/index.js';
import { contextWith, controlRequest, rawRequest, scanOf } from './support/provider-harness.js';
import { walletthatRig } from './support/provider-rigs.js';

const { API_KEY, providerFor, startSandbox } = walletthatRig;

const [P1, P2, P3] = DEMO_PASS_IDS.valid;

describe('WalletThat provider against the sandbox', () => {
  let sandbox: WalletThatSandbox;
  let sent: HttpRequest[];
  let provider: WalletThatProvider;

  beforeEach(async () => {
    sandbox = await startSandbox();
    sent = [];
    provider = providerFor(
      sandbox,
      {},
      {
        transport: (req) => {
          sent.push(req);
          return nodeHttpTransport(req);
        },
      },
    );
    await provider.configure(AbortSignal.timeout(5_000));
  });
  afterEach(() => sandbox.close());

  const bodyOf = (req: HttpRequest | undefined) => JSON.parse(String(req?.body)) as Record<string, unknown>;

  it('configure checks the pass template with GetPassTemplate', () => {
    expect(sent).toHaveLength(1);
    expect(bodyOf(sent[0])).toEqual({ action: 'getpasstemplate', 'pass-template-id': DEMO_TEMPLATE_ID });
    expect(sandbox.state.getPassTemplate).toBe(1);
  });

  it('configure with an unknown template puts the kiosk out of service (E802)', async () => {
    const wrong = providerFor(sandbox, { passTemplateId: 'ffffffffffffffffffffffffffffffff' });
    await expect(wrong.configure(AbortSignal.timeout(5_000))).rejects.toBeInstanceOf(
      ProviderNotConfiguredError,
    );
  });

  it('configure without a template makes no call', async () => {
    const before = sandbox.state.requests;
    await providerFor(sandbox, { passTemplateId: undefined }).configure(AbortSignal.timeout(5_000));
    expect(sandbox.state.requests).toBe(before);
  });

  it('admits an active pass: one POST, X-Api-Key header, action in the JSON body', async () => {
    const decision = await provider.validate(scanOf(P1), contextWith());
    expect(decision).toEqual({
      outcome: 'admit',
      rawStatus: 'active',
      reasonCode: 'OK',
      reasonText: 'Welcome',
      ticketId: P1,
      eventId: DEMO_TEMPLATE_ID,
      eventName: 'Gatepost Demo Night',
      seat: { section: 'C', row: 'A', seat: '1', text: 'door 1' },
    });
    const req = sent[1];
    expect(req?.method).toBe('POST');
    expect(req?.url).toBe(sandbox.endpointUrl);
    expect(req?.headers['X-Api-Key']).toBe(API_KEY);
    expect(bodyOf(req)).toEqual({
      action: 'getpassdata',
      'pass-id': P1,
      'pass-template-id': DEMO_TEMPLATE_ID,
    });
  });

  it('after afterAdmit redeems the pass, a re-scan stops "already used"', async () => {
    const first = await provider.validate(scanOf(P2), contextWith());
    expect(first.outcome).toBe('admit');
    await provider.afterAdmit(scanOf(P2), first, AbortSignal.timeout(5_000));
    expect(bodyOf(sent.at(-1))).toEqual({
      action: 'updatepassdata',
      'pass-id': P2,
      'pass-template-id': DEMO_TEMPLATE_ID,
      'pass-data': { 'pass-status': 'redeemed' },
    });
    expect(sandbox.passes.get(P2)?.status).toBe('redeemed');
    const again = await provider.validate(scanOf(P2), contextWith());
    expect(again).toMatchObject({ outcome: 'stop', rawStatus: 'redeemed', reasonCode: 'ALREADY_REDEEMED' });
  });

  it('afterAdmit is retry-safe: redeeming twice succeeds and redeems once', async () => {
    const decision = await provider.validate(scanOf(P3), contextWith());
    await provider.afterAdmit(scanOf(P3), decision, AbortSignal.timeout(5_000));
    await provider.afterAdmit(scanOf(P3), decision, AbortSignal.timeout(5_000));
    expect(sandbox.state.updatePassData).toBe(2);
    expect(sandbox.state.redemptions).toBe(1);
  });

  it('afterAdmit retries once after the documented E809 internal error', async () => {
    const decision = await provider.validate(scanOf(P1), contextWith());
    sandbox.failNextUpdates(1);
    await provider.afterAdmit(scanOf(P1), decision, AbortSignal.timeout(5_000));
    expect(sandbox.state.updatePassData).toBe(2);
    expect(sandbox.passes.get(P1)?.status).toBe('redeemed');
  });

  it('afterAdmit fails (and the pass stays active) when E809 persists', async () => {
    const decision = await provider.validate(scanOf(P1), contextWith());
    sandbox.failNextUpdates(5);
    const err = (await provider
      .afterAdmit(scanOf(P1), decision, AbortSignal.timeout(5_000))
      .catch((e: unknown) => e)) as Error;
    expect(err.message).toMatch(/E809/);
    expect(sandbox.state.updatePassData).toBe(2);
    expect(sandbox.passes.get(P1)?.status).toBe('active');
  });

  it.each([
    [DEMO_PASS_IDS.redeemed, 'redeemed', 'ALREADY_REDEEMED', 'Ticket already used'],
    [DEMO_PASS_IDS.voided, 'voided', 'VOIDED', 'Ticket voided'],
    [DEMO_PASS_IDS.expired, 'active', 'EXPIRED', 'Ticket expired'],
  ])('pass %s stops: %s → %s', async (token, rawStatus, reasonCode, reasonText) => {
    const decision = await provider.validate(scanOf(token), contextWith());
    expect(decision).toMatchObject({ outcome: 'stop', rawStatus, reasonCode, reasonText, ticketId: token });
  });

  it('a pass with status "expired" stops even with a future expiry', async () => {
    sandbox.passes.setStatus(P1, 'expired');
    expect(await provider.validate(scanOf(P1), contextWith())).toMatchObject({
      outcome: 'stop',
      rawStatus: 'expired',
      reasonCode: 'EXPIRED',
    });
  });

  it('an unknown pass stops on E808 with the code as raw status', async () => {
    const decision = await provider.validate(scanOf(DEMO_PASS_IDS.unknown), contextWith());
    expect(decision).toMatchObject({
      outcome: 'stop',
      rawStatus: 'E808',
      reasonCode: 'PASS_NOT_FOUND',
      reasonText: 'Ticket not found',
    });
  });

  it('Failure answers on HTTP 400 are read the same way', async () => {
    await sandbox.close();
    sandbox = await startSandbox({ failureHttpStatus: 400 });
    const p = providerFor(sandbox);
    expect((await p.validate(scanOf(DEMO_PASS_IDS.unknown), contextWith())).reasonCode).toBe(
      'PASS_NOT_FOUND',
    );
  });

  it('an undocumented error code sends the patron to staff, keeping the code', async () => {
    const odd = providerFor(
      sandbox,
      {},
      {
        transport: async () => ({
          status: 200,
          text: JSON.stringify({ status: 'Failure', 'error-code': 'E4711', 'error-message': 'Odd' }),
        }),
      },
    );
    expect(await odd.validate(scanOf(P1), contextWith())).toMatchObject({
      outcome: 'see-staff',
      rawStatus: 'E4711',
      reasonCode: 'WALLETTHAT_ERROR',
    });
  });

  it.each(['top-level', 'both'] as const)('reads pass-status placed %s', async (statusPlacement) => {
    await sandbox.close();
    sandbox = await startSandbox({ statusPlacement });
    const p = providerFor(sandbox);
    expect((await p.validate(scanOf(P1), contextWith())).outcome).toBe('admit');
    expect((await p.validate(scanOf(DEMO_PASS_IDS.voided), contextWith())).reasonCode).toBe('VOIDED');
  });

  it('maps barcodes to pass-ids through barcodePattern and passIdPrefix', async () => {
    const mapped = providerFor(
      sandbox,
      { barcodePattern: 'WT:(\\d{4})', passIdPrefix: 'GPDEMO' },
      {
        transport: (req) => {
          sent.push(req);
          return nodeHttpTransport(req);
        },
      },
    );
    expect((await mapped.validate(scanOf('WT:0001'), contextWith())).outcome).toBe('admit');
    expect(bodyOf(sent.at(-1))['pass-id']).toBe('GPDEMO0001');
    const before = sent.length;
    const foreign = await mapped.validate(scanOf('39000000000001'), contextWith());
    expect(foreign).toMatchObject({ outcome: 'stop', reasonCode: 'NOT_A_PASS' });
    expect(sent).toHaveLength(before);
  });

  it('the expiry is checked against the provider clock (UTC, offset ignored)', async () => {
    const expiry = Date.parse(demoPasses().find((p) => p.passId === P1)!.expirationTimestamp!);
    const late = providerFor(sandbox, {}, { now: () => expiry + 1_000 });
    expect((await late.validate(scanOf(P1), contextWith())).reasonCode).toBe('EXPIRED');
    const early = providerFor(sandbox, {}, { now: () => expiry - 60_000 });
    expect((await early.validate(scanOf(P1), contextWith())).outcome).toBe('admit');
  });

  it('lookup returns status, seat, holder; unknown is not found', async () => {
    expect(await provider.lookup(DEMO_PASS_IDS.voided, AbortSignal.timeout(5_000))).toEqual({
      token: DEMO_PASS_IDS.voided,
      found: true,
      status: 'voided',
      eventName: 'Gatepost Demo Night',
      eventId: DEMO_TEMPLATE_ID,
      seat: { section: 'C', row: 'B', seat: '8', text: 'door 1' },
      holderName: 'Void Ed',
    });
    expect(await provider.lookup(DEMO_PASS_IDS.unknown, AbortSignal.timeout(5_000))).toEqual({
      token: DEMO_PASS_IDS.unknown,
      found: false,
    });
  });

  it('implements validate, afterAdmit and lookup only', () => {
    expect(capabilitiesOf(provider)).toEqual(['afterAdmit', 'lookup']);
  });

  it('a closed provider refuses to call', async () => {
    await provider.close();
    await expect(provider.validate(scanOf(P1), contextWith())).rejects.toThrow(/closed/);
  });
});

describe('WalletThat sandbox answers as the seed documents', () => {
  let sandbox: WalletThatSandbox;
  beforeEach(async () => {
    sandbox = await startSandbox();
  });
  afterEach(() => sandbox.close());
  const action = (body: unknown, headers: Record<string, string> = { 'X-Api-Key': API_KEY }) =>
    rawRequest(sandbox.endpointUrl, { headers, body });

  it('GetPassData failure is the seed sample shape', async () => {
    const res = await action({ action: 'getpassdata', 'pass-id': 'nope' });
    expect(res).toEqual({
      status: 200,
      json: {
        status: 'FAILURE',
        'error-code': 'E808',
        'error-message': 'The pass-id value is invalid.',
        'pass-id': 'nope',
      },
    });
  });

  it('refuses a wrong or missing X-Api-Key (case-sensitive)', async () => {
    const wrong = await action(
      { action: 'getpassdata', 'pass-id': P1 },
      {
        'X-Api-Key': API_KEY.toUpperCase(),
      },
    );
    expect(wrong.status).toBe(401);
    expect((await action({ action: 'getpassdata' }, {})).status).toBe(401);
  });

  it('actions are case-insensitive; an invalid pass-status is not applied', async () => {
    const ok = await action({
      action: 'UpdatePassData',
      'pass-id': P1,
      'pass-data': { 'pass-status': 'voided' },
    });
    expect(ok.json).toMatchObject({ status: 'Success', 'pass-id': P1 });
    expect(sandbox.passes.get(P1)?.status).toBe('voided');
    const bad = await action({
      action: 'updatepassdata',
      'pass-id': P1,
      'pass-data': { 'pass-status': 'gone' },
    });
    expect(bad.json).toMatchObject({ status: 'Failure', 'error-code': 'E809' });
    expect(sandbox.passes.get(P1)?.status).toBe('voided');
  });

  it('reset-passes restores the fixture statuses', async () => {
    sandbox.passes.setStatus(P1, 'redeemed');
    expect((await controlRequest(sandbox, 'reset-passes')).status).toBe(200);
    expect(sandbox.passes.get(P1)?.status).toBe('active');
  });
});

describe('WalletThat demo kit', () => {
  it('starts with settings that admit the valid tokens once and stop the others', async () => {
    const kit = await walletthatDemoKit.start({ extraTickets: 5 });
    try {
      expect(kit.extraTokens).toHaveLength(5);
      const provider = new WalletThatProvider(kit.settings as never);
      await provider.configure(AbortSignal.timeout(5_000));
      for (const token of [...kit.tokens.valid, kit.extraTokens[4]!]) {
        const decision = await provider.validate(scanOf(token), contextWith());
        expect(decision.outcome, token).toBe('admit');
        await provider.afterAdmit(scanOf(token), decision, AbortSignal.timeout(5_000));
        expect((await provider.validate(scanOf(token), contextWith())).outcome, token).toBe('stop');
      }
      expect((await provider.validate(scanOf(kit.tokens.unknown), contextWith())).reasonCode).toBe(
        'PASS_NOT_FOUND',
      );
      for (const { token } of kit.tokens.others) {
        expect((await provider.validate(scanOf(token), contextWith())).outcome, token).toBe('stop');
      }
    } finally {
      await kit.sandbox.close();
    }
  });

  it('utcTimestamp writes the seed form', () => {
    expect(utcTimestamp(Date.UTC(2019, 1, 1, 10, 46, 46))).toBe('2019-02-01T10:46:46Z');
  });
});

describe('WalletThat protocol edge cases', () => {
  it('an unknown top-level status is a protocol error, never an admit', async () => {
    const p = new WalletThatProvider(
      { apiKey: API_KEY },
      { transport: async () => ({ status: 200, text: JSON.stringify({ status: 'Maybe' }) }) },
    );
    await expect(p.validate(scanOf(P1), contextWith())).rejects.toBeInstanceOf(ProviderProtocolError);
  });
});
