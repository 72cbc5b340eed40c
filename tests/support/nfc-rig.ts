import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseNfcConfig } from '../../electron/core/devices/nfc-config.js';
import {
  NfcScanSource,
  type NfcReadFailure,
  type NfcScanSourceOptions,
} from '../../electron/core/devices/nfc-scan-source.js';
import type { ScanInput } from '../../electron/core/scan/scan-input.js';
import { VpcdCard, type VirtualCard } from '../../native/simulators/vpcd-card.js';
import { testKeyPair, type TestKeyPair } from './nfc-test-keys.js';

export const PASS_TYPE_ID = 'pass.com.example.tickets';
export const COLLECTOR_ID = 12345678;

/** Test keys for one run, written as PEM files into a temp dir the rig removes. */
export class KeyDir {
  readonly dir = mkdtempSync(join(tmpdir(), 'gatepost-nfc-keys-'));
  readonly apple: TestKeyPair = testKeyPair();
  readonly collector: TestKeyPair = testKeyPair();
  readonly appleFile = this.write('apple.pem', this.apple.pem);
  readonly collectorFile = this.write('collector.pem', this.collector.pem);

  write(name: string, text: string): string {
    const file = join(this.dir, name);
    writeFileSync(file, text, { mode: 0o600 });
    return file;
  }

  remove(): void {
    rmSync(this.dir, { recursive: true, force: true });
  }
}

export async function waitFor(check: () => boolean, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

export type RigEvent = { read: ScanInput } | { failure: NfcReadFailure };

/** A running NfcScanSource with everything it emitted recorded, in order. */
export class SourceRig {
  readonly events: RigEvent[] = [];
  /** performance.now() at which each event was emitted (same index as `events`), for the benchmark. */
  readonly emittedAt: number[] = [];
  readonly source: NfcScanSource;
  /** Readers with a card in the field right now (as pcscd reports it). */
  readonly cardsPresent = new Set<string>();
  private readonly abort = new AbortController();

  constructor(config: Record<string, unknown>, extra: Partial<NfcScanSourceOptions> = {}) {
    this.source = new NfcScanSource({
      config: parseNfcConfig({ enabled: true, ...config }),
      backoffMinMs: 100,
      backoffMaxMs: 500,
      ...extra,
    });
    this.source.onReadFailure((failure) => this.record({ failure }));
    this.source.onCardPresence((reader, present) => {
      if (present) this.cardsPresent.add(reader);
      else this.cardsPresent.delete(reader);
    });
  }

  private record(event: RigEvent): void {
    this.events.push(event);
    this.emittedAt.push(performance.now());
  }

  async start(waitConnected = true): Promise<void> {
    await this.source.start((read) => this.record({ read }), this.abort.signal);
    if (waitConnected)
      await waitFor(() => this.source.health().state === 'connected', 10_000, 'the NFC source to connect');
  }

  /**
   * Puts `card` on the reader at `port`, waits for the read or failure it causes, takes the card away and
   * waits until pcscd has seen it go (a card put down before that would look like the same card).
   */
  async tap(card: VirtualCard, port = 35963): Promise<RigEvent> {
    const before = this.events.length;
    const vcard = await VpcdCard.insert(card, port);
    try {
      await waitFor(() => this.events.length > before, 10_000, 'a read from the tapped card');
    } finally {
      if (vcard.isInserted) await vcard.remove();
    }
    await waitFor(() => this.cardsPresent.size === 0, 5_000, 'pcscd to see the card leave');
    return this.events[before]!;
  }

  async stop(): Promise<void> {
    this.abort.abort();
    await this.source.close();
  }
}
