import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  PcscReaderProcess,
  type ReaderLayerState,
  type ReadMessage,
} from '../../native/nfc/reader-process.js';
import type { ReaderSettings } from '../../native/nfc/worker-protocol.js';

// Supervision of the reader process without pcscd: a real unix socket stands in for pcscd's (the probe
// connects to it), and fake workers (tests/support/nfc-fake-workers) freeze or misbehave on purpose.
const fake = (name: string) => fileURLToPath(new URL(`../support/nfc-fake-workers/${name}`, import.meta.url));
const SETTINGS: ReaderSettings = {
  readers: 'all',
  uidAsToken: true,
  ndefAsToken: false,
  freshnessSeconds: 0,
  apduTimeoutMs: 1000,
  acr122Ecp: false,
  apple: [],
  google: [],
};

let dir: string;
let socketPath: string;
let server: Server;
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'gatepost-nfc-sock-'));
  socketPath = join(dir, 'pcscd.comm');
  server = createServer((c) => c.end());
  await new Promise<void>((r) => server.listen(socketPath, r));
});
afterAll(async () => {
  await new Promise((r) => server.close(r));
  rmSync(dir, { recursive: true, force: true });
});

async function until(check: () => boolean, ms: number, what: string): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe('PcscReaderProcess supervision', () => {
  it('kills a reader process whose loop froze, restarts it with back-off, and never stalls this loop', async () => {
    const states: ReaderLayerState[] = [];
    const p = new PcscReaderProcess({
      workerEntry: fake('stalls.mjs'),
      socketPath,
      heartbeatTimeoutMs: 600,
      backoffMinMs: 100,
      onRead: () => undefined,
      onState: (s) => states.push(s),
    });
    const loop = monitorEventLoopDelay({ resolution: 5 });
    loop.enable();
    p.configure(SETTINGS);
    p.start();
    try {
      await until(() => states.filter((s) => s.state === 'restarting').length >= 2, 10_000, 'two restarts');
    } finally {
      await p.stop();
      loop.disable();
    }
    const restarts = states.filter(
      (s): s is Extract<ReaderLayerState, { state: 'restarting' }> => s.state === 'restarting',
    );
    expect(restarts[0]!.message).toMatch(/stalled \(no heartbeat for 600 ms\) and was killed/);
    expect(states.filter((s) => s.state === 'running').length).toBeGreaterThanOrEqual(2);
    expect(states.at(-1)).toEqual({ state: 'stopped' });
    expect(loop.percentile(99) / 1e6).toBeLessThan(50);
  });

  it('refuses invalid messages from the reader process, reporting paths only, and keeps the good ones', async () => {
    const reads: ReadMessage[] = [];
    const diagnostics: string[] = [];
    const p = new PcscReaderProcess({
      workerEntry: fake('misbehaves.mjs'),
      socketPath,
      onRead: (r) => reads.push(r),
      onState: () => undefined,
      onDiagnostic: (d) => diagnostics.push(d),
    });
    p.configure(SETTINGS);
    p.start();
    try {
      await until(() => reads.length === 1, 10_000, 'the good read');
    } finally {
      await p.stop();
    }
    expect(reads[0]).toMatchObject({ reader: 'R', read: { ok: true, token: 'AABB' } });
    expect(diagnostics).toHaveLength(3);
    expect(diagnostics.join('\n')).toMatch(/invalid message \(type: invalid_union/);
    expect(diagnostics.join('\n')).toMatch(/ageMs: too_small/);
  });

  it('reports pcscd down (no socket) and does not start a reader process', async () => {
    const states: ReaderLayerState[] = [];
    const p = new PcscReaderProcess({
      workerEntry: fake('stalls.mjs'),
      socketPath: join(dir, 'absent.comm'),
      backoffMinMs: 50,
      onRead: () => undefined,
      onState: (s) => states.push(s),
    });
    p.start();
    try {
      await until(() => states.length >= 2, 5000, 'two probes');
    } finally {
      await p.stop();
    }
    expect(states.slice(0, 2).every((s) => s.state === 'pcscd-down')).toBe(true);
    expect(states.some((s) => s.state === 'running')).toBe(false);
  });
});
