/**
 * Issue 7 item 2, black box: the built web shell (a child process) configured for Presence with the venue's
 * offline rules. The Presence sandbox goes down → scans are decided by those rules, journaled and queued →
 * the sandbox comes back → it has received every admitted scan exactly once, with the scan's original time
 * and this kiosk's device id. Needs `npm run build` (npm test builds first).
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import type { AdminStatus, KioskStatus, ScanDecided } from '../../electron/common/contract.js';
import {
  PRESENCE_DEMO_LIVE_EVENT_ID as LIVE,
  PRESENCE_DEMO_TOKENS as T,
  presenceDemoKit,
  type PresenceSandbox,
} from '../../electron/sandbox/presence/index.js';
import {
  FAST_OFFLINE_CONFIG,
  RpcClient,
  readQueueStates,
  startWebShellProcess,
  waitFor,
  type WebShellProcess,
} from './support/web-shell-process.js';

const H = 3_600_000;
const EXTRA = 20;
const DOWN = {
  status: 503,
  faultPaths: ['deviceInit', 'deviceInfo', 'enter', 'exit', 'validate', 'offlineUpload'],
};

interface JournalRow {
  scan_id: string;
  token: string;
  outcome: string;
  mode: string;
  reason_code: string;
  received_at: number;
}

function journal(dataDir: string): JournalRow[] {
  const db = new Database(join(dataDir, 'journal.sqlite3'), { readonly: true });
  try {
    return db
      .prepare('SELECT scan_id, token, outcome, mode, reason_code, received_at FROM scans ORDER BY rowid')
      .all() as JournalRow[];
  } finally {
    db.close();
  }
}

/** Submits one scan and resolves with its decision (scans go one at a time, so the next event is it). */
function decide(
  client: RpcClient,
  token: string,
  waiting: ((d: ScanDecided) => void)[],
): Promise<ScanDecided> {
  return new Promise<ScanDecided>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no decision for …${token.slice(-4)} in 5 s`)), 5_000);
    waiting.push((d) => {
      clearTimeout(timer);
      resolve(d);
    });
    client.send('scan.submit', { token, inputType: 'Barcode', source: 'presence-offline-test' });
  });
}

describe('Presence offline scans through the web shell (issue 7 item 2)', () => {
  const dirs: string[] = [];
  let kiosk: WebShellProcess | undefined;
  let client: RpcClient | undefined;
  let sandbox: PresenceSandbox | undefined;

  afterAll(async () => {
    await client?.close();
    await kiosk?.crash();
    await sandbox?.close();
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
  });

  it('decides by the configured rules while the API is down, then uploads every admit once with its time and device id', async () => {
    const kit = await presenceDemoKit.start({ extraTickets: EXTRA });
    sandbox = kit.sandbox as PresenceSandbox;
    const dataDir = mkdtempSync(join(tmpdir(), 'gatepost-presence-offline-'));
    dirs.push(dataDir);

    // The tech's ticket list: the live event's tickets, one of them voided.
    const listed = [...T.valid, ...kit.extraTokens];
    const listFile = join(dataDir, 'presence-tickets.csv');
    writeFileSync(
      listFile,
      [
        'token,eventId,status',
        ...listed.map((t) => `${t},${LIVE},VALID`),
        `${T.invalid},${LIVE},voided`,
      ].join('\n'),
    );
    const now = Date.now();
    writeFileSync(
      join(dataDir, 'config.json'),
      JSON.stringify({
        rereadWindowMs: 0,
        decisionBudgetMs: 1500,
        provider: {
          kind: 'presence',
          ...kit.settings,
          offline: {
            timeZone: 'UTC',
            events: [
              {
                eventId: LIVE,
                name: 'Gatepost Demo Night',
                scanStart: new Date(now - 6 * H).toISOString(),
                scanEnd: new Date(now + 18 * H).toISOString(),
              },
            ],
            ticketList: { file: listFile },
          },
        },
        offline: FAST_OFFLINE_CONFIG,
      }),
    );

    kiosk = await startWebShellProcess(dataDir);
    client = await RpcClient.connect(kiosk);
    const waiting: ((d: ScanDecided) => void)[] = [];
    client.onEvent(({ event, payload }) => {
      if (event === 'scan.decided') waiting.shift()?.(payload as ScanDecided);
    });
    const synced = await waitFor(
      'the offline rules synced',
      async () => {
        const admin = await client!.adminStatus<AdminStatus>();
        return admin.referenceSyncedAt === undefined ? undefined : admin;
      },
      15_000,
    );
    expect(synced).toMatchObject({ provider: 'presence', eventsCached: 1, ticketsCached: listed.length + 1 });
    // The configured rules load before Device Configure (they need no API); wait for the device too.
    const device = await waitFor(
      'the device configured with Presence',
      async () => sandbox!.devices.info(String(kit.settings.venueId), String(kit.settings.mac)),
      15_000,
    );
    expect(device).toBeDefined();

    // --- The API goes down: every scan is decided by the offline rules.
    sandbox.setFaults(DOWN);
    const admitted = [...listed];
    const refused = [T.invalid, T.unknown, T.valid[0]]; // voided, not on the list, already inside
    const shown: ScanDecided[] = [];
    for (const token of [...admitted, ...refused]) shown.push(await decide(client, token, waiting));
    expect(shown.map((d) => d.outcome)).toEqual([
      ...admitted.map(() => 'admit'),
      ...refused.map(() => 'stop'),
    ]);
    expect(shown.slice(-3).map((d) => d.reasonCode)).toEqual([
      'OFFLINE_TICKET_VOIDED',
      'OFFLINE_UNKNOWN_TICKET',
      'OFFLINE_ALREADY_ENTERED',
    ]);
    const status = await client.call<KioskStatus>('kiosk.status');
    expect(status.connectivity).toBe('offline');
    const rows = journal(dataDir);
    expect(rows.map((r) => [r.token, r.outcome, r.mode])).toEqual(
      [...admitted, ...refused].map((t, i) => [t, shown[i]!.outcome, 'offline']),
    );
    expect(readQueueStates(dataDir)).toEqual({ pending: rows.length });
    expect(sandbox.offlineScans()).toEqual([]);

    // --- The API is back: the probe finds it, the queue drains.
    sandbox.resetFaults();
    await waitFor(
      'the upload queue drained',
      () => {
        const states = readQueueStates(dataDir);
        return states.acked === rows.length ? states : undefined;
      },
      20_000,
    );
    expect(readQueueStates(dataDir)).toEqual({ acked: rows.length });

    // Every admitted scan exactly once, with its own scan id, original time and this device's id; the
    // refusals were acknowledged without being sent (Presence would count them as entries).
    const byToken = new Map(rows.filter((r) => r.outcome === 'admit').map((r) => [r.token, r]));
    const received = sandbox.offlineScans();
    expect(received).toHaveLength(admitted.length);
    expect(new Set(received.map((s) => s.scanId)).size).toBe(admitted.length);
    expect(
      received.map((s) => ({ token: s.token, scanId: s.scanId, scanTime: s.scanTime, deviceId: s.deviceId })),
    ).toEqual(
      admitted.map((token) => ({
        token,
        scanId: byToken.get(token)!.scan_id,
        scanTime: byToken.get(token)!.received_at,
        deviceId: device!.id,
      })),
    );
    expect(received.every((s) => s.scanType === 'enter' && s.eventId === LIVE)).toBe(true);
    for (const token of admitted) expect(sandbox.ticketState(token)?.external).toBe('entered');
    expect(sandbox.ticketState(T.invalid)?.external).toBe('none');
  });
});
