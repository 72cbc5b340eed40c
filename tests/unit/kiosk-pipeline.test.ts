import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import pino from 'pino';
import { KioskConfig } from '../../electron/core/config/kiosk-config.js';
import { ScanJournal } from '../../electron/core/journal/scan-journal.js';
import type { GateDriver, GateResult } from '../../electron/core/devices/gate-driver.js';
import type { DeviceHealth } from '../../electron/core/devices/device-health.js';
import { bootKiosk, type BootedKiosk } from '../../electron/host/boot.js';
import { ScriptedProvider, admit, never } from '../support/scripted-provider.js';
import { ProviderNotConfiguredError, type ProviderDecision } from '../../electron/core/providers/provider.js';
import type { ScanOutcome } from '../../electron/core/kiosk.js';
import type { ScanDecided } from '../../electron/common/contract.js';

/** A gate that records what it was asked to do and what the journal held at that moment. */
class RecordingGate implements GateDriver {
  readonly opened: { direction: string; journaled: boolean }[] = [];
  journal: ScanJournal | undefined;
  async start() {}
  async open(direction: 'entry' | 'exit', scanId: string): Promise<GateResult> {
    this.opened.push({ direction, journaled: this.journal?.get(scanId) !== undefined });
    return { kind: 'pulsed', channel: 1, ms: 300 };
  }
  health(): DeviceHealth {
    return { id: 'gate', role: 'gate', kind: 'test', state: 'connected', errors: 0 };
  }
  onHealth() {
    return () => {};
  }
  async close() {}
}

