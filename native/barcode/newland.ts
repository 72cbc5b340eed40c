/**
 * Newland command mode (FM430/NLS-EM family "serial command programming"):
 *   host:   7E 01 "0000" ('#' temporary | '@' saved) TAG SUB data ';' 03
 *   engine: 02 01 "0000" ('#' | '@') TAG SUB data (06 ACK | 15 NAK | 05 ENQ) ';' 03
 * Trigger: `01 54 04` (SOH 'T' EOT) starts a read, `01 50 04` (SOH 'P' EOT) stops it. Reads themselves
 * arrive as lines; the line parser passes `STX … ETX` frames here (`stxEtxReplies`).
 */
export const NEWLAND_TRIGGER_ON = Uint8Array.of(0x01, 0x54, 0x04);
export const NEWLAND_TRIGGER_OFF = Uint8Array.of(0x01, 0x50, 0x04);

export type NewlandPersistence = 'temporary' | 'saved';
export type NewlandStatus = 'ack' | 'nak' | 'enq';

/** `SCNMOD0`, `GRBENA1`…: three-letter tag, three-letter subtag, then data. */
export function encodeNewlandCommand(
  command: string,
  persistence: NewlandPersistence = 'temporary',
): Uint8Array {
  if (!/^[A-Z0-9]{6}[\x20-\x3a\x3c-\x7e]*$/.test(command)) {
    throw new Error(`not a Newland command: ${JSON.stringify(command)}`);
  }
  const body = `0000${persistence === 'temporary' ? '#' : '@'}${command};`;
  return Uint8Array.of(0x7e, 0x01, ...new TextEncoder().encode(body), 0x03);
}

export interface NewlandReply {
  command: string;
  status: NewlandStatus;
  persistence: NewlandPersistence;
}

const STATUS: Record<number, NewlandStatus> = { 0x06: 'ack', 0x15: 'nak', 0x05: 'enq' };

/** Decodes an engine reply frame (STX … ETX); undefined when it is not one. */
export function decodeNewlandReply(bytes: Uint8Array): NewlandReply | undefined {
  // 02 01 '0000' mode TAGSUB(6) … status ';' 03 → at least 14 bytes.
  if (bytes.length < 14 || bytes[0] !== 0x02 || bytes[1] !== 0x01 || bytes[bytes.length - 1] !== 0x03)
    return undefined;
  if (String.fromCharCode(...bytes.subarray(2, 6)) !== '0000') return undefined;
  const mode = bytes[6];
  const persistence: NewlandPersistence | undefined =
    mode === 0x23 ? 'temporary' : mode === 0x40 ? 'saved' : undefined;
  if (!persistence) return undefined;
  if (bytes[bytes.length - 2] !== 0x3b) return undefined;
  const status = STATUS[bytes[bytes.length - 3]!];
  if (!status) return undefined;
  const body = bytes.subarray(7, bytes.length - 3);
  for (const b of body) if (b < 0x20 || b > 0x7e) return undefined;
  return { command: String.fromCharCode(...body), status, persistence };
}
