import { describe, expect, it } from 'vitest';
import {
  DUPLICATE_WINDOW_MS,
  DeviceRegistry,
  PRESENCE_DEMO_GATES,
  PRESENCE_DEMO_TOKENS as T,
  PRESENCE_DEMO_VENUE_ID,
  PresenceTicketStore,
  generatePresenceTickets,
  presenceDemoFixture,
  type PresenceSandboxGate,
  type ScanKind,
} from '../../electron/sandbox/presence/index.js';
import { checkScanBody, checkUploadBody } from '../../electron/sandbox/presence/request-validation.js';
import { presenceErrorBody } from '../../electron/sandbox/presence/error-reply.js';

const HOUR = 3_600_000;
const GATE = PRESENCE_DEMO_GATES;
const [T1, T2] = T.valid;

/** Drives a store through scans 3 s apart (clear of the DUPLICATE window), returning the statuses. */
function run(steps: [ScanKind, PresenceSandboxGate][], token = T1, start = Date.UTC(2025, 0, 1)) {
  const store = new PresenceTicketStore(
    presenceDemoFixture(start).events,
    presenceDemoFixture(start).tickets,
  );
  let now = start;
  const statuses = steps.map(([kind, gate]) => {
    now += 3_000;
    return store.scan(kind, token, gate, now).result.status;
  });
  return { statuses, state: store.state(token) };
}

describe('Presence sandbox: external gate rules', () => {
  it('first entry marks ENTERED; any later entry is ALREADY_ENTERED', () => {
    const { statuses, state } = run([
      ['enter', GATE.entrance],
      ['enter', GATE.entrance],
      ['enter', GATE.exit],
    ]);
    expect(statuses).toEqual(['OKAY', 'ALREADY_ENTERED', 'ALREADY_ENTERED']);
    expect(state?.external).toBe('entered');
  });

  it('the first exit of an entered ticket marks EXITED; exiting again is EXIT_NOT_PERMITTED', () => {
    const { statuses, state } = run([
      ['enter', GATE.entrance],
      ['exit', GATE.exit],
      ['exit', GATE.exit],
    ]);
    expect(statuses).toEqual(['OKAY', 'EXIT', 'EXIT_NOT_PERMITTED']);
    expect(state?.external).toBe('exited');
  });

  it('an exit of a ticket never entered is EXIT_NOT_PERMITTED and changes nothing', () => {
    const { statuses, state } = run([['exit', GATE.exit]]);
    expect(statuses).toEqual(['EXIT_NOT_PERMITTED']);
    expect(state?.external).toBe('none');
  });

  it('after an exit, the default rule still refuses another entry', () => {
    expect(
      run([
        ['enter', GATE.entrance],
        ['exit', GATE.exit],
        ['enter', GATE.entrance],
      ]).statuses,
    ).toEqual(['OKAY', 'EXIT', 'ALREADY_ENTERED']);
  });
});

