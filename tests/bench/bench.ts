/**
 * `npm run bench`: runs every benchmark in one go and writes bench-results.json at the repo root
 * (entries merged by name; later issues add their own).
 */
import { fileURLToPath } from 'node:url';
import { DEMO_KINDS } from '../../electron/sandbox/demo-kits.js';
import { benchDecisionOverhead } from './decision-overhead.js';
import { benchPaintedLatency } from './painted-latency.js';
import { benchEntryV1OfflineUpload } from './offline-upload.js';
import { benchOfflineDecision } from './offline-decision.js';
import { benchUploadDrain } from './upload-drain.js';
import { benchDevices } from './devices.js';
import { benchSerialToDecision } from './serial-decision.js';
import { benchNfcRead } from './nfc-read.js';
import { benchNfcDecision } from './nfc-decision.js';
import { benchConsole } from './console.js';
import { benchWebShellStart } from './web-shell-restart.js';
import { benchReferenceSync } from './reference-sync.js';
import { benchSoak } from './soak.js';
import { writeReport, type BenchEntry } from './bench-report.js';

const REPORT = fileURLToPath(new URL('../../bench-results.json', import.meta.url));

const benches: (() => Promise<BenchEntry[]>)[] = [
  () => benchDecisionOverhead('entry-v1', 1000),
  ...DEMO_KINDS.filter((k) => k !== 'entry-v1').map((k) => () => benchDecisionOverhead(k, 1000)),
  benchPaintedLatency,
  benchEntryV1OfflineUpload,
  benchOfflineDecision,
  benchUploadDrain,
  benchDevices,
  () => benchSerialToDecision(500),
  benchNfcRead,
  benchNfcDecision,
  benchConsole,
  benchWebShellStart,
  benchReferenceSync,
  benchSoak,
];

const entries: BenchEntry[] = [];
for (const bench of benches) {
  const results = await bench();
  for (const r of results) {
    const verdict =
      r.goal === null ? '' : r.p99 <= r.goal ? '  (goal met)' : `  (GOAL ${r.goal} ${r.unit} MISSED)`;
    console.log(`${r.name}: n=${r.n} p50=${r.p50} ${r.unit} p99=${r.p99} ${r.unit}${verdict}`);
  }
  entries.push(...results);
}
writeReport(REPORT, entries);
console.log(`wrote ${REPORT}`);
