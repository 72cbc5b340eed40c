/**
 * Honeywell serial command set (N3680/Xenon/Voyager guides): `SYN M CR` + menu commands, `SYN T CR` /
 * `SYN U CR` for the serial trigger. A menu command is `TAGSUBdata` terminated by `!` (temporary, lost at
 * power-off) or `.` (saved); several may be joined with `;`. The engine answers by echoing each command
 * with a status byte before the terminator: ACK (accepted), ENQ (unknown tag/subtag), NAK (bad value).
 */
const SYN = 0x16;
const CR = 0x0d;

export const HONEYWELL_TRIGGER_ON = Uint8Array.of(SYN, 0x54, CR);
export const HONEYWELL_TRIGGER_OFF = Uint8Array.of(SYN, 0x55, CR);

export type MenuPersistence = 'temporary' | 'saved';
export type MenuStatus = 'ack' | 'enq' | 'nak';

/** Encodes one or more menu commands (`BEPLVL2`, `TRGMOD0`, …) as one frame. */
export function encodeMenuCommand(
  commands: string | string[],
  persistence: MenuPersistence = 'temporary',
): Uint8Array {
  const list = Array.isArray(commands) ? commands : [commands];
  for (const command of list) {
    if (!/^[A-Z0-9]{6}[\x20-\x7e]*$/.test(command) || /[;!.]/.test(command)) {
      throw new Error(`not a Honeywell menu command: ${JSON.stringify(command)}`);
    }
  }
  const body = list.join(';') + (persistence === 'temporary' ? '!' : '.');
  return Uint8Array.of(SYN, 0x4d, CR, ...new TextEncoder().encode(body));
}

export interface MenuReply {
  /** One entry per command in the frame, in order. */
  results: Array<{ command: string; status: MenuStatus }>;
  persistence: MenuPersistence;
}

const STATUS: Record<number, MenuStatus> = { 0x06: 'ack', 0x05: 'enq', 0x15: 'nak' };

/** Decodes a reply frame as the line parser hands it over (`honeywellReplies`); undefined if malformed. */
export function decodeMenuReply(bytes: Uint8Array): MenuReply | undefined {
  if (bytes.length < 2) return undefined;
  const last = bytes[bytes.length - 1];
  const persistence: MenuPersistence | undefined =
    last === 0x21 ? 'temporary' : last === 0x2e ? 'saved' : undefined;
  if (!persistence) return undefined;
  const results: MenuReply['results'] = [];
  let start = 0;
  for (let i = 0; i < bytes.length - 1; i++) {
    const status = STATUS[bytes[i]!];
    if (!status) continue;
    const command = String.fromCharCode(...bytes.subarray(start, i));
    results.push({ command, status });
    // The next command follows a `;` separator.
    start = i + 1 < bytes.length - 1 && bytes[i + 1] === 0x3b ? i + 2 : i + 1;
    if (bytes[i + 1] === 0x3b) i++;
  }
  if (results.length === 0) return undefined;
  return { results, persistence };
}

/** A good-read beep the engine can give on the kiosk's result (menu `BEPEXE` on N-series engines). */
export const HONEYWELL_BEEP = Uint8Array.of(SYN, 0x07, CR);
