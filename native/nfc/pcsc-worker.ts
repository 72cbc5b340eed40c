/**
 * The PC/SC reader process (a child of the kiosk). nfc-pcsc runs here, never in the kiosk's own process:
 * its native context call spins at 100 % CPU while pcscd is unreachable, and the kiosk must never stall.
 * The parent checks the pcscd socket before starting this process, watches its heartbeat, kills it when
 * it goes quiet and restarts it with back-off. Everything crossing the IPC channel is zod-validated.
 */
import { createRequire } from 'node:module';
import { CardTransportError, type CardChannel } from './card-channel.js';
import { readCard } from './card-session.js';
import { acr122EcpCommand } from './ecp.js';
import { loadP256PrivateKey } from './keys.js';
import type { CardSessionConfig } from './session-config.js';
import { describeIssues, ParentMessage, type ReaderSettings, type WorkerMessage } from './worker-protocol.js';

/** The parts of nfc-pcsc this process uses (it ships no types). */
interface PcscReader {
  name: string;
  autoProcessing: boolean;
  card: unknown;
  transmit(data: Buffer, responseMaxLength: number): Promise<Buffer>;
  connect(mode: 'CONNECT_MODE_DIRECT' | 'CONNECT_MODE_CARD'): Promise<unknown>;
  disconnect(): Promise<unknown>;
  control(data: Buffer, responseMaxLength: number): Promise<Buffer>;
  close(): void;
  on(event: 'card', listener: (card: { atr?: Buffer }) => void): void;
  on(event: 'card.off' | 'end', listener: () => void): void;
  on(event: 'error', listener: (err: Error) => void): void;
}
/** nfc-pcsc's logger: silent unless GATEPOST_NFC_DEBUG is set (then to stderr; APDUs may show, keys never do). */
const debugLog = (...args: unknown[]) =>
  process.stderr.write(
    `nfc-pcsc: ${args.map((a) => (Buffer.isBuffer(a) ? a.toString('hex') : typeof a === 'object' ? JSON.stringify(a) : String(a))).join(' ')}\n`,
  );
const nfcLogger = process.env.GATEPOST_NFC_DEBUG
  ? { log: debugLog, debug: debugLog, info: debugLog, warn: debugLog, error: debugLog }
  : undefined;

interface PcscNfc {
  on(event: 'reader', listener: (reader: PcscReader) => void): void;
  on(event: 'error', listener: (err: Error) => void): void;
}

const HEARTBEAT_MS = 200;
const MAX_REPLY = 4096;

function send(message: WorkerMessage): void {
  process.send?.(message);
}

function exitSoon(code: number): void {
  // Let the IPC channel flush the last message first.
  setTimeout(() => process.exit(code), 50).unref();
}

let settings: ReaderSettings | undefined;
let session: CardSessionConfig | undefined;
let started = false;

function toSession(s: ReaderSettings): CardSessionConfig {
  return {
    apple: s.apple.map((a) => ({
      passTypeId: a.passTypeId,
      keys: a.keys.map((k) => loadP256PrivateKey(Buffer.from(k, 'base64'))),
    })),
    google: s.google.map((g) => ({
      collectorId: g.collectorId,
      keyVersion: g.keyVersion,
      key: loadP256PrivateKey(Buffer.from(g.key, 'base64')),
    })),
    uidAsToken: s.uidAsToken,
    ndefAsToken: s.ndefAsToken,
    freshnessSeconds: s.freshnessSeconds,
    now: () => Date.now(),
  };
}

function wanted(name: string): boolean {
  if (!settings || settings.readers === 'all') return true;
  const lower = name.toLowerCase();
  return settings.readers.some((s) => lower.includes(s.toLowerCase()));
}

function loadNfcPcsc(): { NFC: new (logger?: object) => PcscNfc } | string {
  try {
    const require = createRequire(import.meta.url);
    return require(process.env.GATEPOST_PCSC_MODULE || 'nfc-pcsc') as {
      NFC: new (logger?: object) => PcscNfc;
    };
  } catch (err) {
    return err instanceof Error ? err.message.split('\n')[0]!.slice(0, 300) : 'cannot load nfc-pcsc';
  }
}