describe('Presence sandbox: internal gate rules', () => {
  it('an internal entry is added, and marks ENTERED when there was no external entry', () => {
    const { statuses, state } = run([['validate', GATE.vip]]);
    expect(statuses).toEqual(['OKAY']);
    expect(state).toEqual({ external: 'entered', internal: { [GATE.vip.gateId]: 'in' } });
  });

  it('an internal entry after an external entry keeps the ticket ENTERED (not re-entered)', () => {
    const { statuses, state } = run([
      ['enter', GATE.entrance],
      ['validate', GATE.vip],
    ]);
    expect(statuses).toEqual(['OKAY', 'OKAY']);
    expect(state?.external).toBe('entered');
  });

  it('at a gate requiring exits, a second internal entry is INTERNAL_SCAN_ALREADY_ENTERED until an exit', () => {
    expect(
      run([
        ['validate', GATE.vip],
        ['validate', GATE.vip],
        ['exit', GATE.vip],
        ['validate', GATE.vip],
      ]).statuses,
    ).toEqual(['OKAY', 'INTERNAL_SCAN_ALREADY_ENTERED', 'INTERNAL_SCAN_EXIT', 'OKAY']);
  });

  it('at a gate not requiring exits, repeated internal entries are accepted', () => {
    expect(
      run([
        ['validate', GATE.suites],
        ['validate', GATE.suites],
        ['validate', GATE.suites],
      ]).statuses,
    ).toEqual(['OKAY', 'OKAY', 'OKAY']);
  });

  it('first internal exit marks EXIT INTERNAL; a second is INTERNAL_SCAN_EXIT_NOT_PERMITTED', () => {
    const { statuses, state } = run([
      ['validate', GATE.vip],
      ['exit', GATE.vip],
      ['exit', GATE.vip],
    ]);
    expect(statuses).toEqual(['OKAY', 'INTERNAL_SCAN_EXIT', 'INTERNAL_SCAN_EXIT_NOT_PERMITTED']);
    expect(state?.internal).toEqual({ [GATE.vip.gateId]: 'out' });
  });

  it('an internal exit without an internal entry is INTERNAL_SCAN_EXIT_NOT_PERMITTED', () => {
    expect(run([['exit', GATE.vip]]).statuses).toEqual(['INTERNAL_SCAN_EXIT_NOT_PERMITTED']);
  });

  it('an internal gate cannot perform an external exit', () => {
    const { statuses, state } = run([
      ['enter', GATE.entrance],
      ['exit', GATE.vip],
    ]);
    expect(statuses).toEqual(['OKAY', 'INTERNAL_SCAN_EXIT_NOT_PERMITTED']);
    expect(state?.external).toBe('entered');
  });

  it('an internal entry from a gate not configured for internal scans is accepted as an internal entry', () => {
    const { statuses, state } = run([
      ['enter', GATE.entrance],
      ['validate', GATE.entrance],
      ['validate', GATE.entrance],
    ]);
    expect(statuses).toEqual(['OKAY', 'OKAY', 'OKAY']);
    expect(state?.internal).toEqual({ [GATE.entrance.gateId]: 'in' });
  });

  it('an enter at an internal gate is an internal entry (validate is deprecated)', () => {
    expect(
      run([
        ['enter', GATE.vip],
        ['enter', GATE.vip],
      ]).statuses,
    ).toEqual(['OKAY', 'INTERNAL_SCAN_ALREADY_ENTERED']);
  });
});

describe('Presence sandbox: scanning periods, DUPLICATE, fixed answers', () => {
  const now = Date.UTC(2025, 5, 1, 12);
  const store = () => {
    const f = presenceDemoFixture(now);
    return new PresenceTicketStore(f.events, f.tickets);
  };

  it('NOT_FOUND outside the event scanning period (before and after), found inside', () => {
    const s = store();
    expect(s.scan('enter', T1, GATE.entrance, now - 6 * HOUR - 1).result.status).toBe('NOT_FOUND');
    expect(s.scan('enter', T1, GATE.entrance, now + 18 * HOUR + 1).result.status).toBe('NOT_FOUND');
    expect(s.scan('enter', T1, GATE.entrance, now - 6 * HOUR).result.status).toBe('OKAY');
    expect(s.scan('enter', T2, GATE.entrance, now + 18 * HOUR).result.status).toBe('OKAY');
    expect(s.scan('enter', T.pastEvent, GATE.entrance, now).result.status).toBe('NOT_FOUND');
    expect(s.scan('enter', T.futureEvent, GATE.entrance, now).result.status).toBe('NOT_FOUND');
    expect(s.scan('enter', T.unknown, GATE.entrance, now).result).toEqual({
      status: 'NOT_FOUND',
      message: 'Ticket was not found',
    });
  });

  it('the same ticket within 2 s is DUPLICATE, changes nothing, and does not extend the window', () => {
    const s = store();
    expect(s.scan('enter', T1, GATE.entrance, now).result.status).toBe('OKAY');
    expect(s.scan('exit', T1, GATE.exit, now + 1_000).result.status).toBe('DUPLICATE');
    expect(s.state(T1)?.external).toBe('entered');
    expect(s.scan('enter', T1, GATE.entrance, now + DUPLICATE_WINDOW_MS - 1).result.status).toBe('DUPLICATE');
    // 2 s after the original (not after the duplicates): a normal answer again.
    expect(s.scan('enter', T1, GATE.entrance, now + DUPLICATE_WINDOW_MS).result.status).toBe(
      'ALREADY_ENTERED',
    );
  });

  it('DUPLICATE answers carry the ticket; other tickets are unaffected', () => {
    const s = store();
    s.scan('enter', T1, GATE.entrance, now);
    expect(s.scan('enter', T1, GATE.entrance, now + 10)).toMatchObject({
      result: { status: 'DUPLICATE' },
      message: { tickets: [{ place: 'PIT1:3:4' }] },
    });
    expect(s.scan('enter', T2, GATE.entrance, now + 10).result.status).toBe('OKAY');
  });

  it('cancelled and restricted tickets answer their fixed status', () => {
    const s = store();
    expect(s.scan('enter', T.invalid, GATE.entrance, now).result.status).toBe('INVALID_TICKET');
    expect(s.scan('enter', T.sectionRestricted, GATE.entrance, now).result.status).toBe(
      'SECTION_RESTRICTION',
    );
    expect(s.scan('enter', T.marked, GATE.entrance, now).result.status).toBe('MARK_RESTRICTION');
  });

  it('resetEntries forgets entries and the DUPLICATE window', () => {
    const s = store();
    s.scan('enter', T1, GATE.entrance, now);
    s.resetEntries();
    expect(s.scan('enter', T1, GATE.entrance, now + 1).result.status).toBe('OKAY');
  });

  it('stays fast with 50,000 tickets (Map lookups)', () => {
    const start = performance.now();
    const many = generatePresenceTickets(50_000);
    const f = presenceDemoFixture(now);
    const s = new PresenceTicketStore(f.events, [...f.tickets, ...many]);
    for (let i = 0; i < 50_000; i += 1) s.scan('enter', many[i]?.token ?? '', GATE.entrance, now);
    expect(performance.now() - start).toBeLessThan(2_000);
    expect(s.ticketCount).toBe(50_000 + f.tickets.length);
    expect(new Set(many.map((t) => t.token)).size).toBe(50_000);
  });
});

