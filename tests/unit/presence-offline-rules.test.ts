import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { compileMask } from '../../electron/core/offline/barcode-mask.js';
import {
  formatMask,
  PresenceBarcodeFormat,
  PresenceOfflineSettings,
} from '../../electron/core/providers/presence/offline-settings.js';
import {
  readTicketList,
  splitCsvLine,
  TicketListError,
} from '../../electron/core/providers/presence/ticket-list.js';

const dir = mkdtempSync(join(tmpdir(), 'gatepost-presence-list-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

let fileCount = 0;
function listFile(name: string, content: string): string {
  fileCount += 1;
  const path = join(dir, `${fileCount}-${name}`);
  writeFileSync(path, content);
  return path;
}

const read = (file: string, extra: Record<string, unknown> = {}) =>
  readTicketList(
    { file, format: 'auto', maxBytes: 1024 * 1024, maxTickets: 1000, ...extra },
    AbortSignal.timeout(5_000),
  );

async function refusal(promise: Promise<unknown>): Promise<string> {
  const err = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(TicketListError);
  return (err as Error).message;
}

describe('Presence barcode format → mask', () => {
  const matches = (format: unknown, token: string) => {
    const compiled = compileMask(formatMask(PresenceBarcodeFormat.parse(format)));
    expect('test' in compiled).toBe(true);
    return (compiled as { test(t: string): boolean }).test(token);
  };

  it('an exact length of digits', () => {
    expect(matches({ length: 12 }, '721744537951')).toBe(true);
    expect(matches({ length: 12 }, '72174453795')).toBe(false);
    expect(matches({ length: 12 }, '7217445379512')).toBe(false);
    expect(matches({ length: 12 }, '72174453795X')).toBe(false);
  });

  it('a length range, other character sets', () => {
    expect(matches({ minLength: 8, maxLength: 10, characters: 'hex' }, 'DEADbeef')).toBe(true);
    expect(matches({ minLength: 8, maxLength: 10, characters: 'hex' }, 'DEADbeeg')).toBe(false);
    expect(matches({ maxLength: 4, characters: 'alphanumeric' }, 'AB1')).toBe(true);
    expect(matches({ maxLength: 4, characters: 'alphanumeric' }, 'AB-1')).toBe(false);
    expect(matches({ length: 3, characters: 'any' }, 'A-/')).toBe(true);
  });

  it('prefixes count toward the length, and are literal text', () => {
    const f = { length: 12, prefixes: ['7217', '73'] };
    expect(matches(f, '721744537951')).toBe(true);
    expect(matches(f, '730000000001')).toBe(true);
    expect(matches(f, '740000000001')).toBe(false);
    expect(matches(f, '7217445379')).toBe(false);
    expect(matches({ length: 4, characters: 'any', prefixes: ['A.'] }, 'A.BC')).toBe(true);
    expect(matches({ length: 4, characters: 'any', prefixes: ['A.'] }, 'AXBC')).toBe(false);
  });

  it('refuses a format that says nothing or contradicts itself', () => {
    expect(PresenceBarcodeFormat.safeParse({}).success).toBe(false);
    expect(PresenceBarcodeFormat.safeParse({ length: 12, maxLength: 14 }).success).toBe(false);
    expect(PresenceBarcodeFormat.safeParse({ minLength: 14, maxLength: 12 }).success).toBe(false);
    expect(PresenceBarcodeFormat.safeParse({ length: 0 }).success).toBe(false);
  });
});

describe('Presence offline settings', () => {
  const event = { eventId: 'E1', scanStart: '2025-10-02T12:00:00', scanEnd: '2025-10-03T02:00:00' };
  const messages = (input: unknown) => {
    const parsed = PresenceOfflineSettings.safeParse(input);
    expect(parsed.success).toBe(false);
    return parsed.success ? [] : parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
  };

  it('accepts events with masks, a format, a zone and a list', () => {
    const parsed = PresenceOfflineSettings.parse({
      timeZone: 'America/New_York',
      events: [{ ...event, barcodeMasks: ['7217????????', 're:73\\d{10}'] }],
      barcodeFormat: { length: 12 },
      ticketList: { file: '/var/lib/gatepost/tickets.csv' },
    });
    expect(parsed.ticketList).toEqual({
      file: '/var/lib/gatepost/tickets.csv',
      format: 'auto',
      maxBytes: 256 * 1024 * 1024,
      maxTickets: 2_000_000,
    });
  });

  it('refuses what could never validate a barcode, saying where', () => {
    expect(messages({})).toEqual([': offline rules need events or a ticketList']);
    expect(messages({ events: [event] })).toEqual([
      expect.stringMatching(/^events\.0\.barcodeMasks: this event has no barcodeMasks/),
    ]);
    expect(messages({ events: [{ ...event, barcodeMasks: ['re:(unclosed'] }] })).toEqual([
      expect.stringMatching(/^events\.0\.barcodeMasks\.0: invalid barcode mask: invalid regular expression/),
    ]);
    expect(messages({ events: [{ ...event, scanStart: 'tonight' }], barcodeFormat: { length: 12 } })).toEqual(
      [expect.stringMatching(/^events\.0\.scanStart: not an ISO date-time/)],
    );
    expect(messages({ timeZone: 'Mars/Olympus', events: [event], barcodeFormat: { length: 12 } })).toEqual([
      'timeZone: unknown IANA time zone',
    ]);
    expect(messages({ ticketList: { file: 'tickets.csv' } })).toEqual([
      'ticketList.file: must be an absolute path',
    ]);
  });
});

describe('CSV lines', () => {
  it('splits on commas, honours quotes and doubled quotes', () => {
    expect(splitCsvLine('a,b,,c')).toEqual(['a', 'b', '', 'c']);
    expect(splitCsvLine('"a,b","say ""hi""",c')).toEqual(['a,b', 'say "hi"', 'c']);
    expect(splitCsvLine('  "x"  ,y')).toEqual(['x  ', 'y']);
    expect(splitCsvLine('"open,b')).toBeUndefined();
  });
});

describe('ticket list files', () => {
  it('reads a CSV list: header aliases, BOM, CRLF, quotes, place or separate seat columns', async () => {
    const file = listFile(
      'list.csv',
      '\uFEFFBarcode,Event ID,Status,Place,Section,Row,Seat\r\n' +
        '721744537951,E1,VALID,PIT1:3:4,,,\r\n' +
        '\r\n' +
        '"721744537952",E1,voided,,"101","A","2"\r\n' +
        '721744537953,,,,,,\r\n',
    );
    expect(await read(file)).toEqual([
      {
        token: '721744537951',
        eventId: 'E1',
        status: 'VALID',
        seat: { section: 'PIT1', row: '3', seat: '4' },
      },
      {
        token: '721744537952',
        eventId: 'E1',
        status: 'voided',
        seat: { section: '101', row: 'A', seat: '2' },
      },
      { token: '721744537953' },
    ]);
  });

  it('reads a JSON list, as an array or {"tickets": [...]}, with token or barcode', async () => {
    const tickets = [
      { token: 'A1', eventId: 'E1', place: '101:A:1' },
      { barcode: 'A2', status: 'VALID' },
    ];
    const expected = [
      { token: 'A1', eventId: 'E1', seat: { section: '101', row: 'A', seat: '1' } },
      { token: 'A2', status: 'VALID' },
    ];
    expect(await read(listFile('list.json', JSON.stringify(tickets)))).toEqual(expected);
    expect(await read(listFile('list.txt', JSON.stringify({ tickets })))).toEqual(expected);
    expect(await read(listFile('list.txt', 'token\nA1\n'), { format: 'auto' })).toEqual([{ token: 'A1' }]);
  });

  it('refuses a file with bad rows whole, naming the lines (nothing half-read)', async () => {
    const file = listFile(
      'bad.csv',
      'token,eventId\n721744537951,E1\n,E1\n721744537951,E2\n"open,E1\nA\u0007B,E1\n' +
        `${'9'.repeat(600)},E1\n`,
    );
    const message = await refusal(read(file));
    expect(message).toContain('5 bad row(s), list not used');
    expect(message).toContain('line 3: token missing');
    expect(message).toContain('line 4: the same token as line 2');
    expect(message).toContain('line 5: unterminated quote');
    expect(message).toContain('line 6: token has a control character');
    expect(message).toContain('line 7: token longer than 512 characters');
  });

  it('refuses JSON rows of the wrong type, and lists at most five problems', async () => {
    const rows = [{ token: 7 }, { token: 'A', eventId: 3 }, 'x', ...Array.from({ length: 5 }, () => ({}))];
    const message = await refusal(read(listFile('bad.json', JSON.stringify(rows)), {}));
    expect(message).toContain('8 bad row(s)');
    expect(message).toContain('ticket 0: token missing');
    expect(message).toContain('ticket 1: eventId must be text');
    expect(message).toContain('ticket 2: not an object');
    expect(message).toContain('(and 3 more)');
  });

  it('refuses files it cannot use, with the reason', async () => {
    expect(await refusal(read(join(dir, 'missing.csv')))).toMatch(/missing\.csv: cannot be read \(ENOENT\)/);
    expect(await refusal(read(listFile('h.csv', 'eventId,status\nE1,VALID\n')))).toMatch(
      /line 1 must be a header with a token \(or barcode\) column/,
    );
    expect(await refusal(read(listFile('e.csv', '\n\n')))).toMatch(/empty \(a CSV list starts with a header/);
    expect(await refusal(read(listFile('n.json', '{"tickets": 5}')))).toMatch(/expected an array of tickets/);
    expect(await refusal(read(listFile('x.json', '[{"token": "A"')))).toMatch(/not JSON/);
    const big = listFile('big.csv', `token\n${'1234567890\n'.repeat(200)}`);
    expect(await refusal(read(big, { maxBytes: 1000 }))).toMatch(/more than maxBytes \(1000\)/);
    const many = listFile('many.csv', `token\n${Array.from({ length: 20 }, (_, i) => `T${i}`).join('\n')}`);
    expect(await refusal(read(many, { maxTickets: 10 }))).toMatch(/more than 10 tickets/);
  });
});
