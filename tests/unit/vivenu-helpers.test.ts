import { describe, expect, it } from 'vitest';
import { ProviderProtocolError } from '../../electron/core/providers/provider.js';
import { insideBarcodes } from '../../electron/core/providers/vivenu/checkin-state.js';
import { fillPath } from '../../electron/core/providers/http/answers.js';
import { joinUrl } from '../../electron/core/providers/vivenu/http-call.js';
import { groupByEvent } from '../../electron/core/providers/vivenu/offline-upload.js';
import { readAllPages } from '../../electron/core/providers/vivenu/paging.js';
import type { VivenuScan } from '../../electron/core/providers/vivenu/response-schemas.js';
import { generateTickets, startVivenuSandbox } from '../../electron/sandbox/vivenu/index.js';

const scan = (
  barcode: string,
  type: VivenuScan['type'],
  time?: string,
  scanResult: VivenuScan['scanResult'] = 'approved',
) => ({ ticketId: 't', eventId: 'e', barcode, ticketTypeId: 'tt', type, scanResult, time }) as VivenuScan;

describe('insideBarcodes', () => {
  it('the latest approved scan decides, by time', () => {
    const inside = insideBarcodes([
      scan('A', 'checkout', '2030-01-01T10:05:00Z'),
      scan('A', 'checkin', '2030-01-01T10:00:00Z'),
      scan('B', 'checkin', '2030-01-01T10:00:00Z'),
      scan('B', 'checkout', '2030-01-01T10:01:00Z', 'declined'),
      scan('C', 'checkin', '2030-01-01T10:00:00Z', 'declined'),
      scan('D', 'checkin'),
      scan('D', 'checkout'),
    ]);
    expect([...inside].sort()).toEqual(['B']);
  });
});

describe('groupByEvent', () => {
  const rec = (scanId: string, token: string, eventId?: string) => ({
    scanId,
    token,
    inputType: 'Barcode' as const,
    scannedAt: 0,
    outcome: 'see-staff' as const,
    direction: 'entry' as const,
    ...(eventId && { eventId }),
  });

  it('uses the record, then the ticket, then the only event; otherwise dead-letters', () => {
    const tickets = new Map([['K', { ticketId: 'tk', eventId: 'E2' }]]);
    const { groups, rejected } = groupByEvent(
      [rec('1', 'X', 'E1'), rec('2', 'K'), rec('3', 'Y'), rec('4', 'K', 'E1')],
      (b) => tickets.get(b),
      undefined,
    );
    expect(groups).toEqual([
      {
        eventId: 'E1',
        scanIds: ['1', '4'],
        scans: [
          { barcode: 'X', scanned_at: '1970-01-01T00:00:00.000Z', type: 'FAIL', direction: 'IN' },
          // The ticket belongs to E2, so its id is not sent for E1.
          { barcode: 'K', scanned_at: '1970-01-01T00:00:00.000Z', type: 'FAIL', direction: 'IN' },
        ],
      },
      {
        eventId: 'E2',
        scanIds: ['2'],
        scans: [
          {
            ticketId: 'tk',
            barcode: 'K',
            scanned_at: '1970-01-01T00:00:00.000Z',
            type: 'FAIL',
            direction: 'IN',
          },
        ],
      },
    ]);
    expect(rejected).toEqual([{ scanId: '3', reason: 'no event to upload the scan to' }]);
    expect(groupByEvent([rec('3', 'Y')], () => undefined, 'ONLY').groups[0]?.eventId).toBe('ONLY');
  });
});

describe('readAllPages', () => {
  it('stops at total, at an empty page, or refuses past maxPages', async () => {
    const data = [1, 2, 3, 4, 5];
    const calls: number[] = [];
    const pages =
      (size: number, total = data.length) =>
      async (skip: number) => {
        calls.push(skip);
        return { items: data.slice(skip, skip + size), total };
      };
    expect(await readAllPages(pages(2), 10, 'x')).toEqual(data);
    expect(calls).toEqual([0, 2, 4]);
    expect(await readAllPages(pages(2, 99), 10, 'x')).toEqual(data);
    await expect(readAllPages(pages(1), 3, 'x')).rejects.toBeInstanceOf(ProviderProtocolError);
  });
});

describe('URL building', () => {
  it('escapes path values and drops undefined query values', () => {
    expect(fillPath('/t/{barcode}/scan', { barcode: 'a/b c' })).toBe('/t/a%2Fb%20c/scan');
    expect(joinUrl('http://h/api/', '/x', { a: 1, b: undefined, c: 'd e' })).toBe('http://h/api/x?a=1&c=d+e');
  });
});

describe('vivenu sandbox at benchmark size', () => {
  it('generates and serves 20,000 tickets quickly', async () => {
    const start = performance.now();
    const tickets = generateTickets(20_000);
    expect(new Set(tickets.map((t) => t.barcode)).size).toBe(20_000);
    const sandbox = await startVivenuSandbox({ extraTickets: 20_000 });
    try {
      expect(sandbox.state.ticketCount).toBe(20_006);
      expect(sandbox.tickets.scan('VIB000019999')?.access).toBe('GRANTED');
      expect(sandbox.tickets.scan('VIB000019999')?.reason).toBe('ALREADY_CHECKED_IN');
    } finally {
      await sandbox.close();
    }
    expect(performance.now() - start).toBeLessThan(2_000);
  });
});
