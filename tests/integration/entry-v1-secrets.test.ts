import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { EntryV1Provider } from '../../electron/core/providers/entry-v1/index.js';
import type { HttpAnswer, HttpRequest } from '../../electron/core/providers/http/http-transport.js';
import { nodeHttpTransport } from '../../electron/core/providers/http/node-http-transport.js';
import type { OfflineScanRecord } from '../../electron/core/providers/provider.js';
import {
  DEMO_LIVE_EVENT_ID,
  DEMO_NFC_KEYS,
  DEMO_PAST_EVENT_ID,
  DEMO_TOKENS,
  startEntryV1Sandbox,
  type EntryV1Sandbox,
} from '../../electron/sandbox/entry-v1/index.js';
import { contextWith, scanOf } from './support/provider-harness.js';
import { entryV1Rig } from './support/provider-rigs.js';

const { API_KEY, providerFor } = entryV1Rig;

const [T1, T2] = DEMO_TOKENS.valid;
const JWT_SHAPE = /eyJ[\w-]+\.[\w-]+\.[\w-]*/g;

/**
 * Runs every call (happy paths, refusals, faults, renewals, a server that quotes secrets back) and checks
 * that no log line and no error message carries the API key, a session JWT or an NFC private key.
 */
describe('Entry V1 keeps secrets out of logs and errors', () => {
  let sandbox: EntryV1Sandbox;
  let nowMs: number;
  let logged: string[];
  let errors: string[];
  let jwts: Set<string>;
  /** When set, answers instead of the sandbox for URLs containing the key. */
  let override: { match: string; answer: (req: HttpRequest) => HttpAnswer } | undefined;

  beforeEach(async () => {
    nowMs = Date.now();
    sandbox = await startEntryV1Sandbox({ apiKey: API_KEY, jwtTtlSeconds: 600, clock: () => nowMs });
    logged = [];
    errors = [];
    jwts = new Set();
    override = undefined;
  });
  afterEach(() => sandbox.close());

  function kiosk(settings: Parameters<typeof providerFor>[1] = {}): EntryV1Provider {
    const log = (level: string) => (fields: Record<string, unknown>, msg: string) =>
      logged.push(`${level} ${msg} ${JSON.stringify(fields)}`);
    return providerFor(sandbox, settings, {
      now: () => nowMs,
      logger: { debug: log('debug'), warn: log('warn') },
      transport: async (req) => {
        const auth = req.headers.Authorization;
        if (auth) jwts.add(auth.slice('Bearer '.length));
        const answer =
          override && req.url.includes(override.match) ? override.answer(req) : await nodeHttpTransport(req);
        // Every token the server hands out, including ones the client never gets to send.
        for (const m of answer.text.matchAll(JWT_SHAPE)) jwts.add(m[0]);
        return answer;
      },
    });
  }

  /** Runs a call; its error message (if any) is kept for the check. Results are kept too when asked. */
  async function run<T>(p: Promise<T>): Promise<T | undefined> {
    try {
      return await p;
    } catch (err) {
      errors.push(err instanceof Error ? `${err.name}: ${err.message}` : String(err));
      return undefined;
    }
  }

  const record = (over: Partial<OfflineScanRecord> = {}): OfflineScanRecord => ({
    scanId: `r-${Math.random()}`,
    token: '38000000000077',
    inputType: 'Barcode',
    scannedAt: nowMs,
    outcome: 'admit',
    direction: 'entry',
    eventId: DEMO_LIVE_EVENT_ID,
    ...over,
  });

  it('across every call, fault and renewal', async () => {
    const s = () => AbortSignal.timeout(5_000);
    const p = kiosk({ renewMarginSeconds: 60 });
    const lite = kiosk({ liteSessionForLookup: true, serialNumber: 'GP-LITE' });
    const rejections: string[] = [];

    // Happy paths of every call.
    await run(p.configure(s()));
    await run(lite.configure(s()));
    await run(p.validate(scanOf(T1), contextWith()));
    await run(p.validate(scanOf(T1), contextWith()));
    await run(p.validate(scanOf(DEMO_TOKENS.unknown), contextWith()));
    const ref = await run(p.syncReference(s()));
    expect(ref?.nfcKeys).toEqual(DEMO_NFC_KEYS); // returned to the caller, but never logged
    await run(p.venues(s()));
    await run(p.heartbeat({ deviceTime: nowMs, pendingUploads: 1, mode: 'online' }, s()));
    await run(p.ping(s()));
    await run(p.lookup(T1, s()));
    await run(p.lookup(DEMO_TOKENS.unknown, s()));
    await run(lite.lookup(T2, s()));
    const up = await run(
      p.uploadOffline([record(), record({ token: '', eventId: DEMO_PAST_EVENT_ID })], s()),
    );
    rejections.push(...(up?.rejected.map((r) => r.reason) ?? []));

    // Renewal near exp, and a refused renewal while the old token is still valid (logged as a warning).
    nowMs += 545_000;
    sandbox.setFaults({ status: 503, faultPaths: ['session'] });
    await run(p.validate(scanOf(T2), contextWith()));
    sandbox.resetFaults();
    await run(p.validate(scanOf(T2), contextWith()));

    // 401 storms, server faults and garbage on each route.
    for (const route of ['scan', 'events', 'ping', 'ticketLookup', 'venues', 'offlineUpload', 'session']) {
      for (const faults of [
        { unauthorizedCount: 5 },
        { status: 500 },
        { malformed: true },
        { wrongTypes: true },
      ]) {
        sandbox.setFaults({ ...faults, faultPaths: [route] });
        await run(p.validate(scanOf(T1), contextWith()));
        await run(p.syncReference(s()));
        await run(p.heartbeat({ deviceTime: nowMs, pendingUploads: 0, mode: 'offline' }, s()));
        await run(p.lookup(T1, s()));
        await run(lite.lookup(T1, s()));
        await run(p.venues(s()));
        await run(p.uploadOffline([record()], s()));
        await run(kiosk().configure(s()));
      }
    }
    sandbox.resetFaults();

    // A wrong API key, and a server that quotes the key and the current token back in its errors.
    await run(kiosk({ apiKey: 'wrong-key-for-the-test' }).venues(s()));
    const current = [...jwts].at(-1) ?? '';
    const quoting = (req: HttpRequest): HttpAnswer => ({
      status: 400,
      text: JSON.stringify({
        error: {
          message: [`bad key ${API_KEY}`, `token ${current}`, `header ${req.headers.Authorization ?? ''}`],
          error: 'Bad Request',
          statusCode: 400,
        },
      }),
    });
    for (const match of [
      '/v1/scan',
      '/v1/events',
      '/v1/ping',
      '/v1/tickets/',
      '/v1/venues',
      '/v1/offline/',
    ]) {
      override = { match, answer: quoting };
      await run(p.validate(scanOf(T1), contextWith()));
      await run(p.syncReference(s()));
      await run(p.heartbeat({ deviceTime: nowMs, pendingUploads: 0, mode: 'online' }, s()));
      await run(p.lookup(T1, s()));
      await run(p.venues(s()));
      const quoted = await run(p.uploadOffline([record()], s()));
      rejections.push(...(quoted?.rejected.map((r) => r.reason) ?? []));
    }
    override = undefined;
    await run(p.close());

    // The run was real: sessions were issued, things were logged, calls failed and uploads were refused.
    expect(jwts.size).toBeGreaterThanOrEqual(3);
    expect(logged.some((l) => l.startsWith('warn'))).toBe(true);
    expect(logged.some((l) => l.includes('renewal failed'))).toBe(true);
    expect(errors.length).toBeGreaterThan(30);
    expect(errors.some((e) => e.includes('[redacted]'))).toBe(true);
    expect(rejections.length).toBeGreaterThanOrEqual(2);

    const secrets = [
      API_KEY,
      'wrong-key-for-the-test',
      ...jwts,
      ...DEMO_NFC_KEYS.apple.map((k) => k.private_key),
      ...DEMO_NFC_KEYS.google.map((k) => k.private_key),
    ];
    for (const text of [...logged, ...errors, ...rejections]) {
      for (const secret of secrets) expect(text).not.toContain(secret);
      expect(text).not.toMatch(JWT_SHAPE);
    }
  }, 60_000);
});
