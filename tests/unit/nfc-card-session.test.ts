import { describe, expect, it } from 'vitest';
import { readCard } from '../../native/nfc/card-session.js';
import type { CardSessionConfig } from '../../native/nfc/session-config.js';
import { encodeTextRecord, encodeUriRecord } from '../../native/nfc/ndef.js';
import { VirtualAndroid, type AndroidOptions } from '../../native/simulators/virtual-android.js';
import { VirtualIphone, type IphoneOptions } from '../../native/simulators/virtual-iphone.js';
import { VirtualGarbageCard, VirtualNtag, VirtualUidCard } from '../../native/simulators/virtual-tags.js';
import type { VirtualCard } from '../../native/simulators/vpcd-card.js';
import { directChannel } from '../support/nfc-direct-channel.js';
import { testKeyPair } from '../support/nfc-test-keys.js';

const PASS = 'pass.com.example.tickets';
const apple = testKeyPair();
const otherApple = testKeyPair();
const collector = testKeyPair();
const NOW = Date.UTC(2026, 5, 1, 12, 0, 0);

function config(over: Partial<CardSessionConfig> = {}): CardSessionConfig {
  return {
    apple: [{ passTypeId: PASS, keys: [apple.key] }],
    google: [{ collectorId: '12345678', keyVersion: 1, key: collector.key }],
    uidAsToken: false,
    ndefAsToken: false,
    freshnessSeconds: 300,
    now: () => NOW,
    ...over,
  };
}

const iphone = (o: Partial<IphoneOptions> = {}) =>
  new VirtualIphone({
    passTypeId: PASS,
    value: 'TICKET-0001',
    merchantPublicKey: apple.publicKey,
    timestamp: () => new Date(NOW - 5000),
    ...o,
  });
const android = (o: Partial<AndroidOptions> = {}) =>
  new VirtualAndroid({
    collectorId: 12345678,
    keyVersion: 1,
    collectorPublicKey: collector.publicKey,
    value: 'GTICKET-42',
    ...o,
  });

async function tap(card: VirtualCard, cfg = config()) {
  return (await readCard(directChannel(card), cfg, card.atr)).read;
}

describe('card session: Apple VAS', () => {
  it('reads a valid pass: value, timestamp, key id', async () => {
    const read = await tap(iphone());
    expect(read).toMatchObject({
      ok: true,
      kind: 'apple',
      token: 'TICKET-0001',
      passTimestamp: new Date(NOW - 5000).toISOString(),
    });
  });

  it('asks for each configured pass type id until one answers', async () => {
    const card = iphone();
    const ch = directChannel(card);
    const cfg = config({
      apple: [
        { passTypeId: 'pass.other', keys: [otherApple.key] },
        { passTypeId: PASS, keys: [apple.key] },
      ],
    });
    const { read, apdus } = await readCard(ch, cfg);
    expect(read).toMatchObject({ ok: true, token: 'TICKET-0001' });
    expect(apdus).toBe(3);
  });

  it.each([
    ['a pass type id not configured', { passTypeId: 'pass.com.unknown' }, config(), 'NFC-NO-PASS', /6A83/],
    ['6A83 from the phone', { mode: 'not-selected' as const }, config(), 'NFC-NO-PASS', /6A83/],
    ['6287 (locked phone)', { mode: 'locked' as const }, config(), 'NFC-TAP-AGAIN', /6287/],
    [
      'a stale timestamp',
      { timestamp: () => new Date(NOW - 3600_000) },
      config(),
      'NFC-STALE-PASS',
      /3600 s off/,
    ],
    [
      'a key id not configured',
      {},
      config({ apple: [{ passTypeId: PASS, keys: [otherApple.key] }] }),
      'NFC-KEY-NOT-CONFIGURED',
      /key id [0-9a-f]{8} is not configured/,
    ],
    [
      'a truncated SELECT answer',
      { mode: 'truncated-select' as const },
      config(),
      'NFC-BAD-REPLY',
      /unreadable reply/,
    ],
    [
      'a truncated GET VAS DATA answer',
      { mode: 'truncated-data' as const },
      config(),
      'NFC-BAD-REPLY',
      /unreadable reply/,
    ],
    [
      'removal mid-exchange',
      { mode: 'remove-mid-exchange' as const },
      config(),
      'NFC-TAP-AGAIN',
      /left the field/,
    ],
    ['no VAS capability', { mode: 'no-vas' as const }, config(), 'NFC-NOT-ACCEPTED', /0x08/],
    ['no Apple keys configured', {}, config({ apple: [] }), 'NFC-NO-KEYS', /no Apple pass type id/],
  ])('fails clearly on %s', async (_name, phone, cfg, code, reason) => {
    const read = await tap(iphone(phone), cfg);
    expect(read.ok).toBe(false);
    expect(read).toMatchObject({ code });
    expect(read.ok ? '' : read.reason).toMatch(reason);
  });

  it('accepts an old timestamp when freshnessSeconds is 0', async () => {
    const read = await tap(
      iphone({ timestamp: () => new Date(NOW - 86_400_000 * 30) }),
      config({ freshnessSeconds: 0 }),
    );
    expect(read).toMatchObject({ ok: true, token: 'TICKET-0001' });
  });
});

