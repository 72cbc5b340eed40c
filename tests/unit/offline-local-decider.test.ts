import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase, type Db } from '../../electron/core/journal/database.js';
import { ReferenceStore } from '../../electron/core/offline/reference-store.js';
import {
  LOCAL_RULES,
  LocalDecider,
  type Direction,
  type LocalDecision,
} from '../../electron/core/offline/local-decider.js';
import type { AccessRules, ReferenceData } from '../../electron/core/providers/provider.js';

const AT = Date.parse('2026-06-01T18:00:00Z'); // 20:00 in Berlin: the concert's scan window is open
const H = 3_600_000;

const concert = {
  eventId: 'E1',
  name: 'Concert',
  scanStart: '2026-06-01T17:00:00',
  scanEnd: '2026-06-01T23:30:00',
  timeZone: 'Europe/Berlin',
  barcodeMasks: ['39??????????'],
};
const withList = (rules: AccessRules = {}): ReferenceData => ({
  events: [concert],
  tickets: [
    { token: '390000000001', eventId: 'E1', ticketId: 'T1', status: 'VALID', seat: { row: '3', seat: '9' } },
    { token: '390000000002', eventId: 'E1', status: 'voided' },
    { token: '390000000003', eventId: 'E1', status: 'INVALID' },
    { token: '390000000004', eventId: 'OTHER', status: 'VALID' },
    { token: 'NO-EVENT-5', status: 'VALID' },
    { token: '390000000006', eventId: 'E1' },
    { token: '390000000007', eventId: 'E1' },
  ],
  rules,
});
const noList: ReferenceData = { events: [concert] };

let dir: string;
let db: Db;
let store: ReferenceStore;
let decider: LocalDecider;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'gatepost-local-'));
  db = openDatabase(join(dir, 'journal.sqlite3'));
  store = new ReferenceStore(db);
  decider = new LocalDecider(db, store);
  store.replace('list', withList(), AT - H);
  store.replace('masks', noList, AT - H);
});
afterEach(() => {
  db.close();
  rmSync(dir, { recursive: true, force: true });
});

const decide = (token: string, direction: Direction = 'entry', provider = 'list', at = AT) =>
  decider.decide({ provider, token, direction, at });
/** Decides and, like the kiosk, notes the decision in the per-ticket state. */
const pass = (token: string, direction: Direction = 'entry', provider = 'list', at = AT): LocalDecision => {
  const d = decide(token, direction, provider, at);
  decider.noteDecided({ provider, token, direction, at, eventId: d.eventId, outcome: d.outcome });
  return d;
};

describe('LocalDecider: policies', () => {
  it('stop-all sends everyone to staff, even a good ticket', () => {
    decider.policy = 'stop-all';
    expect(decide('390000000001')).toEqual({
      outcome: 'see-staff',
      reasonCode: 'OFFLINE_STOP_ALL',
      reasonText: LOCAL_RULES['policy:stop-all'][2],
      rule: 'policy:stop-all',
    });
  });

  it('sends everyone to staff when the provider never synced', () => {
    expect(decide('390000000001', 'entry', 'never-synced')).toMatchObject({
      outcome: 'see-staff',
      rule: 'reference:missing',
    });
  });

  it('admit-if-locally-valid: a listed ticket is admitted with its event, ticket id and seat', () => {
    expect(decide('390000000001')).toEqual({
      outcome: 'admit',
      reasonCode: 'OFFLINE_ADMIT',
      reasonText: 'Welcome.',
      rule: 'admit:known-ticket',
      eventId: 'E1',
      ticketId: 'T1',
      seat: { row: '3', seat: '9' },
    });
  });

  it('with a ticket list, an unlisted token is stopped even if it fits a mask', () => {
    for (const policy of ['admit-if-locally-valid', 'admit-known-tickets-only'] as const) {
      decider.policy = policy;
      expect(decide('399999999999')).toMatchObject({ outcome: 'stop', rule: 'ticket:unknown' });
    }
  });

  it('without a ticket list, admit-if-locally-valid admits on mask and open window', () => {
    expect(decide('391234567890', 'entry', 'masks')).toMatchObject({
      outcome: 'admit',
      rule: 'admit:mask-and-window',
      eventId: 'E1',
    });
    expect(decide('491234567890', 'entry', 'masks')).toMatchObject({
      outcome: 'stop',
      rule: 'mask:no-match',
    });
    expect(decide('39123456789', 'entry', 'masks')).toMatchObject({ outcome: 'stop', rule: 'mask:no-match' });
    expect(decide('391234567890', 'entry', 'masks', AT + 4 * H)).toMatchObject({ rule: 'window:closed' });
  });

  it('without a ticket list, admit-known-tickets-only admits nobody (see staff)', () => {
    decider.policy = 'admit-known-tickets-only';
    expect(decide('391234567890', 'entry', 'masks')).toMatchObject({
      outcome: 'see-staff',
      rule: 'ticket:no-list',
    });
    expect(decide('390000000001')).toMatchObject({ outcome: 'admit', rule: 'admit:known-ticket' });
  });
});

