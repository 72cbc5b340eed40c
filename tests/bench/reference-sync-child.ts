/**
 * One reference sync of many tickets in a process of its own, so its peak RSS is the sync's alone.
 *   node --import tsx tests/bench/reference-sync-child.ts <dir> <tickets> stream|array
 * `stream`: the list arrives as pages of JSON (as a paged provider download does), each parsed and handed
 * to ReferenceStore.sync as one chunk. `array`: the whole list parsed into one array first and written
 * with replace() in one transaction (how syncs worked before). `idle`: nothing, for the process's own
 * baseline. Prints one JSON line of figures.
 */
import { join } from 'node:path';
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import { openDatabase } from '../../electron/core/journal/database.js';
import { ReferenceStore } from '../../electron/core/offline/reference-store.js';
import type { ReferenceTicket } from '../../electron/core/providers/provider.js';

const [dir = '.', countText = '1000000', mode = 'stream'] = process.argv.slice(2);
const count = Number(countText);
const PAGE = 1000;

/**
 * One page of the provider's download as it comes over the wire: JSON text (built as text, as the
 * network delivers it; building objects and stringifying them would double the garbage measured).
 */
function pageText(from: number, size: number): string {
  let text = '{"rows":[';
  for (let i = from; i < from + size; i++) {
    // Scrambled order, as a provider's download rarely comes sorted by token.
    const token = 390_000_000_000 + ((i * 7_919) % count);
    const seat = i % 2 === 0 ? `,"seat":{"section":"${i % 30}","row":"${i % 40}","seat":"${i % 25}"}` : '';
    text += `${i === from ? '' : ','}{"barcode":"${token}","eventId":"E1","_id":"T${i}","status":"${i % 100 === 0 ? 'INVALID' : 'VALID'}"${seat}}`;
  }
  return `${text}],"total":${count}}`;
}

function parsePage(text: string): ReferenceTicket[] {
  const page = JSON.parse(text) as {
    rows: { barcode: string; eventId: string; _id: string; status: string; seat?: Record<string, string> }[];
  };
  return page.rows.map((r) => ({
    token: r.barcode,
    eventId: r.eventId,
    ticketId: r._id,
    status: r.status,
    ...(r.seat && { seat: r.seat }),
  }));
}

async function* pages(): AsyncIterable<ReferenceTicket[]> {
  for (let from = 0; from < count; from += PAGE) {
    yield parsePage(pageText(from, Math.min(PAGE, count - from)));
    // A real download waits on the network between pages.
    await new Promise((r) => setImmediate(r));
  }
}

const db = openDatabase(join(dir, 'journal.sqlite3'));
const store = new ReferenceStore(db);
const events = [{ eventId: 'E1', name: 'Concert', barcodeMasks: ['39??????????'] }];
const loop = monitorEventLoopDelay({ resolution: 1 });
loop.enable();
const t0 = performance.now();
if (mode === 'stream') await store.sync('bench', { events, ticketChunks: pages() }, Date.now());
else if (mode === 'array') {
  const tickets: ReferenceTicket[] = [];
  for (let from = 0; from < count; from += PAGE)
    tickets.push(...parsePage(pageText(from, Math.min(PAGE, count - from))));
  store.replace('bench', { events, tickets }, Date.now());
}
const seconds = (performance.now() - t0) / 1000;
loop.disable();
const stored = mode === 'idle' ? count : store.counts('bench').tickets;
db.close();
process.stdout.write(
  `${JSON.stringify({
    seconds,
    stored,
    peakRssMiB: process.resourceUsage().maxRSS / 1024,
    loopMaxMs: loop.max / 1e6,
    loopP99Ms: loop.percentile(99) / 1e6,
  })}\n`,
);
