import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { EntryV1Provider } from '../../electron/core/providers/entry-v1/index.js';
import { ProviderProtocolError } from '../../electron/core/providers/provider.js';
import {
  DEMO_TOKENS,
  startEntryV1Sandbox,
  type EntryV1Sandbox,
} from '../../electron/sandbox/entry-v1/index.js';
import { contextWith, rawRequest, scanOf } from './support/provider-harness.js';
import { entryV1Rig } from './support/provider-rigs.js';

const { API_KEY, providerFor } = entryV1Rig;

const [T1, T2, T3] = DEMO_TOKENS.valid;

describe('Entry V1 Validate Scan against the sandbox', () => {
  let sandbox: EntryV1Sandbox;
  let entry: EntryV1Provider;
  let exit: EntryV1Provider;

  beforeEach(async () => {
    sandbox = await startEntryV1Sandbox({ apiKey: API_KEY });
    entry = providerFor(sandbox);
    exit = providerFor(sandbox, { scanMode: 'Exit', serialNumber: 'GP-TEST-EXIT' });
    await entry.configure(AbortSignal.timeout(5_000));
    await exit.configure(AbortSignal.timeout(5_000));
  });
  afterEach(() => sandbox.close());

  it('admits a first entry with seat and event, then stops the second as already entered', async () => {
    const first = contextWith();
    const admitted = await entry.validate(scanOf(T1 as string), first);
    expect(admitted).toEqual({
      outcome: 'admit',
      rawStatus: 'Admit',
      reasonCode: 'OK',
      reasonText: 'Good Ticket',
      seat: { level: 'LOWER', section: '101', row: 'A', seat: '1' },
      eventName: 'Gatepost Demo Night',
      eventId: '390:DEMO:LIVE',
    });
    expect(first.requestIds).toHaveLength(1);
    expect(first.requestIds[0]).toMatch(/^[0-9a-f-]{36}$/);

    const second = contextWith();
    const again = await entry.validate(scanOf(T1 as string), second);
    expect(again).toMatchObject({
      outcome: 'stop',
      reasonCode: 'ALREADY_ENTERED',
      reasonText: 'Ticket already entered',
    });
    expect(second.requestIds[0]).not.toBe(first.requestIds[0]);
    expect(sandbox.state.scansValidated).toBe(2);
  });

  it('maps altSeatLocationText to seat text', async () => {
    const decision = await entry.validate(scanOf(T3 as string), contextWith());
    expect(decision.seat).toEqual({ level: 'UPPER', section: '305', row: 'K', seat: '14', text: 'Box 7' });
  });

  it('stops an unknown token as not found', async () => {
    const decision = await entry.validate(scanOf(DEMO_TOKENS.unknown), contextWith());
    expect(decision).toMatchObject({
      outcome: 'stop',
      rawStatus: 'Stop',
      reasonCode: 'NOT_FOUND',
      reasonText: 'Ticket not found',
    });
    expect(decision.seat).toBeUndefined();
  });

  it('stops a ticket whose event scan window has ended, and a voided ticket', async () => {
    const late = await entry.validate(scanOf(DEMO_TOKENS.outsideWindow), contextWith());
    expect(late).toMatchObject({
      outcome: 'stop',
      reasonCode: 'OUTSIDE_SCAN_WINDOW',
      eventId: '390:DEMO:PAST',
    });
    const voided = await entry.validate(scanOf(DEMO_TOKENS.voided), contextWith());
    expect(voided).toMatchObject({ outcome: 'stop', reasonCode: 'VOIDED' });
  });

  it('exit mode: stops when not inside, admits the exit when inside, and allows re-entry', async () => {
    const t = T2 as string;
    expect(await exit.validate(scanOf(t), contextWith())).toMatchObject({
      outcome: 'stop',
      reasonCode: 'NOT_ENTERED',
    });
    expect((await entry.validate(scanOf(t), contextWith())).outcome).toBe('admit');
    expect(await exit.validate(scanOf(t), contextWith())).toMatchObject({
      outcome: 'admit',
      reasonCode: 'OK',
    });
    expect(sandbox.tickets.lookup(t)?.inside).toBe(false);
    expect((await entry.validate(scanOf(t), contextWith())).outcome).toBe('admit');
    expect(sandbox.tickets.lookup(t)?.inside).toBe(true);
  });

  it('sends the documented Validate Scan body and records it in the ticket history', async () => {
    await entry.validate(
      scanOf(T1 as string, { inputType: 'NFC', nfcType: 'Apple', barcodeType: undefined }),
      contextWith(),
    );
    const session = await rawRequest(sandbox.url + '/v1/session/lite', {
      headers: { 'API-Authorization-Key': API_KEY },
      body: { dataAccountId: '390', serialNumber: 'SN-LOOKUP', venueCode: 'TS' },
    });
    const lookup = await rawRequest(sandbox.url + `/v1/tickets/${T1}`, {
      headers: { Authorization: `Bearer ${(session.json as { jwt: string }).jwt}` },
    });
    expect(lookup.status).toBe(200);
    expect(lookup.json).toMatchObject({
      token: T1,
      scanHistory: [
        {
          status: 'Admit',
          reasonCode: 'OK',
          scanMode: 'Entry',
          inputType: 'NFC',
          nfcType: 'Apple',
          softwareMode: 'Pedestal',
          serialNumber: 'GP-TEST-0001',
          deviceStatus: 'Online',
        },
      ],
    });
  });

  it('the sandbox answers 400 on an invalid scan body, which the client would treat as a protocol error', async () => {
    const session = await rawRequest(sandbox.url + '/v1/session', {
      headers: { 'API-Authorization-Key': API_KEY },
      body: { venueCode: 'TS', dataAccountId: '390', serialNumber: 'X', make: 'X', model: 'X' },
    });
    const bad = await rawRequest(sandbox.url + '/v1/scan', {
      headers: { Authorization: `Bearer ${(session.json as { jwt: string }).jwt}` },
      body: { token: '', inputType: 'Laser', scanMode: 'Sideways' },
    });
    expect(bad.status).toBe(400);
    expect((bad.json as { error: { message: string[] } }).error.message).toEqual([
      'token should not be empty',
      'inputType must be one of the following values: NFC, Barcode, Key, Swipe',
      'scanMode must be one of the following values: Entry, Exit',
    ]);

    sandbox.setFaults({ status: 400 });
    const err = await entry.validate(scanOf(T1 as string), contextWith()).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ProviderProtocolError);
    expect((err as ProviderProtocolError).httpStatus).toBe(400);
  });
});

describe('Entry V1 sandbox with a benchmark-sized fixture', () => {
  it('serves 10,000 extra tickets and validates one of them', async () => {
    const { demoFixture } = await import('../../electron/sandbox/entry-v1/index.js');
    const fixture = demoFixture(Date.now(), 10_000);
    const sandbox = await startEntryV1Sandbox({ apiKey: API_KEY, ...fixture });
    try {
      expect(sandbox.state.ticketCount).toBe(10_005);
      const provider = providerFor(sandbox);
      await provider.configure(AbortSignal.timeout(5_000));
      const last = fixture.tickets.at(-1)?.token as string;
      expect((await provider.validate(scanOf(last), contextWith())).outcome).toBe('admit');
    } finally {
      await sandbox.close();
    }
  });
});
