/**
 * Fuzzes every device parser with random and mutated inputs (seeded from `corpus/`), split into random
 * chunks. A crash is any exception out of a parser; every parser's buffers must stay bounded, so memory
 * is checked after the run. Deterministic for a given seed.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { LineParser, type Terminator } from '../../native/barcode/line-parser.js';
import { SsiParser, ssiDecodeToRead } from '../../native/barcode/zebra-ssi.js';
import { SsiProtocol } from '../../native/barcode/ssi-protocol.js';
import { decodeMenuReply } from '../../native/barcode/honeywell-serial.js';
import { decodeNewlandReply } from '../../native/barcode/newland.js';
import { HidPosParser } from '../../native/barcode/hid-pos.js';
import { LcusReplyParser } from '../../native/relay/lcus.js';
import { decodeDcttechStatus } from '../../native/relay/dcttech.js';

const CORPUS_DIR = fileURLToPath(new URL('./corpus/', import.meta.url));

export interface FuzzResult {
  inputs: number;
  bytes: number;
  crashes: Array<{ target: string; error: string; inputHex: string }>;
  ms: number;
  peakRssMiB: number;
  /** Heap after the run minus heap before, after GC where available (MiB). */
  heapGrowthMiB: number;
}

/** xorshift32: small, seeded, fast. */
function rng(seed: number): () => number {
  let x = seed >>> 0 || 1;
  return () => {
    x ^= x << 13;
    x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5;
    x >>>= 0;
    return x / 0x1_0000_0000;
  };
}

export function loadCorpus(): Map<string, Uint8Array[]> {
  const corpus = new Map<string, Uint8Array[]>();
  for (const file of readdirSync(CORPUS_DIR).filter((f) => f.endsWith('.hex'))) {
    const inputs = readFileSync(join(CORPUS_DIR, file), 'utf8')
      .split('\n')
      .filter((line) => line.trim() && !line.startsWith('#'))
      .map((line) =>
        Uint8Array.from(
          line
            .trim()
            .split(/\s+/)
            .map((h) => parseInt(h, 16)),
        ),
      );
    corpus.set(file.replace(/\.hex$/, ''), inputs);
  }
  return corpus;
}

function mutate(input: Uint8Array, random: () => number): Uint8Array {
  const bytes = [...input];
  const edits = 1 + Math.floor(random() * 4);
  for (let e = 0; e < edits; e++) {
    const at = Math.floor(random() * (bytes.length + 1));
    switch (Math.floor(random() * 6)) {
      case 0:
        if (bytes.length) bytes[at % bytes.length]! ^= 1 << Math.floor(random() * 8);
        break;
      case 1:
        bytes.splice(at, 0, Math.floor(random() * 256));
        break;
      case 2:
        bytes.splice(at, 1 + Math.floor(random() * 4));
        break;
      case 3:
        // A byte that means something to one of the protocols (NUL, CR, LF, STX, ETX, ACK, '!', LCUS, SSI).
        bytes.splice(
          at,
          0,
          [0x00, 0x0d, 0x0a, 0x02, 0x03, 0x06, 0x21, 0xa0, 0xff, 0xf3][Math.floor(random() * 10)]!,
        );
        break;
      case 4: {
        const from = Math.floor(random() * (bytes.length + 1));
        bytes.splice(at, 0, ...bytes.slice(from, from + 1 + Math.floor(random() * 16)));
        break;
      }
      case 5:
        if (bytes.length)
          bytes[at % bytes.length] = [0x00, 0xff, 0x80, 0xc3, 0x0d][Math.floor(random() * 5)]!;
        break;
    }
  }
  return Uint8Array.from(bytes);
}

function randomBytes(random: () => number, max: number): Uint8Array {
  const out = new Uint8Array(Math.floor(random() * max));
  for (let i = 0; i < out.length; i++) out[i] = Math.floor(random() * 256);
  return out;
}

function chunked(input: Uint8Array, random: () => number): Uint8Array[] {
  const chunks: Uint8Array[] = [];
  let i = 0;
  while (i < input.length) {
    const n = 1 + Math.floor(random() * Math.min(64, input.length - i));
    chunks.push(input.subarray(i, i + n));
    i += n;
  }
  return chunks;
}

interface Target {
  name: string;
  corpus: string;
  feed(input: Uint8Array, random: () => number, clock: { t: number }): void;
}

const TERMINATORS: Terminator[] = ['CR', 'LF', 'CRLF', 'none'];

