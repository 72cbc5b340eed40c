import type { HttpTransport } from '../http/http-transport.js';
import { fillPath, isSuccessStatus, parseBody, type Scrub } from '../http/answers.js';
import { MAX_LIST_ANSWER_BYTES } from '../http/json-call.js';
import { call, httpStatusError } from './http-call.js';
import { PasscreatorScanListPage, type PasscreatorListedScan } from './response-schemas.js';
import type { PasscreatorSettings } from './settings.js';

export interface ScanListDeps {
  transport: HttpTransport;
  settings: PasscreatorSettings;
  scrub: Scrub;
}

export interface ScanListResult {
  scans: PasscreatorListedScan[];
  total: number;
  /** True when `maxPages` stopped the walk before the server's last page. */
  truncated: boolean;
}

/**
 * Reads the configuration's App Scans page by page (`start`, `pageSize` ≤ 100) until a page has no
 * `query.next`. The `next` URL only says that there is a next page and where it starts: it is never
 * requested as given, so the API key can only ever go to the configured base URL.
 */
export async function listScans(
  deps: ScanListDeps,
  opts: { createdSince?: string; maxPages: number; signal: AbortSignal },
): Promise<ScanListResult> {
  const { settings } = deps;
  const base =
    settings.baseUrl.replace(/\/+$/, '') +
    fillPath(settings.paths.appScanList, { appConfigurationId: settings.appConfigurationId });
  const scans: PasscreatorListedScan[] = [];
  let start = 0;
  let total = 0;
  for (let page = 0; page < opts.maxPages; page++) {
    const query = new URLSearchParams({ start: String(start), pageSize: String(settings.listPageSize) });
    if (opts.createdSince) query.set('createdSince', opts.createdSince);
    const label = 'Passcreator scan list';
    const answer = await call({
      transport: deps.transport,
      method: 'GET',
      url: `${base}?${query.toString()}`,
      apiKey: settings.apiKey,
      signal: opts.signal,
      maxBytes: MAX_LIST_ANSWER_BYTES,
      label,
    });
    if (!isSuccessStatus(answer.status)) throw httpStatusError(answer, label, deps.scrub);
    const body = parseBody(answer, PasscreatorScanListPage, label);
    scans.push(...body.results);
    total = body.total;
    if (!body.query.next || body.results.length === 0) return { scans, total, truncated: false };
    start = nextStart(body.query.next, start + body.results.length);
  }
  return { scans, total, truncated: true };
}

/** The `start` of the next page, from the `next` URL when it has a sensible one. */
function nextStart(next: string, fallback: number): number {
  try {
    const value = Number(new URL(next, 'http://next.invalid').searchParams.get('start'));
    // Must move forward, or a server repeating a page would loop until maxPages.
    return Number.isInteger(value) && value >= fallback ? value : fallback;
  } catch {
    return fallback;
  }
}
