/**
 * Issue 7: a Presence kiosk that loses the API validates barcodes by the venue's own offline rules (the
 * Presence provider's `offline` block), decides with the core's local decider and offline policies, and
 * uploads what it admitted with the original scan time and its device id. Real SQLite, real sandbox.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase, type Db } from '../../electron/core/journal/database.js';
import { LocalDecider, type OfflinePolicy } from '../../electron/core/offline/local-decider.js';
import { ReferenceStore } from '../../electron/core/offline/reference-store.js';
import type {
  PresenceProvider,
  PresenceSettingsInput,
} from '../../electron/core/providers/presence/index.js';
import type { OfflineScanRecord } from '../../electron/core/providers/provider.js';
import { capabilitiesOf } from '../../electron/core/providers/provider.js';
import { TicketListError } from '../../electron/core/providers/presence/ticket-list.js';
import {
  PRESENCE_DEMO_LIVE_EVENT_ID as LIVE,
  PRESENCE_DEMO_TOKENS as T,
  type PresenceSandbox,
} from '../../electron/sandbox/presence/index.js';
import { TestClock } from './support/provider-harness.js';
import { presenceRig } from './support/provider-rigs.js';

const H = 3_600_000;
const [T1, T2, T3] = T.valid;

describe('Presence offline rules', () => {
  let clock: TestClock;
  let sandbox: PresenceSandbox;
  let dir: string;
  let db: Db;
  let store: ReferenceStore;

  beforeEach(async () => {
    clock = new TestClock();
    sandbox = await presenceRig.startSandbox({ clock });
    dir = mkdtempSync(join(tmpdir(), 'gatepost-presence-offline-'));
    db = openDatabase(join(dir, 'journal.sqlite3'));
    store = new ReferenceStore(db);
  });
  afterEach(async () => {
    db.close();
    rmSync(dir, { recursive: true, force: true });
    await sandbox.close();
  });

  /** The live event as the venue would write it: its scanning period, in venue time. */
  const liveEvent = () => ({
    eventId: LIVE,
    name: 'Gatepost Demo Night',
    scanStart: new Date(clock.ms - 6 * H).toISOString(),
    scanEnd: new Date(clock.ms + 18 * H).toISOString(),
  });

  async function syncedProvider(offline: PresenceSettingsInput['offline']): Promise<PresenceProvider> {
    const provider = await presenceRig.configuredProvider(sandbox, { offline });
    store.replace(provider.name, await provider.syncReference!(AbortSignal.timeout(5_000)), clock.ms);
    return provider;
  }

  /** Decides like the kiosk offline: the local decider's answer, noted in its per-ticket state. */
  function decideOffline(
    provider: PresenceProvider,
    token: string,
    policy: OfflinePolicy = 'admit-if-locally-valid',
  ) {
    const decider = new LocalDecider(db, store, policy);
    const at = clock.ms;
    const decision = decider.decide({ provider: provider.name, token, direction: 'entry', at });
    decider.noteDecided({ provider: provider.name, token, direction: 'entry', at, ...decision });
    const record: OfflineScanRecord = {
      scanId: `offline-${token}-${at}`,
      token,
      inputType: 'Barcode',
      scannedAt: at,
      outcome: decision.outcome,
      direction: 'entry',
      ...(decision.eventId && { eventId: decision.eventId }),
    };
    return { decision, record };
  }

  it('without an offline block there is nothing to decide with: no syncReference, as before', () => {
    expect(capabilitiesOf(presenceRig.providerFor(sandbox))).not.toContain('syncReference');
    expect(
      capabilitiesOf(
        presenceRig.providerFor(sandbox, {
          offline: { events: [liveEvent()], barcodeFormat: { length: 12 } },
        }),
      ),
    ).toContain('syncReference');
  });

  it('masks / format and scanning periods decide; admits are uploaded with their time and device id', async () => {
    const provider = await syncedProvider({
      timeZone: 'America/New_York',
      events: [liveEvent()],
      barcodeFormat: { length: 12, prefixes: ['72', '73'] },
    });
    // The API goes away; the sync needs no call to it.
    sandbox.setFaults({ status: 503, faultPaths: ['deviceInit', 'deviceInfo', 'enter'] });
    expect((await provider.syncReference!(AbortSignal.timeout(5_000))).events).toHaveLength(1);

    const first = decideOffline(provider, T1);
    expect(first.decision).toMatchObject({ outcome: 'admit', rule: 'admit:mask-and-window', eventId: LIVE });
    clock.advance(1_000);
    expect(decideOffline(provider, T1).decision).toMatchObject({
      outcome: 'stop',
      rule: 'state:already-inside',
    });
    expect(decideOffline(provider, '12345').decision).toMatchObject({
      outcome: 'stop',
      rule: 'mask:no-match',
    });
    expect(decideOffline(provider, '812345678901').decision.rule).toBe('mask:no-match');
    const second = decideOffline(provider, T2);
    expect(second.decision.outcome).toBe('admit');
    clock.advance(20 * H); // the scanning period has ended
    const late = decideOffline(provider, T3);
    expect(late.decision).toMatchObject({ outcome: 'stop', rule: 'window:closed' });

    sandbox.resetFaults();
    const batch = [first.record, second.record, late.record];
    expect(await provider.uploadOffline(batch, AbortSignal.timeout(5_000))).toEqual({
      accepted: [late.record.scanId, first.record.scanId, second.record.scanId],
      rejected: [],
    });
    const deviceId = provider.deviceIds?.deviceId;
    expect(deviceId).toEqual(expect.any(Number));
    expect(sandbox.offlineScans()).toEqual([
      expect.objectContaining({ token: T1, scanTime: first.record.scannedAt, deviceId, eventId: LIVE }),
      expect.objectContaining({ token: T2, scanTime: second.record.scannedAt, deviceId, eventId: LIVE }),
    ]);
    expect(sandbox.ticketState(T3)).toEqual({ external: 'none', internal: {} });
  });

  it('a ticket list decides per ticket: listed and valid admits, voided and unlisted stop', async () => {
    const file = join(dir, 'tickets.csv');
    writeFileSync(file, `token,eventId,status,place\n${T1},${LIVE},VALID,PIT1:3:4\n${T2},${LIVE},voided,\n`);
    const provider = await syncedProvider({ events: [liveEvent()], ticketList: { file } });
    expect(decideOffline(provider, T1).decision).toMatchObject({
      outcome: 'admit',
      rule: 'admit:known-ticket',
      seat: { section: 'PIT1', row: '3', seat: '4' },
    });
    expect(decideOffline(provider, T2).decision.rule).toBe('ticket:voided');
    expect(decideOffline(provider, T3).decision.rule).toBe('ticket:unknown');
    // The same data under the stricter policy: only listed tickets, still admitted.
    clock.advance(1_000);
    expect(decideOffline(provider, T1, 'admit-known-tickets-only').decision.rule).toBe(
      'state:already-inside',
    );
  });

  it('admit-known-tickets-only without a list sends everyone to staff', async () => {
    const provider = await syncedProvider({ events: [liveEvent()], barcodeFormat: { length: 12 } });
    expect(decideOffline(provider, T1, 'admit-known-tickets-only').decision).toMatchObject({
      outcome: 'see-staff',
      rule: 'ticket:no-list',
    });
  });

  it('a list the tech replaces is read at the next sync; a broken one is refused and the old data stays', async () => {
    const file = join(dir, 'tickets.json');
    writeFileSync(file, JSON.stringify([{ token: T1, eventId: LIVE }]));
    const provider = await syncedProvider({ events: [liveEvent()], ticketList: { file } });
    expect(decideOffline(provider, T2).decision.rule).toBe('ticket:unknown');

    writeFileSync(
      file,
      JSON.stringify([
        { token: T1, eventId: LIVE },
        { token: T2, eventId: LIVE },
      ]),
    );
    store.replace(provider.name, await provider.syncReference!(AbortSignal.timeout(5_000)), clock.ms + 1);
    expect(decideOffline(provider, T2).decision.outcome).toBe('admit');

    writeFileSync(file, JSON.stringify([{ token: T3 }, { token: T3 }]));
    const err = await provider.syncReference!(AbortSignal.timeout(5_000)).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TicketListError);
    expect((err as Error).message).toMatch(/ticket 1: the same token as ticket 0/);
    // The kiosk keeps what it had (the sync never reached the store).
    expect(store.counts(provider.name)).toEqual({ events: 1, tickets: 2 });
  });
});
