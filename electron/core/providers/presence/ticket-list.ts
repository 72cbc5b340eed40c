import { createReadStream } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { createInterface } from 'node:readline';
import { z } from 'zod';
import { MAX_TOKEN_CHARS, type SeatInfo } from '../../../common/contract.js';
import { normaliseToken } from '../../scan/normalise.js';
import type { ReferenceTicket } from '../provider.js';
import type { PresenceTicketListSettings } from './offline-settings.js';
import { parsePlace } from './scan-decision.js';

/** The file cannot be used as a ticket list; the message names the file's problems (line numbers). */
export class TicketListError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TicketListError';
  }
}

/** At most this many problems are listed in one error: enough to fix a file, not a wall of text. */
const MAX_PROBLEMS = 5;

/** Why a token cannot be on the list, by the normaliser's reason code. */
const TOKEN_PROBLEMS: Readonly<Record<string, string>> = {
  EMPTY: 'missing',
  TOO_LONG: `longer than ${MAX_TOKEN_CHARS} characters`,
  CONTROL_CHARACTER: 'has a control character',
};

/** One ticket as written in the file, before it is checked. */
export interface TicketRow {
  token?: unknown;
  eventId?: unknown;
  status?: unknown;
  place?: unknown;
  section?: unknown;
  row?: unknown;
  seat?: unknown;
}

/**
 * Collects tickets, refusing bad rows and duplicate tokens with their line (CSV) or index (JSON). A file
 * with any problem is refused whole: the kiosk keeps the reference data it had, rather than deciding from a
 * list with holes (a dropped row would stop a valid ticket; a half-read file could admit from a stale one).
 */
class TicketCollector {
  readonly tickets: ReferenceTicket[] = [];
  private readonly seen = new Map<string, string>();
  private readonly problems: string[] = [];
  private problemCount = 0;

  constructor(
    readonly file: string,
    private readonly maxTickets: number,
  ) {}

  add(row: TicketRow, where: string): void {
    // The kiosk compares a scan with the list after normalising it, so the list is normalised the same way.
    const token = typeof row.token === 'string' ? normaliseToken(row.token) : undefined;
    if (!token?.ok)
      return this.problem(
        `${where}: token ${token ? (TOKEN_PROBLEMS[token.reasonCode] ?? 'not a valid scan') : 'missing'}`,
      );
    const earlier = this.seen.get(token.token);
    if (earlier !== undefined) return this.problem(`${where}: the same token as ${earlier}`);
    const fields = ['eventId', 'status', 'place', 'section', 'row', 'seat'] as const;
    const bad = fields.find((f) => row[f] !== undefined && typeof row[f] !== 'string');
    if (bad) return this.problem(`${where}: ${bad} must be text`);
    if (this.tickets.length >= this.maxTickets)
      throw new TicketListError(`${this.file}: more than ${this.maxTickets} tickets (maxTickets)`);
    this.seen.set(token.token, where);
    this.tickets.push(toTicket(token.token, row as Record<(typeof fields)[number], string | undefined>));
  }

  problem(text: string): void {
    this.problemCount += 1;
    if (this.problems.length < MAX_PROBLEMS) this.problems.push(text);
  }

  finish(): ReferenceTicket[] {
    if (this.problemCount === 0) return this.tickets;
    const more = this.problemCount > MAX_PROBLEMS ? ` (and ${this.problemCount - MAX_PROBLEMS} more)` : '';
    throw new TicketListError(
      `${this.file}: ${this.problemCount} bad row(s), list not used: ${this.problems.join('; ')}${more}`,
    );
  }
}

function toTicket(
  token: string,
  row: Partial<Record<'eventId' | 'status' | 'place' | 'section' | 'row' | 'seat', string>>,
): ReferenceTicket {
  const ticket: ReferenceTicket = { token };
  const eventId = row.eventId?.trim();
  if (eventId) ticket.eventId = eventId;
  const status = row.status?.trim();
  if (status) ticket.status = status;
  const seat = seatOf(row);
  if (seat) ticket.seat = seat;
  return ticket;
}

/** `place` (`Section:Row:Seat`, as Presence answers it) or separate section / row / seat columns. */
function seatOf(row: Partial<Record<'place' | 'section' | 'row' | 'seat', string>>): SeatInfo | undefined {
  const place = parsePlace(row.place);
  if (place) return place;
  const seat: SeatInfo = {};
  for (const part of ['section', 'row', 'seat'] as const) {
    const value = row[part]?.trim();
    if (value) seat[part] = value;
  }
  return Object.keys(seat).length > 0 ? seat : undefined;
}

/**
 * Reads the tech's ticket list. The file is checked against `maxBytes` before it is read; a CSV file is
 * read line by line, a JSON file whole. `signal` aborts the read.
 */