describe('card session: Google Smart Tap', () => {
  it('reads a pass with the nonce from the OSE answer', async () => {
    const card = android();
    const ch = directChannel(card);
    const { read } = await readCard(ch, config());
    expect(read).toMatchObject({
      ok: true,
      kind: 'google',
      token: 'GTICKET-42',
      detail: 'collector 12345678 et',
    });
    expect(ch.apdus.map((a) => a.subarray(0, 2).toString('hex'))).toEqual(['00a4', '9053', '9050']);
  });

  it('selects Smart Tap 2 when the OSE answer has no nonce', async () => {
    const card = android({ nonceInOse: false, objectType: 'gr' });
    const ch = directChannel(card);
    const { read } = await readCard(ch, config());
    expect(read).toMatchObject({ ok: true, token: 'GTICKET-42', detail: 'collector 12345678 gr' });
    expect(ch.apdus[1]!.subarray(5, 14).toString('hex')).toBe('a000000476d0000111');
  });

  it('pages with GET MORE DATA and inflates a zlib payload', async () => {
    const card = android({ pageSize: 64, padding: 600, compress: true });
    const ch = directChannel(card);
    const { read } = await readCard(ch, config());
    expect(read).toMatchObject({ ok: true, token: 'GTICKET-42' });
    expect(ch.apdus.filter((a) => a[1] === 0xc0).length).toBeGreaterThan(0);
  });

  it('pages an uncompressed answer over many GET MORE DATA', async () => {
    const card = android({ pageSize: 100, padding: 500 });
    const ch = directChannel(card);
    expect((await readCard(ch, config())).read).toMatchObject({ ok: true, token: 'GTICKET-42' });
    expect(ch.apdus.filter((a) => a[1] === 0xc0).length).toBeGreaterThanOrEqual(5);
  });

  it('a wrong collector key → 9500 → NFC-AUTH-REFUSED naming collector and version', async () => {
    const card = android();
    const wrong = testKeyPair();
    const read = await tap(
      card,
      config({ google: [{ collectorId: '12345678', keyVersion: 1, key: wrong.key }] }),
    );
    expect(read).toMatchObject({ ok: false, code: 'NFC-AUTH-REFUSED' });
    expect(read.ok ? '' : read.reason).toMatch(/collector 12345678 key version 1: 9500/);
    expect(card.refusedNegotiations).toBe(1);
  });

  it('tries the next collector after a refusal (key rotation)', async () => {
    const card = android({ keyVersion: 2 });
    const cfg = config({
      google: [
        { collectorId: '12345678', keyVersion: 1, key: collector.key },
        { collectorId: '12345678', keyVersion: 2, key: collector.key },
      ],
    });
    expect(await tap(card, cfg)).toMatchObject({ ok: true, token: 'GTICKET-42' });
    expect(card.refusedNegotiations).toBe(1);
  });

  it.each([
    ['no passes (9001)', { mode: 'no-passes' as const }, 'NFC-NO-PASS'],
    ['a corrupted MAC', { mode: 'bad-mac' as const }, 'NFC-DECRYPT-FAILED'],
    ['a garbage GET DATA answer', { mode: 'garbage' as const }, 'NFC-BAD-REPLY'],
    ['removal mid-exchange', { mode: 'remove-mid-exchange' as const }, 'NFC-TAP-AGAIN'],
  ])('fails clearly on %s', async (_n, phone, code) => {
    expect(await tap(android(phone))).toMatchObject({ ok: false, code });
  });

  it('no collector configured → NFC-NO-KEYS', async () => {
    expect(await tap(android(), config({ google: [] }))).toMatchObject({ ok: false, code: 'NFC-NO-KEYS' });
  });
});

describe('card session: plain cards', () => {
  const uid = Buffer.from('04a1b2c3d4e5f6', 'hex');

  it('NTAG text record as a token (ndefAsToken), without selecting a wallet (storage-card ATR)', async () => {
    const tag = new VirtualNtag(uid, [encodeTextRecord('SEASON-2026-0042')]);
    const ch = directChannel(tag);
    const { read } = await readCard(ch, config({ ndefAsToken: true }), tag.atr);
    expect(read).toMatchObject({ ok: true, kind: 'ndef-text', token: 'SEASON-2026-0042' });
    expect(ch.apdus.every((a) => a[0] === 0xff)).toBe(true);
  });

  it('NTAG URI record, long enough to span several reads', async () => {
    const uri = `https://tickets.example.com/t/${'x'.repeat(120)}`;
    const read = await tap(new VirtualNtag(uid, [encodeUriRecord(uri)]), config({ ndefAsToken: true }));
    expect(read).toMatchObject({ ok: true, kind: 'ndef-uri', token: uri });
  });

  it('UID as a token (uidAsToken), upper-case hex', async () => {
    expect(await tap(new VirtualUidCard(uid), config({ uidAsToken: true }))).toMatchObject({
      ok: true,
      kind: 'uid',
      token: '04A1B2C3D4E5F6',
    });
  });

  it('falls back to the UID when the tag has no text/URI and both are on', async () => {
    const tag = new VirtualNtag(uid, [{ tnf: 2, type: Buffer.from('image/png'), payload: Buffer.from('x') }]);
    expect(await tap(tag, config({ uidAsToken: true, ndefAsToken: true }))).toMatchObject({
      ok: true,
      kind: 'uid',
    });
  });

  it('refuses a plain card when neither is on', async () => {
    expect(await tap(new VirtualUidCard(uid))).toMatchObject({ ok: false, code: 'NFC-NOT-ACCEPTED' });
  });

  it('garbage and 1-byte answers become NFC-BAD-REPLY / NOT-ACCEPTED, never a throw', async () => {
    const junk = new VirtualGarbageCard(() => Buffer.from('6f05500341429000', 'hex'));
    expect(await tap(junk, config({ uidAsToken: true }))).toMatchObject({ ok: false, code: 'NFC-BAD-REPLY' });
    const short = new VirtualGarbageCard(() => Buffer.from([0x90]));
    expect(await tap(short, config({ uidAsToken: true }))).toMatchObject({
      ok: false,
      code: 'NFC-BAD-REPLY',
    });
  });
});
