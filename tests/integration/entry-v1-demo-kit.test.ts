import { afterEach, describe, expect, it } from 'vitest';
import { EntryV1Provider, EntryV1Settings } from '../../electron/core/providers/entry-v1/index.js';
import type { DemoKit } from '../../electron/sandbox/demo-kit.js';
import { entryV1DemoKit } from '../../electron/sandbox/entry-v1/demo-kit.js';
import { contextWith, scanOf } from './support/provider-harness.js';

type Started = Awaited<ReturnType<DemoKit['start']>>;

describe('Entry V1 demo kit', () => {
  let started: Started[] = [];
  afterEach(async () => {
    await Promise.all(started.map((s) => s.sandbox.close()));
    started = [];
  });

  async function start(opts?: Parameters<DemoKit['start']>[0]) {
    const kit = await entryV1DemoKit.start(opts);
    started.push(kit);
    return kit;
  }

  it('starts the sandbox with valid settings and demo tokens that behave as described', async () => {
    const { sandbox, settings, tokens, extraTokens } = await start();
    expect(entryV1DemoKit.kind).toBe('entry-v1');
    expect(sandbox.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(extraTokens).toEqual([]);
    const parsed = EntryV1Settings.parse(settings);
    expect(parsed).toMatchObject({ baseUrl: sandbox.url, venueCode: 'TS', dataAccountId: '390' });
    expect(parsed.apiKey).toMatch(/^[0-9a-f]{32}$/);

    const provider = new EntryV1Provider(parsed);
    await provider.configure(AbortSignal.timeout(5_000));
    expect(tokens.valid.length).toBeGreaterThanOrEqual(3);
    for (const token of tokens.valid) {
      const first = await provider.validate(scanOf(token), contextWith());
      expect(first.outcome, token).toBe('admit');
      expect(first.seat, token).toBeDefined();
      expect((await provider.validate(scanOf(token), contextWith())).outcome).toBe('stop');
    }
    expect(await provider.validate(scanOf(tokens.unknown), contextWith())).toMatchObject({
      outcome: 'stop',
      reasonCode: 'NOT_FOUND',
    });
    expect(tokens.others.length).toBeGreaterThanOrEqual(1);
    for (const other of tokens.others) {
      const decision = await provider.validate(scanOf(other.token), contextWith());
      expect(decision.outcome).toBe('stop');
      expect(other.expect).toContain(decision.reasonCode);
    }
  });

  it('adds generated tickets, each valid once, and a fresh API key per start', async () => {
    const a = await start({ extraTickets: 25 });
    const b = await start();
    expect(a.settings.apiKey).not.toBe(b.settings.apiKey);
    expect(a.extraTokens).toHaveLength(25);
    expect(new Set([...a.extraTokens, ...a.tokens.valid]).size).toBe(25 + a.tokens.valid.length);

    const provider = new EntryV1Provider(EntryV1Settings.parse(a.settings));
    await provider.configure(AbortSignal.timeout(5_000));
    for (const token of [a.extraTokens[0]!, a.extraTokens.at(-1)!]) {
      expect((await provider.validate(scanOf(token), contextWith())).outcome).toBe('admit');
      expect((await provider.validate(scanOf(token), contextWith())).outcome).toBe('stop');
    }
    // The other kit's key is refused by this sandbox.
    const stranger = new EntryV1Provider(EntryV1Settings.parse({ ...a.settings, apiKey: b.settings.apiKey }));
    await expect(stranger.configure(AbortSignal.timeout(5_000))).rejects.toThrow(/API key refused/);
  });

  it('honours a fixed port', async () => {
    const probe = await start();
    const port = Number(new URL(probe.sandbox.url).port);
    await probe.sandbox.close();
    started = [];
    const fixed = await start({ port });
    expect(fixed.sandbox.url).toBe(`http://127.0.0.1:${port}`);
  });
});
