import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { FaultState } from '../../electron/sandbox/common/faults.js';
import { parseOfflineUpload } from '../../electron/sandbox/entry-v1/offline-store.js';
import { compileRoutes } from '../../electron/sandbox/common/route-matcher.js';
import { TicketStore, type ScanRecordContext } from '../../electron/sandbox/entry-v1/ticket-store.js';
import {
  DEFAULT_SANDBOX_PATHS,
  DEMO_TOKENS,
  demoFixture,
  generateTickets,
} from '../../electron/sandbox/entry-v1/index.js';

const ctx = { serialNumber: 'S' } as ScanRecordContext;

describe('sandbox ticket rules', () => {
  const now = Date.now();
  const store = () => {
    const f = demoFixture(now);
    return new TicketStore(f.events, f.tickets);
  };
  const [T1] = DEMO_TOKENS.valid;

  it('entry, duplicate entry, exit, re-entry', () => {
    const s = store();
    const codes = [
      s.scan(T1, 'Entry', now, false, ctx).reasonCode,
      s.scan(T1, 'Entry', now, false, ctx).reasonCode,
      s.scan(T1, 'Exit', now, false, ctx).reasonCode,
      s.scan(T1, 'Exit', now, false, ctx).reasonCode,
      s.scan(T1, 'Entry', now, false, ctx).reasonCode,
    ];
    expect(codes).toEqual(['OK', 'ALREADY_ENTERED', 'OK', 'NOT_ENTERED', 'OK']);
    expect(s.lookup(T1)?.history).toHaveLength(5);
  });

  it('test-mode scans answer but change nothing', () => {
    const s = store();
    expect(s.scan(T1, 'Entry', now, true, ctx).status).toBe('Admit');
    expect(s.scan(T1, 'Entry', now, false, ctx).status).toBe('Admit');
  });

  it('the demo window covers now and closes later; the past event is closed', () => {
    const s = store();
    expect(s.scan(T1, 'Entry', now + 17 * 3_600_000, false, ctx).reasonCode).toBe('OK');
    expect(s.scan(DEMO_TOKENS.valid[1], 'Entry', now + 19 * 3_600_000, false, ctx).reasonCode).toBe(
      'OUTSIDE_SCAN_WINDOW',
    );
    expect(s.scan(DEMO_TOKENS.outsideWindow, 'Entry', now, false, ctx).reasonCode).toBe(
      'OUTSIDE_SCAN_WINDOW',
    );
    expect(s.scan(DEMO_TOKENS.unknown, 'Entry', now, false, ctx)).toMatchObject({
      status: 'Stop',
      reasonCode: 'NOT_FOUND',
    });
  });

  it('stays fast with 50,000 tickets (Map lookups)', () => {
    const f = demoFixture(now);
    const many = generateTickets(50_000);
    expect(new Set(many.map((t) => t.token)).size).toBe(50_000);
    const start = performance.now();
    const s = new TicketStore(f.events, [...f.tickets, ...many]);
    for (const t of many.slice(0, 10_000)) s.scan(t.token, 'Entry', now, false, ctx);
    expect(performance.now() - start).toBeLessThan(2_000);
    expect(s.lookup(many[9_999]!.token)?.inside).toBe(true);
    expect(s.lookup(many[10_000]!.token)?.inside).toBe(false);
  });
});

describe('sandbox route matcher', () => {
  const match = compileRoutes({ ...DEFAULT_SANDBOX_PATHS });
  it('matches literal and templated paths', () => {
    expect(match('/v1/session')?.route).toBe('session');
    expect(match('/v1/session/lite')?.route).toBe('sessionLite');
    expect(match('/v1/tickets/39%2000')).toMatchObject({
      route: 'ticketLookup',
      params: { barcode: '39 00' },
    });
    expect(match('/v1/offline/390%3AAB%3AA1')?.params).toEqual({ eventId: '390:AB:A1' });
    expect(match('/v1/tickets/a/b')).toBeUndefined();
    expect(match('/v1/scanx')).toBeUndefined();
  });
});

describe('sandbox fault state', () => {
  it('counts down unauthorized answers and resets', () => {
    const f = new FaultState(['scan']);
    f.set({ unauthorizedOnce: true });
    expect([f.takeUnauthorized(), f.takeUnauthorized()]).toEqual([true, false]);
    f.set({ unauthorizedCount: 2, faultPaths: ['events'] });
    expect(f.appliesTo('scan', '/v1/scan')).toBe(false);
    expect(f.appliesTo('events', '/v1/events')).toBe(true);
    f.reset();
    expect(f.appliesTo('scan', '/v1/scan')).toBe(true);
    expect(f.takeUnauthorized()).toBe(false);
    expect(() => f.set({ latencyMs: -1 })).toThrow();
    expect(() => f.set({ unknownKnob: 1 })).toThrow();
  });
});

describe('sandbox offline upload parsing', () => {
  const gz = (v: unknown) => gzipSync(JSON.stringify(v));
  it('refuses non-gzip, non-array and incomplete scans', () => {
    expect(parseOfflineUpload(Buffer.from('[]'), 'E').ok).toBe(false);
    expect(parseOfflineUpload(gz({}), 'E').ok).toBe(false);
    const r = parseOfflineUpload(gz([{ serialNumber: 'S', scans: [{ token: 'T' }] }]), 'E');
    expect(r).toEqual({
      ok: false,
      messages: ['[0].scans[0].status should not be empty', '[0].scans[0].scanTimestamp should not be empty'],
    });
  });
});
