/**
 * The full fuzz run (≥ 100,000 inputs): `node --expose-gc --import tsx tests/fuzz/run-fuzz.ts [n] [seed]`.
 * Exits non-zero on any crash or if the heap grew by more than 16 MiB. The bench calls `runFuzz` directly.
 */
import { runFuzz } from './fuzz-parsers.js';

const iterations = Number(process.argv[2] ?? 100_000);
const seed = Number(process.argv[3] ?? 0x9e3779b9);
const result = runFuzz(iterations, seed);
console.log(
  `fuzz: ${result.inputs} inputs, ${(result.bytes / (1 << 20)).toFixed(1)} MiB, ${result.crashes.length} crashes, ` +
    `${Math.round(result.inputs / (result.ms / 1000))} inputs/s, peak RSS ${result.peakRssMiB} MiB, heap growth ${result.heapGrowthMiB} MiB`,
);
for (const crash of result.crashes)
  console.error(`${crash.target}: ${crash.error}\n  input: ${crash.inputHex}`);
process.exit(result.crashes.length === 0 && result.heapGrowthMiB < 16 ? 0 : 1);
