/**
 * Fuzzing of the NFC parsers and the whole card session with malformed input: mutated real captures and
 * simulator output (the seed corpus in nfc-corpus.json), truncations, length-field lies, random bytes.
 * A "crash" is any exception other than NfcFormatError from a parser, or any exception at all from the
 * card session and the decrypt functions (they must turn everything into a result).
 *
 * Full run: `npx tsx tests/fuzz/nfc-fuzz.ts [iterations per family, default 100000]`.
 * A short run is part of `npm test` (tests/unit/nfc-fuzz.test.ts).
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseResponse } from '../../native/nfc/apdu.js';
import { parseTlv } from '../../native/nfc/ber-tlv.js';
import { NfcFormatError } from '../../native/nfc/bytes.js';
import { readCard } from '../../native/nfc/card-session.js';
import { loadP256PrivateKey } from '../../native/nfc/keys.js';
import { decodeTextRecord, decodeUriRecord, parseNdef } from '../../native/nfc/ndef.js';
import { ndefToken } from '../../native/nfc/plain-card.js';
import type { CardSessionConfig } from '../../native/nfc/session-config.js';
import { openRecordBundle } from '../../native/nfc/smart-tap/smart-tap-crypto.js';
import {
  extractPassValue,
  parseNegotiateResponse,
  parseServiceResponse,
  parseSmartTapSelect,
} from '../../native/nfc/smart-tap/smart-tap-protocol.js';
import { decryptVasCryptogram } from '../../native/nfc/vas/vas-crypto.js';
import { parseOseSelect, parseVasData } from '../../native/nfc/vas/vas-protocol.js';

export interface FuzzReport {
  family: string;
  iterations: number;
  crashes: { input: string; error: string }[];
}

/** Small deterministic PRNG (mulberry32): a failing input can be replayed from its seed. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function loadCorpus(): Record<'tlv' | 'ndef' | 'apdu', Buffer[]> {
  const file = fileURLToPath(new URL('./nfc-corpus.json', import.meta.url));
  const raw = JSON.parse(readFileSync(file, 'utf8')) as Record<
    'tlv' | 'ndef' | 'apdu',
    Record<string, string>
  >;
  const decode = (o: Record<string, string>) => Object.values(o).map((h) => Buffer.from(h, 'hex'));
  return { tlv: decode(raw.tlv), ndef: decode(raw.ndef), apdu: decode(raw.apdu) };
}

/** One malformed variant of a seed: flips, truncation, insertions, length-byte lies, splices, noise. */
export function mutate(seed: Buffer, rnd: () => number, corpus: Buffer[]): Buffer {
  const pick = (n: number) => Math.floor(rnd() * n);
  let b = Buffer.from(seed);
  const rounds = 1 + pick(4);
  for (let r = 0; r < rounds; r++) {
    switch (pick(8)) {
      case 0: // bit flip
        if (b.length) b[pick(b.length)]! ^= 1 << pick(8);
        break;
      case 1: // truncate
        b = b.subarray(0, pick(b.length + 1));
        break;
      case 2: // insert random bytes
        {
          const at = pick(b.length + 1);
          const ins = Buffer.from(Array.from({ length: 1 + pick(8) }, () => pick(256)));
          b = Buffer.concat([b.subarray(0, at), ins, b.subarray(at)]);
        }
        break;
      case 3: // delete a run
        {
          const at = pick(b.length + 1);
          b = Buffer.concat([b.subarray(0, at), b.subarray(at + 1 + pick(8))]);
        }
        break;
      case 4: // an interesting byte where lengths and tags live
        if (b.length)
          b[pick(Math.min(b.length, 12))] = [0x00, 0x7f, 0x80, 0x81, 0x82, 0x83, 0x84, 0xff, 0x1f, 0x9f][
            pick(10)
          ]!;
        break;
      case 5: // splice with another seed
        {
          const other = corpus[pick(corpus.length)]!;
          b = Buffer.concat([b.subarray(0, pick(b.length + 1)), other.subarray(pick(other.length + 1))]);
        }
        break;
      case 6: // pure noise
        b = Buffer.from(Array.from({ length: pick(300) }, () => pick(256)));
        break;
      default: {
        // duplicate a run (nested structures, repeated records)
        const at = pick(b.length + 1);
        b = Buffer.concat([b.subarray(0, at), b.subarray(at, at + pick(32)), b.subarray(at)]);
      }
    }
  }
  return b;
}

function parserCrash(fn: () => unknown): string | undefined {
  try {
    fn();
    return undefined;
  } catch (err) {
    if (err instanceof NfcFormatError) return undefined;
    return err instanceof Error ? `${err.name}: ${err.message}` : String(err);
  }
}

const ZERO_KEYS = { aesKey: Buffer.alloc(16), hmacKey: Buffer.alloc(32) };

/** TLV inputs through every TLV-consuming parser. */
export function fuzzTlv(iterations: number, seed: number): FuzzReport {
  const corpus = loadCorpus().tlv;
  const rnd = prng(seed);
  const crashes: FuzzReport['crashes'] = [];
  for (let i = 0; i < iterations; i++) {
    const input = mutate(corpus[i % corpus.length]!, rnd, corpus);
    for (const fn of [() => parseTlv(input), () => parseOseSelect(input), () => parseVasData(input)]) {
      const crash = parserCrash(fn);
      if (crash) crashes.push({ input: input.toString('hex'), error: crash });
    }
  }
  return { family: 'BER-TLV', iterations, crashes };
}