describe('Presence sandbox: devices and request checks', () => {
  const init = {
    venueId: PRESENCE_DEMO_VENUE_ID,
    name: 'A',
    mac: '00:24:06:f0:fa:49',
    ip: '1.2.3.4',
    gateName: 'entrance 1',
    serial: 'S',
    model: 'M',
  };

  it('configures by MAC (case-insensitive), keeps ids on re-configure, refuses other venues', () => {
    const r = new DeviceRegistry(PRESENCE_DEMO_VENUE_ID, Object.values(GATE));
    const first = r.init(init);
    expect(first).toMatchObject({ gateId: GATE.entrance.gateId, gateName: 'Entrance 1' });
    expect(r.init({ ...init, mac: init.mac.toUpperCase(), name: 'B' })?.id).toBe(first?.id);
    expect(r.info(PRESENCE_DEMO_VENUE_ID, '00:24:06:F0:FA:49')?.name).toBe('B');
    expect(r.info('other', init.mac)).toBeUndefined();
    expect(r.init({ ...init, venueId: 'other' })).toBeUndefined();
    expect(r.deviceCount).toBe(1);
  });

  it('checks scan bodies field by field, refusing seconds for scanTime', () => {
    const ok = {
      token: 't',
      venueId: 'v',
      deviceId: 1,
      gateId: 2,
      gateName: 'g',
      deviceOs: 'Printed',
      scanTime: 1_700_000_000_000,
    };
    expect(checkScanBody(ok).problems).toEqual([]);
    expect(checkScanBody({ ...ok, scanTime: 1_700_000_000 }).problems).toEqual([
      'scanTime is required (Unix time in milliseconds)',
    ]);
    expect(checkScanBody({ ...ok, deviceId: '1' }).problems).toEqual(['deviceId is required (int)']);
    expect(checkScanBody({ ...ok, deviceOs: 'Windows' }).problems).toHaveLength(1);
    expect(checkScanBody({ ...ok, deviceOs: 'ANDROID' }).problems).toEqual([]);
    expect(
      checkUploadBody({ venueId: 'v', scans: [{ ...ok, scanId: 'x', scanType: 'enter' }] }).problems,
    ).toEqual([]);
    expect(checkUploadBody({ venueId: 'v', scans: [{ ...ok, scanType: 'enter' }] }).problems).toEqual([
      'scans[0].scanId is required (string)',
    ]);
  });

  it('error bodies: the Presence envelope, the gateway fault for auth and unknown paths', () => {
    expect(presenceErrorBody(400, ['x'])).toEqual({ result: { status: 'BAD_REQUEST', message: 'x' } });
    expect(presenceErrorBody(500, ['y'])).toEqual({ result: { status: 'GENERAL_ERROR', message: 'y' } });
    expect(presenceErrorBody(401, ['Invalid ApiKey'])).toHaveProperty('fault.faultstring', 'Invalid ApiKey');
    expect(presenceErrorBody(404, ['Cannot GET /x'])).toHaveProperty('fault');
  });
});