describe('LocalDecider: ticket, event and window rules', () => {
  it('stops voided and invalid tickets', () => {
    expect(decide('390000000002')).toMatchObject({ outcome: 'stop', rule: 'ticket:voided', eventId: 'E1' });
    expect(decide('390000000003')).toMatchObject({ outcome: 'stop', rule: 'ticket:invalid' });
  });

  it('stops a listed ticket for an event this checkpoint does not serve; admits one without an event', () => {
    expect(decide('390000000004')).toMatchObject({
      outcome: 'stop',
      rule: 'event:not-here',
      eventId: 'OTHER',
    });
    expect(decide('NO-EVENT-5')).toMatchObject({ outcome: 'admit', rule: 'admit:known-ticket' });
    expect(decide('NO-EVENT-5')).not.toHaveProperty('eventId');
  });

  it('stops entries outside the scan window, read in venue time', () => {
    // Window 17:00–23:30 Berlin = 15:00–21:30 UTC.
    expect(decide('390000000001', 'entry', 'list', Date.parse('2026-06-01T14:59:59Z'))).toMatchObject({
      outcome: 'stop',
      rule: 'window:not-yet-open',
      reasonText: 'Entry has not opened yet.',
    });
    expect(decide('390000000001', 'entry', 'list', Date.parse('2026-06-01T15:00:00Z')).outcome).toBe('admit');
    expect(decide('390000000001', 'entry', 'list', Date.parse('2026-06-01T21:30:00Z'))).toMatchObject({
      rule: 'window:closed',
    });
  });

  it('lets a patron out after the scan window has closed', () => {
    pass('390000000001', 'entry');
    expect(pass('390000000001', 'exit', 'list', AT + 5 * H)).toMatchObject({
      outcome: 'admit',
      reasonText: 'Goodbye.',
    });
  });

  it('picks, among several events whose masks match, the one whose window is open', () => {
    const matinee = {
      ...concert,
      eventId: 'E0',
      name: 'Matinee',
      scanStart: '2026-06-01T11:00:00',
      scanEnd: '2026-06-01T15:00:00',
    };
    store.replace('masks', { events: [matinee, concert] }, AT);
    expect(decide('391234567890', 'entry', 'masks')).toMatchObject({ outcome: 'admit', eventId: 'E1' });
    expect(decide('391234567890', 'entry', 'masks', Date.parse('2026-06-01T10:00:00Z'))).toMatchObject({
      outcome: 'admit',
      eventId: 'E0',
    });
    // 16:00 Berlin: neither open → the first listed, stopped by its window.
    expect(decide('391234567890', 'entry', 'masks', Date.parse('2026-06-01T14:00:00Z'))).toMatchObject({
      outcome: 'stop',
      rule: 'window:closed',
      eventId: 'E0',
    });
  });

  it('sees a new sync at once (a ticket voided since)', () => {
    expect(decide('390000000001').outcome).toBe('admit');
    const data = withList();
    data.tickets![0] = { ...data.tickets![0]!, status: 'voided' };
    store.replace('list', data, AT);
    expect(decide('390000000001').rule).toBe('ticket:voided');
  });
});

