import { assert, describe, expect, it } from 'vitest';
import pino from 'pino';
import { Kiosk, type ScanOutcome } from '../../electron/core/kiosk.js';
import { KioskConfig } from '../../electron/core/config/kiosk-config.js';
import { openDatabase } from '../../electron/core/journal/database.js';
import { ScanJournal } from '../../electron/core/journal/scan-journal.js';
import type { GateAction } from '../../electron/core/gate/gate.js';
import type { Outcome } from '../../electron/common/contract.js';
import { ScriptedProvider, admit } from '../support/scripted-provider.js';
import { ProviderNotConfiguredError } from '../../electron/core/providers/provider.js';

/** The decision of a scan that must have been decided (not a re-read): fails the test otherwise. */
function decidedScan(out: ScanOutcome) {
  assert(out.kind === 'decided', `expected a decision, got ${out.kind}`);
  return out.scan;
}

/** A gate that records what it was asked to do and what the journal held at that moment. */
class RecordingGate implements GateAction {
  readonly acts: { outcome: Outcome; journaled: boolean }[] = [];
  constructor(private readonly journal: () => ScanJournal) {}
  async act(outcome: Outcome, scanId: string) {
    this.acts.push({ outcome, journaled: this.journal().get(scanId) !== undefined });
  }
  async close() {}
}

async function makeKiosk(overrides: Partial<KioskConfig> = {}) {
  const db = openDatabase(':memory:');
  const journal = new ScanJournal(db);
  const gate = new RecordingGate(() => journal);
  const provider = new ScriptedProvider(async () => admit());
  const config = KioskConfig.parse({ provider: { kind: 'entry-v1' }, rereadWindowMs: 1000, ...overrides });
  const kiosk = new Kiosk({
    config,
    provider,
    gate,
    journal,
    logger: pino({ level: 'silent' }),
    demo: false,
  });
  await kiosk.start();
  return { kiosk, journal, gate, provider };
}

const wedge = (token: string, receivedAt = Date.now()) => ({
  token,
  inputType: 'Barcode' as const,
  source: 'wedge',
  receivedAt,
});

describe('Kiosk pipeline', () => {
  it('journals the decision before the gate acts, then emits it', async () => {
    const { kiosk, journal, gate } = await makeKiosk();
    const emitted: string[] = [];
    kiosk.on('scan.decided', (s) => emitted.push(s.scanId));
    const scan = decidedScan(await kiosk.submit(wedge('39000000000001')));
    expect(gate.acts).toEqual([{ outcome: 'admit', journaled: true }]);
    expect(emitted).toEqual([scan.scanId]);
    expect(journal.get(scan.scanId)).toMatchObject({
      token: '39000000000001',
      outcome: 'admit',
      mode: 'online',
    });
    expect(scan.tokenHint).toBe('…0001');
  });

  it('refuses malformed input locally with a reason, journals it, never calls the provider', async () => {
    const { kiosk, journal, provider } = await makeKiosk();
    const out = await kiosk.submit(wedge('AB\u0007CD'));
    expect(out).toMatchObject({
      kind: 'decided',
      scan: { outcome: 'stop', mode: 'local', reasonCode: 'CONTROL_CHARACTER' },
    });
    expect(provider.seen).toHaveLength(0);
    expect(journal.get(decidedScan(out).scanId)?.reasonCode).toBe('CONTROL_CHARACTER');
  });

  it('journals a re-read against the first scan without asking the provider or the gate again', async () => {
    const { kiosk, journal, provider, gate } = await makeKiosk();
    const first = await kiosk.submit(wedge('T-1', 1000));
    const again = await kiosk.submit(wedge('T-1', 1500));
    expect(again.kind).toBe('reread');
    expect(provider.seen).toHaveLength(1);
    expect(gate.acts).toHaveLength(1);
    const rows = journal.recent(10);
    expect(rows).toHaveLength(2);
    expect(rows[0]!.rereadOf).toBe(decidedScan(first).scanId);
  });

  it('gives each scan its own nonce', async () => {
    const { kiosk } = await makeKiosk({ rereadWindowMs: 0 });
    const a = decidedScan(await kiosk.submit(wedge('T-2')));
    const b = decidedScan(await kiosk.submit(wedge('T-2')));
    expect(a.scanId).not.toBe(b.scanId);
  });
});