function withTimeout(reader: PcscReader, apdu: Buffer, ms: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new CardTransportError('timeout', `no answer within ${ms} ms`)),
      ms,
    );
    const done = (fn: () => void) => {
      clearTimeout(timer);
      fn();
    };
    let pending: Promise<Buffer>;
    try {
      pending = reader.transmit(apdu, MAX_REPLY);
    } catch {
      // nfc-pcsc throws synchronously once the card is gone.
      done(() => reject(new CardTransportError('removed', 'no card in the field')));
      return;
    }
    pending.then(
      (reply) => done(() => resolve(reply)),
      (err: unknown) =>
        done(() =>
          reject(
            new CardTransportError(
              reader.card ? 'failed' : 'removed',
              err instanceof Error ? err.message.slice(0, 200) : 'transmit failed',
            ),
          ),
        ),
    );
  });
}

/**
 * EXPERIMENTAL, untested on hardware: while an ACR122U has no card, send Apple's ECP frame every 400 ms
 * (direct connection, Direct Transmit, disconnect). Stops for the reader after 3 failures in a row.
 */
function pollEcp(reader: PcscReader): void {
  let failures = 0;
  const timer = setInterval(() => {
    if (!settings?.acr122Ecp || reader.card) return;
    void (async () => {
      try {
        await reader.connect('CONNECT_MODE_DIRECT');
        await reader.control(acr122EcpCommand(), 64);
        await reader.disconnect();
        failures = 0;
      } catch (err) {
        if (++failures >= 3) {
          clearInterval(timer);
          const why = err instanceof Error ? err.message.slice(0, 200) : 'failed';
          send({ type: 'reader', name: reader.name, state: 'error', message: `ECP polling stopped: ${why}` });
        }
      }
    })();
  }, 400);
  reader.on('end', () => clearInterval(timer));
}

function attach(reader: PcscReader): void {
  if (!wanted(reader.name)) {
    send({ type: 'reader', name: reader.name, state: 'ignored' });
    return;
  }
  reader.autoProcessing = false;
  send({ type: 'reader', name: reader.name, state: 'attached' });
  reader.on('card', (card) => {
    const seenAt = performance.now();
    const atr = Buffer.isBuffer(card.atr) ? card.atr : undefined;
    send({ type: 'card', reader: reader.name, atr: atr ? atr.subarray(0, 66).toString('hex') : '' });
    const config = session;
    if (!config || !settings) return;
    const timeoutMs = settings.apduTimeoutMs;
    const channel: CardChannel = { transmit: (apdu) => withTimeout(reader, apdu, timeoutMs) };
    void readCard(channel, config, atr).then((outcome) => {
      send({
        type: 'read',
        reader: reader.name,
        ageMs: performance.now() - seenAt,
        apdus: outcome.apdus,
        apduMs: outcome.apduMs,
        read: outcome.read,
      });
    });
  });
  reader.on('card.off', () => send({ type: 'card-off', reader: reader.name }));
  if (/acr122/i.test(reader.name)) pollEcp(reader);
  reader.on('error', (err) =>
    send({ type: 'reader', name: reader.name, state: 'error', message: err.message.slice(0, 300) }),
  );
  reader.on('end', () => send({ type: 'reader', name: reader.name, state: 'detached' }));
}

function start(): void {
  const lib = loadNfcPcsc();
  if (typeof lib === 'string') {
    send({ type: 'fatal', code: 'NFC-NO-PCSC-LIB', message: `nfc-pcsc cannot be loaded: ${lib}` });
    exitSoon(3);
    return;
  }
  const nfc = new lib.NFC(nfcLogger);
  nfc.on('reader', attach);
  // After a PC/SC error (pcscd stopped or restarted) this context never recovers: exit, the parent restarts us.
  nfc.on('error', (err) => {
    send({ type: 'fatal', code: 'NFC-PCSC-ERROR', message: err.message.slice(0, 300) });
    exitSoon(2);
  });
  send({ type: 'ready' });
}

process.on('message', (raw: unknown) => {
  const parsed = ParentMessage.safeParse(raw);
  if (!parsed.success) {
    process.stderr.write(`pcsc-worker: ignored an invalid message (${describeIssues(parsed.error)})\n`);
    return;
  }
  const msg = parsed.data;
  if (msg.type === 'shutdown') {
    exitSoon(0);
    return;
  }
  try {
    session = toSession(msg.settings);
    settings = msg.settings;
  } catch (err) {
    process.stderr.write(
      `pcsc-worker: settings refused: ${err instanceof Error ? err.message : 'invalid'}\n`,
    );
    return;
  }
  if (!started) {
    started = true;
    start();
  }
});

// Orphaned (the kiosk died or closed the channel): leave at once, releasing the readers.
process.on('disconnect', () => process.exit(0));
setInterval(() => send({ type: 'heartbeat' }), HEARTBEAT_MS);