export async function readTicketList(
  settings: PresenceTicketListSettings,
  signal: AbortSignal,
): Promise<ReferenceTicket[]> {
  const { file } = settings;
  let size: number;
  try {
    size = (await stat(file)).size;
  } catch (err) {
    throw new TicketListError(`${file}: cannot be read (${(err as NodeJS.ErrnoException).code ?? 'error'})`);
  }
  if (size > settings.maxBytes)
    throw new TicketListError(`${file}: ${size} bytes, more than maxBytes (${settings.maxBytes})`);
  const collector = new TicketCollector(file, settings.maxTickets);
  const format = settings.format === 'auto' ? await sniffFormat(file) : settings.format;
  if (format === 'json') addJson(await readFile(file, { encoding: 'utf8', signal }), collector);
  else await addCsv(file, collector, signal);
  return collector.finish();
}

async function sniffFormat(file: string): Promise<'csv' | 'json'> {
  const lower = file.toLowerCase();
  if (lower.endsWith('.json')) return 'json';
  if (lower.endsWith('.csv')) return 'csv';
  const head = (await readFile(file, { encoding: 'utf8' }))
    .slice(0, 64)
    .replace(/^\uFEFF/, '')
    .trimStart();
  return head.startsWith('[') || head.startsWith('{') ? 'json' : 'csv';
}

const JsonList = z.union([z.array(z.unknown()), z.object({ tickets: z.array(z.unknown()) })]);

function addJson(text: string, collector: TicketCollector): void {
  let json: unknown;
  try {
    json = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (err) {
    throw new TicketListError(`${collector.file}: not JSON (${(err as Error).message.slice(0, 80)})`);
  }
  const list = JsonList.safeParse(json);
  if (!list.success)
    throw new TicketListError(`${collector.file}: expected an array of tickets or {"tickets": [...]}`);
  const items = Array.isArray(list.data) ? list.data : list.data.tickets;
  items.forEach((item, i) => {
    if (typeof item !== 'object' || item === null || Array.isArray(item))
      return collector.problem(`ticket ${i}: not an object`);
    const o = item as Record<string, unknown>;
    collector.add({ ...o, token: o.token ?? o.barcode }, `ticket ${i}`);
  });
}

/** Header names accepted for each field (case-insensitive; spaces, `_` and `-` ignored). */
const CSV_COLUMNS: Readonly<Record<keyof TicketRow, readonly string[]>> = {
  token: ['token', 'barcode'],
  eventId: ['eventid', 'event'],
  status: ['status'],
  place: ['place'],
  section: ['section'],
  row: ['row'],
  seat: ['seat'],
};

async function addCsv(file: string, collector: TicketCollector, signal: AbortSignal): Promise<void> {
  const input = createReadStream(file, { encoding: 'utf8' });
  const lines = createInterface({ input, crlfDelay: Infinity });
  let columns: Partial<Record<keyof TicketRow, number>> | undefined;
  let lineNo = 0;
  try {
    for await (const raw of lines) {
      if (signal.aborted) throw new TicketListError(`${file}: reading aborted`);
      lineNo += 1;
      const line = lineNo === 1 ? raw.replace(/^\uFEFF/, '') : raw;
      if (line.trim() === '') continue;
      const cells = splitCsvLine(line);
      if (!cells) {
        collector.problem(`line ${lineNo}: unterminated quote`);
        continue;
      }
      if (!columns) {
        columns = headerColumns(cells);
        if (columns.token === undefined)
          throw new TicketListError(
            `${file}: line ${lineNo} must be a header with a token (or barcode) column`,
          );
        continue;
      }
      const row: TicketRow = {};
      for (const [field, index] of Object.entries(columns) as [keyof TicketRow, number][]) {
        const cell = cells[index];
        if (cell !== undefined && cell !== '') row[field] = cell;
      }
      collector.add(row, `line ${lineNo}`);
    }
  } finally {
    lines.close();
    input.destroy();
  }
  if (!columns) throw new TicketListError(`${file}: empty (a CSV list starts with a header line)`);
}

function headerColumns(cells: string[]): Partial<Record<keyof TicketRow, number>> {
  const columns: Partial<Record<keyof TicketRow, number>> = {};
  cells.forEach((cell, index) => {
    const name = cell
      .trim()
      .toLowerCase()
      .replace(/[\s_-]/g, '');
    for (const [field, names] of Object.entries(CSV_COLUMNS) as [keyof TicketRow, readonly string[]][])
      if (names.includes(name) && columns[field] === undefined) columns[field] = index;
  });
  return columns;
}

/**
 * One CSV line (RFC 4180: comma-separated, `"` quotes a field, `""` is a quote inside one). A field never
 * spans lines in a ticket list. Undefined when a quote is left open.
 */
export function splitCsvLine(line: string): string[] | undefined {
  const cells: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i]!;
    if (quoted) {
      if (c !== '"') cell += c;
      else if (line[i + 1] === '"') {
        cell += '"';
        i++;
      } else quoted = false;
    } else if (c === '"' && cell.trim() === '') {
      cell = '';
      quoted = true;
    } else if (c === ',') {
      cells.push(cell);
      cell = '';
    } else cell += c;
  }
  if (quoted) return undefined;
  cells.push(cell);
  return cells;
}
