import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeTextRecord } from '../../../native/nfc/ndef.js';
import { VirtualAndroid, type AndroidOptions } from '../../../native/simulators/virtual-android.js';
import { VirtualIphone, type IphoneOptions } from '../../../native/simulators/virtual-iphone.js';
import { VirtualGarbageCard, VirtualNtag, VirtualUidCard } from '../../../native/simulators/virtual-tags.js';
import { VpcdCard } from '../../../native/simulators/vpcd-card.js';
import { PcscdHarness, pcscdUnavailable, vpcdPort } from '../../support/pcscd-harness.js';
import { testKeyPair } from '../../support/nfc-test-keys.js';
import { COLLECTOR_ID, KeyDir, PASS_TYPE_ID, SourceRig, waitFor } from '../../support/nfc-rig.js';

// The real reader layer (nfc-pcsc in its child process) through a real pcscd with vsmartcard-vpcd,
// against virtual cards written in Node. `.ci/run` installs pcscd and vsmartcard-vpcd.
const unavailable = pcscdUnavailable();
if (unavailable) throw new Error(`NFC reader tests need pcscd and vpcd: ${unavailable}`);

/** The kiosk clock these tests inject: far from the wall clock, so a read stamped with it is recognisable. */
const CLOCK_OFFSET = 10 * 365 * 86_400_000;
const kioskClock = () => Date.now() + CLOCK_OFFSET;

let pcscd: PcscdHarness;
let keys: KeyDir;
let rig: SourceRig;

const iphone = (o: Partial<IphoneOptions> = {}) =>
  new VirtualIphone({
    passTypeId: PASS_TYPE_ID,
    value: 'TICKET-0001',
    merchantPublicKey: keys.apple.publicKey,
    ...o,
  });
const android = (o: Partial<AndroidOptions> = {}) =>
  new VirtualAndroid({
    collectorId: COLLECTOR_ID,
    keyVersion: 1,
    collectorPublicKey: keys.collector.publicKey,
    value: 'GTICKET-42',
    ...o,
  });

beforeAll(async () => {
  keys = new KeyDir();
  pcscd = await PcscdHarness.start();
  rig = new SourceRig(
    {
      apple: [{ passTypeId: PASS_TYPE_ID, keyFile: keys.appleFile }],
      google: [{ collectorId: String(COLLECTOR_ID), keyVersion: 1, keyFile: keys.collectorFile }],
      uidAsToken: true,
      ndefAsToken: true,
      freshnessSeconds: 300,
    },
    { clock: kioskClock },
  );
  await rig.start();
});

afterAll(async () => {
  await rig?.stop();
  await pcscd?.stop();
  keys?.remove();
});