describe('Kiosk pipeline faults', () => {
  it('answers "see staff" and keeps running when the journal cannot be written', async () => {
    const { kiosk, journal } = await makeKiosk();
    (journal as unknown as { record: () => void }).record = () => {
      throw new Error('SQLITE_FULL: database or disk is full');
    };
    const shown: string[] = [];
    kiosk.on('scan.decided', (s) => shown.push(s.reasonCode));
    const out = await kiosk.submit(wedge('T-9'));
    expect(out).toMatchObject({ kind: 'decided', scan: { outcome: 'see-staff', reasonCode: 'KIOSK_FAULT' } });
    expect(shown).toEqual(['KIOSK_FAULT']);
  });
});

describe('Kiosk and provider capabilities', () => {
  it('repeats the earlier answer when the server reports a re-read (Presence DUPLICATE)', async () => {
    const { kiosk, provider, journal, gate } = await makeKiosk({ rereadWindowMs: 0 });
    const first = await kiosk.submit(wedge('T-DUP'));
    provider.script = async () => ({
      outcome: 'stop',
      rawStatus: 'DUPLICATE',
      reasonCode: 'DUPLICATE',
      reasonText: 'Duplicate',
      serverReread: true,
    });
    const again = await kiosk.submit(wedge('T-DUP'));
    const { scanId } = decidedScan(first);
    expect(again).toEqual({ kind: 'reread', of: scanId });
    expect(gate.acts).toHaveLength(1);
    const row = journal.recent(1)[0]!;
    expect(row).toMatchObject({ rereadOf: scanId, outcome: 'admit', rawStatus: 'DUPLICATE' });
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
    expect(await kiosk.submit(wedge('T-NEW'))).toMatchObject({ kind: 'decided', scan: { outcome: 'stop' } });
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
    const ok = decidedScan(await kiosk.submit(wedge('PASS-1')));
    fail = true;
    const bad = decidedScan(await kiosk.submit(wedge('PASS-2')));
    await expect.poll(() => journal.get(bad.scanId)?.afterAdmit).toBe('failed: HTTP 503');
    expect(journal.get(ok.scanId)?.afterAdmit).toBe('ok');
    expect(redeemed).toEqual(['PASS-1']);
  });
});

describe('Kiosk start-up', () => {
  it('shows out of service while the provider says the device is not configured, then recovers', async () => {
    const db = openDatabase(':memory:');
    const journal = new ScanJournal(db);
    const provider = new ScriptedProvider(async () => admit());
    let attempts = 0;
    provider.configure = async () => {
      attempts += 1;
      if (attempts === 1) throw new ProviderNotConfiguredError('device not configured for this venue');
    };
    const config = KioskConfig.parse({ provider: { kind: 'entry-v1' } });
    const kiosk = new Kiosk({
      config,
      provider,
      gate: new RecordingGate(() => journal),
      journal,
      logger: pino({ level: 'silent' }),
      demo: false,
    });
    const statuses: { ready: boolean; outOfService?: string }[] = [];
    kiosk.on('kiosk.status', (s) =>
      statuses.push({ ready: s.ready, ...(s.outOfService && { outOfService: s.outOfService }) }),
    );
    const started = kiosk.start();
    const early = await kiosk.submit(wedge('T-EARLY'));
    expect(early).toMatchObject({ kind: 'decided', scan: { outcome: 'see-staff', reasonCode: 'NOT_READY' } });
    await started;
    expect(statuses).toEqual([
      { ready: false, outOfService: 'device not configured for this venue' },
      { ready: true },
    ]);
    await kiosk.close();
  });
});