const booted: BootedKiosk[] = [];
const dirs: string[] = [];
afterEach(async () => {
  for (const b of booted.splice(0)) await b.close();
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

async function makeKiosk(
  overrides: Record<string, unknown> = {},
  provider = new ScriptedProvider(async () => admit()),
) {
  const dataDir = mkdtempSync(join(tmpdir(), 'gatepost-pipeline-'));
  dirs.push(dataDir);
  const gate = new RecordingGate();
  const config = KioskConfig.parse({ provider: { kind: 'entry-v1' }, rereadWindowMs: 1000, ...overrides });
  const boot = await bootKiosk({
    dataDir,
    config,
    provider,
    gate,
    logger: pino({ level: 'silent' }),
    preallocate: false,
  });
  booted.push(boot);
  const journal = new ScanJournal(boot.db);
  gate.journal = journal;
  await expect.poll(() => boot.kiosk.status().ready).toBe(true);
  return { kiosk: boot.kiosk, journal, gate, provider, boot };
}

const wedge = (token: string, receivedAt = Date.now(), source = 'wedge') => ({
  token,
  inputType: 'Barcode' as const,
  source,
  receivedAt,
});

/** The decided scan of an outcome; fails the test if the read was a re-read instead. */
function decided(out: ScanOutcome): ScanDecided {
  expect(out.kind).toBe('decided');
  return (out as Extract<ScanOutcome, { kind: 'decided' }>).scan;
}

const stop = (): ProviderDecision => ({
  outcome: 'stop',
  rawStatus: 'Stop',
  reasonCode: 'ALREADY_ENTERED',
  reasonText: 'Already entered',
});

describe('Kiosk pipeline', () => {
  it('journals the decision before the gate acts, then emits it', async () => {
    const { kiosk, journal, gate } = await makeKiosk();
    const emitted: string[] = [];
    kiosk.on('scan.decided', (s) => emitted.push(s.scanId));
    const scan = decided(await kiosk.submit(wedge('39000000000001')));
    await expect.poll(() => gate.opened).toEqual([{ direction: 'entry', journaled: true }]);
    await expect.poll(() => journal.get(scan.scanId)?.gateResult).toBe('pulsed ch1 300ms');
    expect(emitted).toEqual([scan.scanId]);
    expect(journal.get(scan.scanId)).toMatchObject({
      token: '39000000000001',
      outcome: 'admit',
      mode: 'online',
    });
    expect(scan.tokenHint).toBe('…0001');
  });

  it('never opens the gate for a STOP', async () => {
    const { kiosk, journal, gate } = await makeKiosk({}, new ScriptedProvider(async () => stop()));
    const scan = decided(await kiosk.submit(wedge('T-STOP')));
    expect(scan.outcome).toBe('stop');
    expect(gate.opened).toEqual([]);
    expect(journal.get(scan.scanId)?.gateResult).toBeNull();
  });

  it('refuses malformed input locally with a reason, journals it, never calls the provider', async () => {
    const { kiosk, journal, provider } = await makeKiosk();
    const scan = decided(await kiosk.submit(wedge('AB\u0007CD')));
    expect(scan).toMatchObject({ outcome: 'stop', mode: 'local', reasonCode: 'CONTROL_CHARACTER' });
    expect(provider.seen).toHaveLength(0);
    expect(journal.get(scan.scanId)?.reasonCode).toBe('CONTROL_CHARACTER');
  });

  it('journals a refused lone surrogate as well-formed text and shows staff no control character', async () => {
    const { kiosk, journal, provider } = await makeKiosk();
    const scan = decided(await kiosk.submit(wedge('TICKET\u0000\ud800')));
    expect(scan).toMatchObject({ outcome: 'stop', reasonCode: 'INVALID_TEXT', tokenHint: '…ET\ufffd\ufffd' });
    expect(journal.get(scan.scanId)?.token).toBe('TICKET\u0000\ufffd');
    expect(provider.seen).toHaveLength(0);
  });

  it('journals a re-read against the first scan without asking the provider or the gate again', async () => {
    const { kiosk, journal, provider, gate } = await makeKiosk();
    const first = decided(await kiosk.submit(wedge('T-1', Date.now())));
    const again = await kiosk.submit(wedge('T-1', Date.now() + 500));
    expect(again).toEqual({ kind: 'reread', of: first.scanId });
    expect(provider.seen).toHaveLength(1);
    await expect.poll(() => gate.opened).toHaveLength(1);
    const rows = journal.recent(10);
    expect(rows).toHaveLength(2);
    expect(rows.filter((r) => r.rereadOf === first.scanId)).toHaveLength(1);
  });

  it('decides one scan when two sources read the same ticket at once; the second waits for the first', async () => {
    let release: () => void = () => {};
    const provider = new ScriptedProvider(() => new Promise((r) => (release = () => r(admit()))));
    const { kiosk, journal, gate } = await makeKiosk({ crossSourceWindowMs: 500 }, provider);
    const at = Date.now();
    const viaWedge = kiosk.submit(wedge('T-TWICE', at, 'wedge'));
    const viaSerial = kiosk.submit(wedge('T-TWICE', at + 40, 'front'));
    await expect.poll(() => provider.seen.length).toBe(1);
    release();
    const first = decided(await viaWedge);
    expect(await viaSerial).toEqual({ kind: 'reread', of: first.scanId });
    expect(provider.seen).toHaveLength(1);
    await expect.poll(() => gate.opened).toHaveLength(1);
    expect(journal.recent(10).map((r) => r.rereadOf ?? null)).toEqual([first.scanId, null]);
  });

  it('gives each scan its own nonce', async () => {
    const { kiosk } = await makeKiosk({ rereadWindowMs: 0 });
    const a = decided(await kiosk.submit(wedge('T-2')));
    const b = decided(await kiosk.submit(wedge('T-2')));
    expect(a.scanId).not.toBe(b.scanId);
  });

  it('runs the budget from the moment the device read the scan, not from when the pipeline got it', async () => {
    const { kiosk, provider, journal } = await makeKiosk({ decisionBudgetMs: 1000 });
    // A read that waited 1.5 s in a device buffer: its budget is already spent.
    const scan = decided(await kiosk.submit(wedge('T-OLD', Date.now() - 1500)));
    expect(provider.seen).toHaveLength(0);
    expect(scan.mode).toBe('timeout');
    expect(journal.get(scan.scanId)?.rawStatus).toBe('budget spent before the call');
  });
});

describe('Kiosk pipeline under load', () => {
  it('refuses scans beyond the in-flight limit with a journaled reason and never turns them into admits', async () => {
    const provider = new ScriptedProvider(never);
    const { kiosk, journal, boot } = await makeKiosk(
      {
        maxScansInFlight: 4,
        decisionBudgetMs: 400,
        offline: { policy: 'admit-if-locally-valid', lateAnswerWindowMs: 0 },
      },
      provider,
    );
    const outs = await Promise.all(Array.from({ length: 40 }, (_, i) => kiosk.submit(wedge(`FLOOD-${i}`))));
    const scans = outs.map(decided);
    expect(provider.seen).toHaveLength(4);
    expect(scans.filter((s) => s.reasonCode === 'OVERLOADED')).toHaveLength(36);
    expect(scans.filter((s) => s.outcome === 'admit')).toEqual([]);
    expect(boot.kiosk.adminStatus().shedScans).toBe(36);
    const rows = journal.recent(100);
    expect(rows).toHaveLength(40);
    expect(rows.filter((r) => r.reasonCode === 'OVERLOADED').every((r) => r.outcome === 'stop')).toBe(true);
  });
});

describe('Kiosk pipeline faults', () => {
  it('answers "see staff" and keeps running when the journal cannot be written', async () => {
    const { kiosk, boot } = await makeKiosk();
    boot.db.exec(
      "CREATE TRIGGER disk_full BEFORE INSERT ON scans BEGIN SELECT RAISE(ABORT, 'database or disk is full'); END",
    );
    const shown: string[] = [];
    kiosk.on('scan.decided', (s) => shown.push(s.reasonCode));
    const scan = decided(await kiosk.submit(wedge('T-9')));
    expect(scan).toMatchObject({ outcome: 'see-staff', reasonCode: 'KIOSK_FAULT' });
    expect(shown).toEqual(['KIOSK_FAULT']);
    boot.db.exec('DROP TRIGGER disk_full');
    expect(decided(await kiosk.submit(wedge('T-10'))).outcome).toBe('admit');
  });

  it('the journal refuses an outcome outside the closed set', async () => {
    const { boot } = await makeKiosk();
    expect(() =>
      boot.db
        .prepare(
          `INSERT INTO scans (scan_id, token, input_type, source, outcome, mode, reason_code, reason_text,
            provider, received_at, decided_at, journaled_at)
           VALUES ('x', 't', 'Barcode', 'wedge', 'maybe', 'online', 'R', 'r', 'p', 0, 0, 0)`,
        )
        .run(),
    ).toThrow(/CHECK constraint failed/);
  });
});

describe('Kiosk and provider capabilities', () => {
  it('repeats the earlier answer when the server reports a re-read (Presence DUPLICATE)', async () => {
    const { kiosk, provider, journal, gate } = await makeKiosk({ rereadWindowMs: 0 });
    const first = decided(await kiosk.submit(wedge('T-DUP')));
    provider.script = async () => ({
      outcome: 'stop',
      rawStatus: 'DUPLICATE',
      reasonCode: 'DUPLICATE',
      reasonText: 'Duplicate',
      serverReread: true,
    });
    const again = await kiosk.submit(wedge('T-DUP'));
    expect(again).toEqual({ kind: 'reread', of: first.scanId });
    await expect.poll(() => gate.opened).toHaveLength(1);
    const row = journal.recent(1)[0]!;
    expect(row).toMatchObject({ rereadOf: first.scanId, outcome: 'admit', rawStatus: 'DUPLICATE' });
  });

  it('keeps a server re-read as STOP when there is no earlier scan of that ticket here', async () => {
    const { kiosk, provider } = await makeKiosk();
    provider.script = async () => ({
      outcome: 'stop',
      rawStatus: 'DUPLICATE',
      reasonCode: 'DUPLICATE',
      reasonText: 'Duplicate',
      serverReread: true,
    });
    expect(decided(await kiosk.submit(wedge('T-NEW'))).outcome).toBe('stop');
  });

  it('runs the post-admission action after an admit and journals its result', async () => {
    const { kiosk, provider, journal } = await makeKiosk();
    const redeemed: string[] = [];
    let fail = false;
    Object.assign(provider, {
      afterAdmit: async (scan: { token: string }) => {
        if (fail) throw new Error('HTTP 503');
        redeemed.push(scan.token);
      },
    });
    const ok = decided(await kiosk.submit(wedge('PASS-1')));
    fail = true;
    const bad = decided(await kiosk.submit(wedge('PASS-2')));
    await expect.poll(() => journal.get(bad.scanId)?.afterAdmit).toBe('failed: HTTP 503');
    expect(journal.get(ok.scanId)?.afterAdmit).toBe('ok');
    expect(redeemed).toEqual(['PASS-1']);
  });
});

describe('Kiosk start-up', () => {
  it('shows out of service while the provider says the device is not configured, then recovers', async () => {
    const provider = new ScriptedProvider(async () => admit());
    let attempts = 0;
    let allow: () => void = () => {};
    const allowed = new Promise<void>((r) => (allow = r));
    provider.configure = async () => {
      attempts += 1;
      if (attempts === 1) throw new ProviderNotConfiguredError('device not configured for this venue');
      await allowed;
    };
    const dataDir = mkdtempSync(join(tmpdir(), 'gatepost-pipeline-'));
    dirs.push(dataDir);
    const boot = await bootKiosk({
      dataDir,
      config: KioskConfig.parse({ provider: { kind: 'entry-v1' } }),
      provider,
      logger: pino({ level: 'silent' }),
      preallocate: false,
    });
    booted.push(boot);
    const statuses: { ready: boolean; outOfService?: string }[] = [];
    boot.kiosk.on('kiosk.status', (s) =>
      statuses.push({ ready: s.ready, ...(s.outOfService && { outOfService: s.outOfService }) }),
    );
    const early = decided(await boot.kiosk.submit(wedge('T-EARLY')));
    expect(early).toMatchObject({ outcome: 'see-staff', reasonCode: 'NOT_READY' });
    await expect
      .poll(() => statuses.at(-1))
      .toEqual({
        ready: false,
        outOfService: 'device not configured for this venue',
      });
    allow();
    await expect.poll(() => statuses.at(-1)).toEqual({ ready: true });
  });
});

describe('Kiosk start-up without the API', () => {
  it('says out of service with PROVIDER-UNREACHABLE (not an endless "connecting") when it cannot start', async () => {
    const provider = new ScriptedProvider(async () => admit());
    provider.configure = async () => {
      throw new Error('connect ECONNREFUSED 127.0.0.1:9');
    };
    const dataDir = mkdtempSync(join(tmpdir(), 'gatepost-pipeline-'));
    dirs.push(dataDir);
    const boot = await bootKiosk({
      dataDir,
      config: KioskConfig.parse({ provider: { kind: 'entry-v1' } }),
      provider,
      logger: pino({ level: 'silent' }),
      preallocate: false,
    });
    booted.push(boot);
    await expect
      .poll(() => boot.kiosk.status())
      .toMatchObject({
        ready: false,
        code: 'PROVIDER-UNREACHABLE',
        outOfService: 'connect ECONNREFUSED 127.0.0.1:9',
      });
  });
});