describe('NFC through real pcscd: Apple VAS', () => {
  it('a valid pass becomes a ScanInput stamped with the kiosk clock when the card was seen', async () => {
    const before = kioskClock();
    const event = await rig.tap(iphone({ timestamp: () => new Date() }));
    expect(event).toMatchObject({
      read: {
        token: 'TICKET-0001',
        inputType: 'NFC',
        nfcType: 'Apple',
        source: 'nfc',
        symbology: 'apple-vas',
      },
    });
    const read = 'read' in event ? event.read : undefined;
    expect(read!.receivedAt).toBeGreaterThanOrEqual(before);
    expect(read!.receivedAt).toBeLessThanOrEqual(kioskClock());
    expect(rig.source.health()).toMatchObject({ state: 'connected', lastReadAt: read!.receivedAt });
  });

  it.each([
    [
      'a pass type id not configured',
      { passTypeId: 'pass.com.other.venue' },
      'NFC-NO-PASS',
      'pass-unreadable',
    ],
    ['6287 (phone locked)', { mode: 'locked' as const }, 'NFC-TAP-AGAIN', 'tap-again'],
    ['6A83', { mode: 'not-selected' as const }, 'NFC-NO-PASS', 'pass-unreadable'],
    [
      'a stale timestamp',
      { timestamp: () => new Date(Date.now() - 3_600_000) },
      'NFC-STALE-PASS',
      'pass-unreadable',
    ],
    ['a truncated TLV', { mode: 'truncated-data' as const }, 'NFC-BAD-REPLY', 'pass-unreadable'],
    ['removal mid-exchange', { mode: 'remove-mid-exchange' as const }, 'NFC-TAP-AGAIN', 'tap-again'],
  ])('%s → failure %s with a staff reason', async (_name, phone, code, patronMessage) => {
    const event = await rig.tap(iphone(phone));
    expect(event).toMatchObject({
      failure: { code, patronMessage, inputType: 'NFC', nfcType: 'Apple', source: 'nfc' },
    });
    expect('failure' in event && event.failure.reason.length).toBeGreaterThan(10);
  });

  it('a pass encrypted for another key → key id not configured, naming the key id', async () => {
    const other = testKeyPair();
    const event = await rig.tap(iphone({ merchantPublicKey: other.publicKey }));
    expect(event).toMatchObject({ failure: { code: 'NFC-KEY-NOT-CONFIGURED' } });
    expect('failure' in event && event.failure.reason).toMatch(
      /key id [0-9a-f]{8} is not configured for pass\.com\.example\.tickets/,
    );
  });

  it('a key handed over by the provider (Entry V1 nfcKeys) is used alongside the configured ones', async () => {
    const provider = testKeyPair();
    const card = () =>
      iphone({
        passTypeId: 'pass.com.provider.tickets',
        merchantPublicKey: provider.publicKey,
        value: 'PROV-7',
      });
    expect(await rig.tap(card())).toMatchObject({ failure: { code: 'NFC-NO-PASS' } });
    const summary = rig.source.setProviderKeys({
      apple: [{ ID: 'k1', private_key: provider.pem, passTypeId: 'pass.com.provider.tickets' }],
      google: [],
    });
    expect(summary).toEqual({ apple: 1, google: 0, problems: [] });
    expect(await rig.tap(card())).toMatchObject({ read: { token: 'PROV-7', nfcType: 'Apple' } });
    rig.source.setProviderKeys(null);
  });
});

describe('NFC through real pcscd: Google Smart Tap', () => {
  it('a valid pass (signature checked by the phone, answer decrypted)', async () => {
    expect(await rig.tap(android())).toMatchObject({
      read: { token: 'GTICKET-42', nfcType: 'Google', symbology: 'google-smart-tap' },
    });
  });

  it('a wrong collector key → the phone answers 95xx → authentication refused', async () => {
    const phone = android({ collectorPublicKey: testKeyPair().publicKey });
    expect(await rig.tap(phone)).toMatchObject({ failure: { code: 'NFC-AUTH-REFUSED', nfcType: 'Google' } });
    expect(phone.refusedNegotiations).toBe(1);
  });

  it('more-data paging and a zlib-compressed answer', async () => {
    const phone = android({ pageSize: 120, padding: 700, compress: true, nonceInOse: false });
    const vcardApdus: number[] = [];
    const event = await rig.tap({ atr: phone.atr, handle: (a) => (vcardApdus.push(a[1]!), phone.handle(a)) });
    expect(event).toMatchObject({ read: { token: 'GTICKET-42' } });
    expect(vcardApdus.filter((ins) => ins === 0xc0).length).toBeGreaterThan(0);
  });

  it('a garbage GET DATA answer → bad reply, counted as a device error', async () => {
    const errors = rig.source.health().errors;
    expect(await rig.tap(android({ mode: 'garbage' }))).toMatchObject({ failure: { code: 'NFC-BAD-REPLY' } });
    expect(rig.source.health().errors).toBe(errors + 1);
  });
});

describe('NFC through real pcscd: plain cards and broken cards', () => {
  it('an NTAG with an NDEF text record', async () => {
    const tag = new VirtualNtag(Buffer.from('04a1b2c3d4e5f6', 'hex'), [encodeTextRecord('SEASON-2026-0042')]);
    expect(await rig.tap(tag)).toMatchObject({
      read: { token: 'SEASON-2026-0042', inputType: 'NFC', symbology: 'nfc-ndef-text' },
    });
  });

  it('a plain card by its UID', async () => {
    const event = await rig.tap(new VirtualUidCard(Buffer.from('a1b2c3d4', 'hex')));
    expect(event).toMatchObject({ read: { token: 'A1B2C3D4', symbology: 'nfc-uid' } });
    expect('read' in event && event.read.nfcType).toBeUndefined();
  });

  it('garbage answers → bad reply, and the reader keeps working', async () => {
    const junk = new VirtualGarbageCard(() => Buffer.from('6f0a50089000', 'hex'));
    expect(await rig.tap(junk)).toMatchObject({ failure: { code: 'NFC-BAD-REPLY' } });
    expect(await rig.tap(new VirtualUidCard(Buffer.from('01020304', 'hex')))).toMatchObject({
      read: { token: '01020304' },
    });
  });
});