describe('LocalDecider: per-ticket state', () => {
  it('follows entry, exit and re-entry; a stop changes nothing', () => {
    expect(pass('390000000001', 'exit')).toMatchObject({ outcome: 'admit' }); // no state, no area rule
    expect(pass('390000000001', 'entry')).toMatchObject({ outcome: 'admit' });
    expect(pass('390000000001', 'entry')).toMatchObject({
      outcome: 'stop',
      rule: 'state:already-inside',
      reasonText: 'This ticket has already been used to enter.',
    });
    expect(pass('390000000001', 'exit')).toMatchObject({ outcome: 'admit' });
    expect(pass('390000000001', 'exit')).toMatchObject({ outcome: 'stop', rule: 'state:not-inside' });
    expect(pass('390000000001', 'entry')).toMatchObject({ outcome: 'admit' });
    const row = db.prepare("SELECT * FROM ticket_state WHERE token = '390000000001'").get();
    expect(row).toMatchObject({
      inside: 1,
      entries: 2,
      last_direction: 'entry',
      event_id: 'E1',
      last_at: AT,
    });
  });

  it('tracks unlisted tickets admitted on a mask', () => {
    expect(pass('391234567890', 'entry', 'masks').outcome).toBe('admit');
    expect(pass('391234567890', 'entry', 'masks').rule).toBe('state:already-inside');
  });

  it('counts online admits too, so the state is right when the network drops', () => {
    decider.noteDecided({
      provider: 'list',
      token: '390000000001',
      direction: 'entry',
      at: AT,
      outcome: 'admit',
    });
    expect(decide('390000000001').rule).toBe('state:already-inside');
  });

  it('keeps who is inside across a re-sync of the reference data', () => {
    pass('390000000001');
    store.replace('list', withList(), AT + 1);
    expect(decide('390000000001').rule).toBe('state:already-inside');
  });
});

describe('LocalDecider: special-area rules', () => {
  it('require entry-then-exit: an exit with no entry recorded is stopped', () => {
    store.replace('list', withList({ requireEntryExit: true }), AT);
    expect(pass('390000000001', 'exit')).toMatchObject({ outcome: 'stop', rule: 'area:require-exit' });
    expect(pass('390000000001', 'entry').outcome).toBe('admit');
    expect(pass('390000000001', 'exit').outcome).toBe('admit');
  });

  it('max entries per ticket counts re-entries', () => {
    store.replace('list', withList({ maxEntriesPerTicket: 2 }), AT);
    expect(pass('390000000001', 'entry').outcome).toBe('admit');
    expect(pass('390000000001', 'exit').outcome).toBe('admit');
    expect(pass('390000000001', 'entry').outcome).toBe('admit');
    expect(pass('390000000001', 'exit').outcome).toBe('admit');
    expect(pass('390000000001', 'entry')).toMatchObject({ outcome: 'stop', rule: 'area:max-entries' });
    expect(pass('390000000001', 'exit')).toMatchObject({ outcome: 'stop', rule: 'state:not-inside' });
  });

  it('max capacity counts the tickets inside; an exit frees a place', () => {
    store.replace('list', withList({ maxCapacity: 2 }), AT);
    expect(pass('390000000001').outcome).toBe('admit');
    expect(pass('390000000006').outcome).toBe('admit');
    expect(decider.occupancy('list')).toBe(2);
    expect(pass('390000000007')).toMatchObject({
      outcome: 'stop',
      rule: 'area:capacity',
      reasonText: 'This area is full. Please wait or see staff.',
    });
    expect(pass('390000000001', 'exit').outcome).toBe('admit');
    expect(decider.occupancy('list')).toBe(1);
    expect(pass('390000000007').outcome).toBe('admit');
    expect(decider.occupancy('list')).toBe(2);
    expect(decider.occupancy('masks')).toBe(0); // per provider
    const counted = db.prepare("SELECT count(*) FROM ticket_state WHERE provider = 'list' AND inside = 1");
    expect(counted.pluck().get()).toBe(2); // the trigger-kept count agrees with the rows
  });
});

describe('LocalDecider: every decision', () => {
  it('names a rule from the closed set, with the outcome, code and text that rule defines', () => {
    const seen = new Set<string>();
    for (const policy of ['admit-if-locally-valid', 'admit-known-tickets-only', 'stop-all'] as const) {
      decider.policy = policy;
      for (const provider of ['list', 'masks', 'none'])
        for (const token of ['390000000001', '390000000002', '390000000004', '391234567890', 'x'])
          for (const direction of ['entry', 'exit'] as const)
            for (const at of [AT - 6 * H, AT, AT + 6 * H]) {
              const d = pass(token, direction, provider, at);
              const [outcome, code] = LOCAL_RULES[d.rule];
              expect(d.outcome).toBe(outcome);
              expect(d.reasonCode).toBe(code);
              expect(d.reasonText.length).toBeGreaterThan(0);
              seen.add(d.rule);
            }
    }
    expect(seen.size).toBeGreaterThanOrEqual(10);
  });
});
