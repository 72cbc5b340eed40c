import { afterEach, describe, expect, it } from 'vitest';
import { SimRelay } from '../../../native/relay/sim-relay';
import { SimDigitalInput } from '../../../native/relay/digital-input';
import { GateController, type PassageResult } from '../../../electron/core/devices/gate-controller';

const FAST = { baseMs: 10, maxMs: 40 };
const closers: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const close of closers.splice(0)) await close();
});

async function until(check: () => boolean, ms = 2000): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 5));
  }
}

async function started(
  relay: SimRelay,
  extra: Partial<ConstructorParameters<typeof GateController>[1]> = {},
) {
  const gate = new GateController(relay, {
    kind: 'sim',
    entryChannel: 1,
    exitChannel: 2,
    pulseMs: 60,
    backoff: FAST,
    exitFailSafe: false,
    ...extra,
  });
  closers.push(() => gate.close());
  await gate.start();
  await until(() => gate.health().state === 'connected');
  return gate;
}

describe('GateController', () => {
  it('drives a relay left on by a crashed run off at start', async () => {
    const relay = new SimRelay(2);
    await relay.open();
    await relay.set(1, true);
    await relay.close();
    await started(relay);
    expect([...relay.on]).toEqual([]);
  });

  it('pulses the entry channel once per open for about pulseMs, the exit channel for exits', async () => {
    const relay = new SimRelay(2);
    const gate = await started(relay);
    relay.reset();
    const result = await gate.open('entry', 'scan-1');
    expect(result).toMatchObject({ kind: 'pulsed', channel: 1 });
    expect(relay.pulses).toHaveLength(1);
    expect(relay.pulses[0]!.offAt).toBeDefined();
    expect(await gate.open('exit', 'scan-2')).toMatchObject({ kind: 'pulsed', channel: 2 });
    expect(relay.pulses.map((p) => p.channel)).toEqual([1, 2]);
    expect(gate.health().lastReadAt).toBeTypeOf('number');
  });

  it('serialises two admits: two separate pulses, never overlapping', async () => {
    const relay = new SimRelay(2);
    const gate = await started(relay);
    relay.reset();
    await Promise.all([gate.open('entry', 'a'), gate.open('entry', 'b')]);
    expect(relay.pulses).toHaveLength(2);
    expect(relay.pulses[1]!.onAt).toBeGreaterThanOrEqual(relay.pulses[0]!.offAt!);
  });

  it('drives the relay off on close', async () => {
    const relay = new SimRelay(2);
    const gate = await started(relay, { pulseMs: 400 });
    const pulse = gate.holdOpen('test');
    await pulse;
    expect(relay.on.size).toBe(2);
    await gate.close();
    expect(relay.on.size).toBe(0);
    expect(gate.health().state).toBe('disabled');
  });

  it('reports GATE-NOT-OFF and refuses pulses when a channel will not switch off; recovers when it does', async () => {
    const relay = new SimRelay(2);
    const gate = await started(relay);
    relay.stuckOn.add(1);
    const result = await gate.open('entry', 'scan-x');
    expect(result).toEqual({ kind: 'failed', reason: 'GATE-NOT-OFF: relay channel 1 did not switch off' });
    expect(gate.health()).toMatchObject({ state: 'fault', code: 'GATE-NOT-OFF' });
    expect(await gate.open('entry', 'scan-y')).toMatchObject({ kind: 'failed' });
    relay.stuckOn.clear();
    await until(() => gate.health().state === 'connected');
    expect(gate.health().code).toBeUndefined();
  });

  it('will not start pulsing with a relay that cannot be confirmed off', async () => {
    const relay = new SimRelay(2);
    relay.stuckOn.add(2);
    await relay.open();
    await relay.set(2, true);
    await relay.close();
    const gate = new GateController(relay, {
      kind: 'sim',
      entryChannel: 1,
      exitChannel: 2,
      pulseMs: 50,
      backoff: FAST,
      exitFailSafe: false,
    });
    closers.push(() => gate.close());
    await gate.start();
    await until(() => gate.health().state === 'fault');
    expect(gate.health().code).toBe('GATE-NOT-OFF');
    expect(await gate.open('entry', 's')).toMatchObject({ kind: 'failed' });
  });

  it('reports a failed pulse when the relay is unplugged, and drives it off after the replug', async () => {
    const relay = new SimRelay(2);
    const gate = await started(relay);
    relay.unplug();
    await until(() => gate.health().state === 'disconnected');
    expect(gate.health().code).toBe('GATE-DISCONNECTED');
    expect(await gate.open('entry', 's')).toMatchObject({ kind: 'failed' });
    relay.replug();
    await until(() => gate.health().state === 'connected');
    expect(await gate.open('entry', 's2')).toMatchObject({ kind: 'pulsed' });
  });

  it('holds the gate open for free passage and says so; release drives it off', async () => {
    const relay = new SimRelay(2);
    const gate = await started(relay);
    expect(await gate.holdOpen('fire drill')).toEqual({ kind: 'held-open' });
    expect([...relay.on].sort()).toEqual([1, 2]);
    expect(gate.health()).toMatchObject({ code: 'GATE-HELD-OPEN', detail: 'held open: fire drill' });
    expect(await gate.open('entry', 's')).toEqual({ kind: 'held-open' });
    await gate.release();
    expect(relay.on.size).toBe(0);
    expect(gate.health().code).toBeUndefined();
  });

  it('follows an emergency input', async () => {
    const relay = new SimRelay(2);
    const alarm = new SimDigitalInput();
    const gate = await started(relay, { emergencyInput: alarm });
    alarm.set(true);
    await until(() => relay.on.size === 2);
    expect(gate.heldOpen).toBe(true);
    alarm.set(false);
    await until(() => relay.on.size === 0);
  });

  it('reports "admitted but did not pass" when the passage input stays quiet', async () => {
    const relay = new SimRelay(2);
    const passage = new SimDigitalInput();
    const gate = await started(relay, { passageInput: passage, passageTimeoutMs: 80 });
    const results: PassageResult[] = [];
    gate.onPassage((r) => results.push(r));
    await gate.open('entry', 'walked');
    passage.pulse();
    await gate.open('entry', 'stayed');
    await until(() => results.length === 2);
    expect(results).toEqual([
      { scanId: 'walked', direction: 'entry', passed: true },
      { scanId: 'stayed', direction: 'entry', passed: false },
    ]);
    expect(gate.health().lastError).toMatch(/admitted but did not pass/);
  });
});

describe('GateController and the wall clock', () => {
  it('times the pulse on the monotonic clock: a wall clock stepped back an hour mid-pulse changes nothing', async () => {
    const relay = new SimRelay(2);
    let wall = Date.UTC(2026, 10, 30, 12);
    const gate = new GateController(relay, {
      kind: 'sim',
      entryChannel: 1,
      exitChannel: 2,
      pulseMs: 120,
      now: () => wall,
      exitFailSafe: false,
    });
    await gate.start();
    // The step lands while the relay is on.
    relay.onChange((channel, on) => {
      if (channel === 1 && on) wall -= 3_600_000;
    });
    const pulsing = gate.open('entry', 'scan-1');
    const t0 = performance.now();
    const result = await pulsing;
    expect(performance.now() - t0).toBeLessThan(1000);
    expect(result).toMatchObject({ kind: 'pulsed', channel: 1 });
    expect(relay.on.has(1)).toBe(false);
    expect(relay.pulses).toHaveLength(1);
    await gate.close();
  });
});