describe('NFC through real pcscd: several readers, filters, hot-plug', () => {
  it('two cards on two readers at once give two reads', async () => {
    const before = rig.events.length;
    const a = await VpcdCard.insert(new VirtualUidCard(Buffer.from('0a0a0a0a', 'hex')), vpcdPort(0));
    const b = await VpcdCard.insert(new VirtualUidCard(Buffer.from('0b0b0b0b', 'hex')), vpcdPort(1));
    try {
      await waitFor(() => rig.events.length >= before + 2, 10_000, 'two reads');
    } finally {
      await a.remove();
      await b.remove();
    }
    const tokens = rig.events.slice(before).map((e) => ('read' in e ? e.read.token : e.failure.code));
    expect(tokens.sort()).toEqual(['0A0A0A0A', '0B0B0B0B']);
    expect(
      rig.source
        .readerHealth()
        .map((h) => h.id)
        .sort(),
    ).toEqual(['nfc:Virtual PCD 00 00', 'nfc:Virtual PCD 00 01']);
  });

  it('readers: a name list ignores the other readers', async () => {
    const only = new SourceRig({ readers: ['PCD 00 01'], uidAsToken: true }, { id: 'nfc-b' });
    try {
      await only.start();
      expect(only.source.health().detail).toBe('Virtual PCD 00 01');
      expect(await only.tap(new VirtualUidCard(Buffer.from('0c0c0c0c', 'hex')), vpcdPort(1))).toMatchObject({
        read: { token: '0C0C0C0C', source: 'nfc-b' },
      });
      const seen = only.events.length;
      await rig.tap(new VirtualUidCard(Buffer.from('0d0d0d0d', 'hex')), vpcdPort(0));
      expect(only.events.length).toBe(seen);
    } finally {
      await only.stop();
    }
  });

  it('readers vanish when pcscd goes, the source says so, and new readers appear when it returns', async () => {
    await pcscd.down();
    await waitFor(() => rig.source.health().code === 'NFC-PCSCD-DOWN', 10_000, 'health NFC-PCSCD-DOWN');
    expect(rig.source.health().state).toBe('disconnected');
    expect(rig.source.readerHealth().every((h) => h.state === 'disconnected')).toBe(true);
    await pcscd.restart('Gate Reader');
    await waitFor(
      () => rig.source.health().detail === 'Gate Reader 00 00, Gate Reader 00 01',
      15_000,
      'the new readers',
    );
    expect(rig.source.health().state).toBe('connected');
    const states = Object.fromEntries(rig.source.readerHealth().map((h) => [h.detail, h.state]));
    expect(states).toEqual({
      'Virtual PCD 00 00': 'disconnected',
      'Virtual PCD 00 01': 'disconnected',
      'Gate Reader 00 00': 'connected',
      'Gate Reader 00 01': 'connected',
    });
    expect(await rig.tap(iphone({ timestamp: () => new Date() }), vpcdPort(1))).toMatchObject({
      read: { token: 'TICKET-0001', nfcType: 'Apple' },
    });
  });

  it('without the nfc-pcsc module the source reports NFC-NO-PCSC-LIB as a fault and stays down', async () => {
    const bare = new SourceRig(
      { uidAsToken: true },
      { id: 'nfc-bare', pcscModule: 'nfc-pcsc-not-installed' },
    );
    try {
      await bare.start(false);
      await waitFor(() => bare.source.health().state === 'fault', 10_000, 'the fault state');
      expect(bare.source.health()).toMatchObject({ code: 'NFC-NO-PCSC-LIB', state: 'fault' });
      expect(bare.source.health().lastError).toMatch(/nfc-pcsc cannot be loaded/);
    } finally {
      await bare.stop();
    }
  });
});
