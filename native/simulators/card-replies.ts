/** Status words and helpers the virtual cards answer with. */
export const OK = Buffer.from([0x90, 0x00]);
export const FILE_NOT_FOUND = Buffer.from([0x6a, 0x82]);
export const INS_NOT_SUPPORTED = Buffer.from([0x6d, 0x00]);

export function reply(data: Uint8Array, sw = 0x9000): Buffer {
  return Buffer.concat([data, Buffer.from([sw >> 8, sw & 0xff])]);
}

export function sw(word: number): Buffer {
  return Buffer.from([word >> 8, word & 0xff]);
}

/** The data field of a short command APDU (CLA INS P1 P2 Lc data [Le]); empty when there is none. */
export function commandData(apdu: Buffer): Buffer {
  if (apdu.length <= 5) return Buffer.alloc(0);
  const lc = apdu[4]!;
  return apdu.subarray(5, 5 + lc);
}

export function isSelect(apdu: Buffer, aid: Buffer): boolean {
  return apdu[0] === 0x00 && apdu[1] === 0xa4 && apdu[2] === 0x04 && commandData(apdu).equals(aid);
}

/** ATR with TCK: 3B 8n 80 01 ‖ historical bytes ‖ XOR check (PC/SC part 3 contactless form). */
export function contactlessAtr(historical: Buffer): Buffer {
  const head = Buffer.from([0x3b, 0x80 | historical.length, 0x80, 0x01]);
  const body = Buffer.concat([head, historical]);
  let tck = 0;
  for (const b of body.subarray(1)) tck ^= b;
  return Buffer.concat([body, Buffer.from([tck])]);
}

export const OSE_AID = Buffer.from('OSE.VAS.01', 'ascii');
export const SMART_TAP_AID = Buffer.from('a000000476d0000111', 'hex');
