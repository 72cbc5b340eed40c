/**
 * The 100,000-scan soak's kiosk: the real core (bootKiosk: journal, recorder, fallback, Entry V1 provider
 * over HTTP to a sandbox in another process), scans submitted as the devices submit them, memory sampled
 * after a full GC every `every` scans. Run bundled under plain node with --expose-gc (see soak.ts).
 *   node --expose-gc soak-child.mjs <settings.json> <dataDir> <count> <every>
 * Prints one JSON line: { samples: [{ scans, rssMiB, heapMiB }], seconds, outcomes }.
 */
import { readFileSync } from 'node:fs';
import { KioskConfig } from '../../electron/core/config/kiosk-config.js';
import { bootKiosk } from '../../electron/host/boot.js';

const [settingsFile = '', dataDir = '', countText = '100000', everyText = '10000'] = process.argv.slice(2);
const { settings, tokens } = JSON.parse(readFileSync(settingsFile, 'utf8')) as {
  settings: Record<string, unknown>;
  tokens: string[];
};
const count = Number(countText);
const every = Number(everyText);
const gc = (globalThis as { gc?: () => void }).gc;
if (!gc) throw new Error('run with --expose-gc');

const core = await bootKiosk({
  dataDir,
  config: KioskConfig.parse({
    provider: { kind: 'entry-v1', ...settings },
    rereadWindowMs: 0,
    heartbeatIntervalMs: 0,
    logLevel: 'info',
    offline: { syncIntervalMs: 86_400_000 },
  }),
});
const deadline = Date.now() + 20_000;
while (!core.kiosk.status().ready) {
  if (Date.now() > deadline) throw new Error('kiosk not ready');
  await new Promise((r) => setTimeout(r, 50));
}

const samples: { scans: number; rssMiB: number; heapMiB: number }[] = [];
const sample = (scans: number) => {
  gc();
  gc();
  const m = process.memoryUsage();
  samples.push({ scans, rssMiB: m.rss / 1048576, heapMiB: m.heapUsed / 1048576 });
};
const outcomes: Record<string, number> = {};
const t0 = performance.now();
sample(0);
let next = 0;
let done = 0;
const IN_FLIGHT = 8;
await new Promise<void>((resolve, reject) => {
  const pump = () => {
    while (next < count && next - done < IN_FLIGHT) {
      const token = tokens[next % tokens.length]!;
      next += 1;
      core.kiosk
        .submit({ token, inputType: 'Barcode', source: 'soak', receivedAt: Date.now() })
        .then((out) => {
          const key = out.kind === 'decided' ? `${out.scan.outcome}/${out.scan.mode}` : 'reread';
          outcomes[key] = (outcomes[key] ?? 0) + 1;
          done += 1;
          if (done % every === 0) sample(done);
          if (done === count) resolve();
          else pump();
        }, reject);
    }
  };
  pump();
});
const seconds = (performance.now() - t0) / 1000;
await core.close();
process.stdout.write(`${JSON.stringify({ samples, seconds, outcomes })}\n`);