/** Long-lived parsers (state carried across inputs, as on a real line) plus the pure decoders. */
function targets(): Target[] {
  const lines = TERMINATORS.map(
    (terminator, i) =>
      new LineParser({ terminator, aimIds: i % 2 === 0, honeywellReplies: i === 0, stxEtxReplies: i === 1 }),
  );
  const ssi = new SsiParser();
  const session = new SsiProtocol({ ackTimeoutMs: 1 });
  session.attach({ write: async () => {}, read: () => {}, error: () => {} });
  const hidHoneywell = new HidPosParser('honeywell');
  const hidNewland = new HidPosParser('newland');
  const lcus = new LcusReplyParser();
  const advance = (clock: { t: number }, random: () => number) => (clock.t += Math.floor(random() * 120));
  return [
    {
      name: 'line',
      corpus: 'line',
      feed(input, random, clock) {
        for (const parser of lines) {
          for (const chunk of chunked(input, random)) parser.push(chunk, advance(clock, random));
          parser.flush(advance(clock, random));
          for (const r of [...parser.push(Uint8Array.of(0x0d, 0x0a), clock.t)])
            if (r.kind === 'read') decodeMenuReply(new TextEncoder().encode(r.read.text));
        }
        decodeMenuReply(input);
        decodeNewlandReply(input);
      },
    },
    {
      name: 'zebra-ssi',
      corpus: 'ssi',
      feed(input, random, clock) {
        for (const chunk of chunked(input, random)) {
          for (const event of ssi.push(chunk, advance(clock, random)))
            if (event.kind === 'frame') ssiDecodeToRead(event.frame.data);
          session.onBytes(chunk, clock.t);
        }
      },
    },
    {
      name: 'hid-pos',
      corpus: 'hid-honeywell',
      feed(input, random, clock) {
        hidHoneywell.push(input, advance(clock, random));
        hidNewland.push(input, clock.t);
        hidHoneywell.flush(advance(clock, random));
        hidNewland.flush(clock.t);
      },
    },
    {
      name: 'hid-pos-newland',
      corpus: 'hid-newland',
      feed(input, random, clock) {
        hidNewland.push(input, advance(clock, random));
        hidNewland.flush(advance(clock, random));
      },
    },
    {
      name: 'lcus',
      corpus: 'lcus',
      feed(input, random) {
        for (const chunk of chunked(input, random)) lcus.push(chunk);
        decodeDcttechStatus(input);
      },
    },
  ];
}

function gc(): void {
  (globalThis as { gc?: () => void }).gc?.();
}

/** Runs `iterations` inputs spread over every target; about 1 in 20,000 is a 1 MB blob. */
export function runFuzz(iterations: number, seed = 0x9e3779b9): FuzzResult {
  const random = rng(seed);
  const corpus = loadCorpus();
  const all = targets();
  const clock = { t: 0 };
  const crashes: FuzzResult['crashes'] = [];
  gc();
  const heapBefore = process.memoryUsage().heapUsed;
  let peakRss = process.memoryUsage().rss;
  let bytes = 0;
  const started = performance.now();
  for (let i = 0; i < iterations; i++) {
    const target = all[i % all.length]!;
    const seeds = corpus.get(target.corpus) ?? [];
    const pick = random();
    let input: Uint8Array;
    if (pick < 0.00005) input = randomBytes(random, 1 << 20).fill(0x41);
    else if (pick < 0.4 || seeds.length === 0) input = randomBytes(random, 300);
    else input = mutate(seeds[Math.floor(random() * seeds.length)]!, random);
    bytes += input.length;
    try {
      target.feed(input, random, clock);
    } catch (error) {
      if (crashes.length < 20) {
        crashes.push({
          target: target.name,
          error: error instanceof Error ? (error.stack ?? error.message) : String(error),
          inputHex: Buffer.from(input.subarray(0, 256)).toString('hex'),
        });
      }
    }
    if ((i & 0x3ff) === 0) peakRss = Math.max(peakRss, process.memoryUsage().rss);
  }
  const ms = performance.now() - started;
  gc();
  const heapAfter = process.memoryUsage().heapUsed;
  peakRss = Math.max(peakRss, process.memoryUsage().rss);
  const mib = (n: number) => Math.round((n / (1 << 20)) * 100) / 100;
  return {
    inputs: iterations,
    bytes,
    crashes,
    ms,
    peakRssMiB: mib(peakRss),
    heapGrowthMiB: mib(heapAfter - heapBefore),
  };
}