/** NDEF inputs through the NDEF, Smart Tap and tag parsers (and the bundle opener). */
export function fuzzNdef(iterations: number, seed: number): FuzzReport {
  const corpus = loadCorpus().ndef;
  const rnd = prng(seed);
  const crashes: FuzzReport['crashes'] = [];
  for (let i = 0; i < iterations; i++) {
    const input = mutate(corpus[i % corpus.length]!, rnd, corpus);
    const fns = [
      () => parseNdef(input),
      () => parseSmartTapSelect(input),
      () => parseNegotiateResponse(input),
      () => parseServiceResponse(input),
      () => extractPassValue(input),
      () => ndefToken(input),
      () => decodeTextRecord(input),
      () => decodeUriRecord(input),
      () => openRecordBundle(input[0] ?? 0, input, ZERO_KEYS),
    ];
    for (const fn of fns) {
      const crash = parserCrash(fn);
      if (crash && !crash.startsWith('SmartTapMacError'))
        crashes.push({ input: input.toString('hex'), error: crash });
    }
  }
  return { family: 'NDEF', iterations, crashes };
}

/**
 * APDU replies: a whole card session against a card answering every command with a mutated reply, and
 * each reply through parseResponse and the VAS decrypt. Nothing here may throw.
 */
export async function fuzzApduReplies(iterations: number, seed: number): Promise<FuzzReport> {
  const corpus = loadCorpus().apdu;
  const rnd = prng(seed);
  const crashes: FuzzReport['crashes'] = [];
  const key = loadP256PrivateKey(Buffer.alloc(32, 7));
  const config: CardSessionConfig = {
    apple: [{ passTypeId: 'pass.fuzz', keys: [key] }],
    google: [{ collectorId: '1', keyVersion: 1, key }],
    uidAsToken: true,
    ndefAsToken: true,
    freshnessSeconds: 300,
    now: () => Date.now(),
  };
  // Recorded sessions (sim-iphone-0, sim-iphone-1, …): step n of a fuzzed session answers with the
  // mutated reply of step n of a real session, so the session gets past SELECT into the deeper parsers.
  const raw = JSON.parse(
    readFileSync(fileURLToPath(new URL('./nfc-corpus.json', import.meta.url)), 'utf8'),
  ) as {
    apdu: Record<string, string>;
  };
  const sessions = new Map<string, Buffer[]>();
  for (const [name, hex] of Object.entries(raw.apdu)) {
    const base = name.replace(/-\d+$/, '');
    sessions.set(base, [...(sessions.get(base) ?? []), Buffer.from(hex, 'hex')]);
  }
  const scripts = [...sessions.entries()];
  for (let i = 0; i < iterations; i++) {
    const replies: Buffer[] = [];
    const [name, script] = scripts[i % scripts.length]!;
    // Tags present a storage-card ATR (no wallet SELECT); phones a plain ISO 14443-4 one.
    const atr = name.includes('ntag')
      ? Buffer.from('3b8f8001804f0ca0000003060300030000000068', 'hex')
      : undefined;
    const channel = {
      transmit: async () => {
        const step = script[replies.length] ?? corpus[Math.floor(rnd() * corpus.length)]!;
        const body = rnd() < 0.5 ? mutate(step, rnd, corpus) : step;
        const sw =
          rnd() < 0.7
            ? 0x9000
            : [0x9100, 0x6a83, 0x6287, 0x9500, 0x9001, 0x6a82, 0x9302][Math.floor(rnd() * 7)]!;
        const reply = rnd() < 0.05 ? body : Buffer.concat([body, Buffer.from([sw >> 8, sw & 0xff])]);
        replies.push(reply);
        return reply;
      },
    };
    try {
      const outcome = await readCard(channel, config, atr);
      if (outcome.apdus > 64)
        crashes.push({
          input: replies.map((r) => r.toString('hex')).join(' '),
          error: `session ran ${outcome.apdus} APDUs`,
        });
    } catch (err) {
      crashes.push({
        input: replies.map((r) => r.toString('hex')).join(' '),
        error: `readCard threw: ${String(err)}`,
      });
    }
    const reply = replies[0] ?? Buffer.alloc(0);
    const crash = parserCrash(() => parseResponse(reply));
    if (crash) crashes.push({ input: reply.toString('hex'), error: crash });
    try {
      decryptVasCryptogram({
        cryptogram: reply,
        passTypeId: 'pass.fuzz',
        keys: [key],
        nowMs: Date.now(),
        freshnessSeconds: 0,
      });
    } catch (err) {
      crashes.push({ input: reply.toString('hex'), error: `decryptVasCryptogram threw: ${String(err)}` });
    }
  }
  return { family: 'APDU replies (card session)', iterations, crashes };
}

async function main(): Promise<void> {
  const iterations = Number(process.argv[2] ?? 100_000);
  const seed = Number(process.argv[3] ?? 20260601);
  let failed = false;
  for (const run of [
    () => fuzzTlv(iterations, seed),
    () => fuzzNdef(iterations, seed + 1),
    () => fuzzApduReplies(iterations, seed + 2),
  ]) {
    const t0 = performance.now();
    const report = await run();
    const s = ((performance.now() - t0) / 1000).toFixed(1);
    console.log(`${report.family}: ${report.iterations} inputs, ${report.crashes.length} crashes (${s} s)`);
    for (const c of report.crashes.slice(0, 5))
      console.log(`  ${c.error}\n    input ${c.input.slice(0, 200)}`);
    if (report.crashes.length > 0) failed = true;
  }
  process.exitCode = failed ? 1 : 0;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) await main();
