import { describe, expect, it } from 'vitest';
import pino from 'pino';
import { Kiosk } from '../../electron/core/kiosk.js';
import { KioskConfig } from '../../electron/core/config/kiosk-config.js';
import { openDatabase } from '../../electron/core/journal/database.js';
import { ScanJournal } from '../../electron/core/journal/scan-journal.js';
import type { GateAction } from '../../electron/core/gate/gate.js';
import type { Outcome } from '../../electron/common/contract.js';
import { ScriptedProvider, admit } from '../support/scripted-provider.js';
import { ProviderNotConfiguredError } from '../../electron/core/providers/provider.js';

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
    const out = await kiosk.submit(wedge('39000000000001'));
    expect(out.kind).toBe('decided');
    if (out.kind !== 'decided') return;
    expect(gate.acts).toEqual([{ outcome: 'admit', journaled: true }]);
    expect(emitted).toEqual([out.scan.scanId]);
    expect(journal.get(out.scan.scanId)).toMatchObject({
      token: '39000000000001',
      outcome: 'admit',
      mode: 'online',
    });
    expect(out.scan.tokenHint).toBe('…0001');
  });

  it('refuses malformed input locally with a reason, journals it, never calls the provider', async () => {
    const { kiosk, journal, provider } = await makeKiosk();
    const out = await kiosk.submit(wedge('AB\u0007CD'));
    expect(out).toMatchObject({
      kind: 'decided',
      scan: { outcome: 'stop', mode: 'local', reasonCode: 'CONTROL_CHARACTER' },
    });
    expect(provider.seen).toHaveLength(0);
    if (out.kind === 'decided') expect(journal.get(out.scan.scanId)?.reasonCode).toBe('CONTROL_CHARACTER');
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
    if (first.kind === 'decided') expect(rows[0]!.rereadOf).toBe(first.scan.scanId);
  });

  it('gives each scan its own nonce', async () => {
    const { kiosk } = await makeKiosk({ rereadWindowMs: 0 });
    const a = await kiosk.submit(wedge('T-2'));
    const b = await kiosk.submit(wedge('T-2'));
    if (a.kind === 'decided' && b.kind === 'decided') expect(a.scan.scanId).not.toBe(b.scan.scanId);
    else expect.fail('both scans should be decided');
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
    expect(first.kind).toBe('decided');
    if (first.kind !== 'decided') return;
    expect(again).toEqual({ kind: 'reread', of: first.scan.scanId });
    expect(gate.acts).toHaveLength(1);
    const row = journal.recent(1)[0]!;
    expect(row).toMatchObject({ rereadOf: first.scan.scanId, outcome: 'admit', rawStatus: 'DUPLICATE' });
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
    const ok = await kiosk.submit(wedge('PASS-1'));
    fail = true;
    const bad = await kiosk.submit(wedge('PASS-2'));
    if (ok.kind !== 'decided' || bad.kind !== 'decided') return expect.fail('both decided');
    await expect.poll(() => journal.get(bad.scan.scanId)?.afterAdmit).toBe('failed: HTTP 503');
    expect(journal.get(ok.scan.scanId)?.afterAdmit).toBe('ok');
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
